"""Synthetic people with valid citizen numbers (check digit and region code), made up from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric

# Administrative division codes (public, not personal): the districts of the seeds' cities.
REGIONS = {
    "foshan": ["440604", "440605", "440606", "440607", "440608"],
    "shenzhen": ["440303", "440304", "440305", "440306", "440307", "440308"],
    "chongqing": ["500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113"],
    "zhejiang": ["330102", "330105", "330106", "330108", "330203"],
}
FALLBACK_REGION = "110101"  # Beijing Dongcheng: a code valid for every birth year
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷"
    "龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = "子涵欣怡梓轩浩宇雨桐思远嘉懿一诺俊熙若汐明哲语嫣博文佳琪天佑诗涵宇航晨曦可馨皓轩书瑶家豪依诺铭泽梦琪"


@dataclass(frozen=True)
class SyntheticPerson:
    name: str
    citizen_number: str
    birth_date: date
    gender: str
    phone: str


def citizen_number(region: str, birth: date, sequence: int, male: bool) -> str:
    """A citizen number with the right check digit; the sequence's parity carries the gender."""
    seq = sequence * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class PeopleFactory:
    def __init__(self, profile: str = "foshan", seed: int = 2026) -> None:
        self._rng = random.Random(seed)
        self._regions = REGIONS.get(profile, REGIONS["foshan"])
        self._used: set[str] = set()
        self._phones = 0

    def person(self, age: int, today: date, male: bool | None = None) -> SyntheticPerson:
        rng = self._rng
        is_male = rng.random() < 0.5 if male is None else male
        for attempt in range(1000):
            # Born between `age` and `age + 1` years ago, so the completed age is exactly `age`.
            start = date(today.year - age - 1, today.month, min(today.day, 28)) + timedelta(days=1)
            birth = start + timedelta(days=rng.randrange(360))
            # A district created recently (Chongqing's before 1997) has no code for older births.
            region = rng.choice(self._regions) if attempt < 20 else FALLBACK_REGION
            number = citizen_number(region, birth, rng.randrange(499), is_male)
            if number not in self._used and ric.is_valid(number):
                self._used.add(number)
                break
        else:
            raise RuntimeError("no unused synthetic citizen number left for this age")
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        self._phones += 1
        # 199 0000 xxxx: a synthetic-looking range, never someone's number from the seeds.
        phone = f"1990000{self._phones % 10000:04d}"
        return SyntheticPerson(rng.choice(SURNAMES) + given, number, birth, "M" if is_male else "F", phone)
