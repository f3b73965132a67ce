"""The 256-byte text block of each card kind, field by field, built here by hand (not by our encoder)."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.core.errors import DeskError
from devices.idcard.text_block import CardKind, IdCardRecord, encode_text_block, parse_text_block


def _block(fields: list[tuple[int, int, str]], flag: str = " ") -> bytes:
    block = bytearray(b" \x00" * 128)
    for offset, size, value in fields:
        raw = value.encode("utf-16-le")
        block[offset : offset + len(raw)] = raw
        assert len(raw) <= size
    block[248:250] = flag.encode("utf-16-le")
    return bytes(block)


def test_resident_id_card_field_by_field() -> None:
    block = _block(
        [
            (0, 30, "林晓雯"),
            (30, 2, "2"),
            (32, 4, "01"),
            (36, 16, "20030314"),
            (52, 70, "广东省佛山市禅城区示例路18号"),
            (122, 36, "440604200303142564"),
            (158, 30, "佛山市公安局禅城分局"),
            (188, 16, "20210520"),
            (204, 16, "20310520"),
        ]
    )
    record = parse_text_block(block, photo=b"W" * 1024)
    assert record.document_type is CardKind.RESIDENT_ID
    assert record.name == "林晓雯"
    assert record.gender == "女"
    assert record.ethnicity == "汉"
    assert record.birth_date == date(2003, 3, 14)
    assert record.address == "广东省佛山市禅城区示例路18号"
    assert record.id_number == "440604200303142564"
    assert record.issuer == "佛山市公安局禅城分局"
    assert record.valid_from == date(2021, 5, 20)
    assert record.valid_until == date(2031, 5, 20)
    assert record.photo_wlt == b"W" * 1024
    assert record.to_json()["ethnicity"] == "汉"


def test_long_term_validity_and_ethnic_names() -> None:
    block = _block(
        [
            (0, 30, "欧阳建国"),
            (30, 2, "1"),
            (32, 4, "08"),
            (36, 16, "19581102"),
            (122, 36, "110101195811020751"),
            (188, 16, "20120801"),
            (204, 16, "长期"),
        ]
    )
    record = parse_text_block(block)
    assert (record.gender, record.ethnicity, record.valid_until) == ("男", "壮", None)
    assert record.to_json()["valid_until"] == "long-term"


def test_hong_kong_macau_taiwan_residence_permit() -> None:
    block = _block(
        [
            (0, 30, "陈嘉明"),
            (30, 2, "1"),
            (36, 16, "19880709"),
            (52, 70, "广东省佛山市顺德区样例街3号"),
            (122, 36, "81000019880709005X"),
            (158, 30, "佛山市公安局"),
            (188, 16, "20220110"),
            (204, 16, "20270110"),
            (220, 18, "H01234567"),
            (238, 4, "01"),
        ],
        flag="J",
    )
    record = parse_text_block(block)
    assert record.document_type is CardKind.HK_MACAU_TAIWAN_PERMIT
    assert (record.pass_number, record.issue_count, record.ethnicity) == ("H01234567", "01", "")
    data = record.to_json()
    assert data["document_type"] == "hk_macau_taiwan_permit"
    assert data["pass_number"] == "H01234567"


def test_foreign_permanent_residence_card_2017_layout() -> None:
    block = _block(
        [
            (0, 120, "MARTIN, SARAH"),
            (120, 2, "2"),
            (122, 30, "CAN110085010101"),
            (152, 6, "CAN"),
            (158, 30, "马丁"),
            (188, 16, "20190401"),
            (204, 16, "20290401"),
            (220, 16, "19850101"),
            (236, 4, "02"),
            (240, 8, "1100"),
        ],
        flag="I",
    )
    record = parse_text_block(block)
    assert record.document_type is CardKind.FOREIGN_PERMANENT_RESIDENT
    assert (record.name, record.name_en, record.nationality) == ("马丁", "MARTIN, SARAH", "CAN")
    assert (record.id_number, record.birth_date, record.card_version) == ("CAN110085010101", date(1985, 1, 1), "02")
    assert record.issuer == "1100"
    data = record.to_json()
    assert {"name_en", "nationality", "card_version"} <= data.keys()


def test_foreign_permanent_residence_card_2023_layout_joins_the_long_english_name() -> None:
    long_name = "ERIKSSON-VANDERBILT, ANNA MARIA CHRISTINA"  # 41 characters: 35 + 6 in the continuation
    block = _block(
        [
            (0, 30, "安娜"),
            (30, 2, "2"),
            (32, 4, "00"),
            (36, 16, "19740812"),
            (52, 70, long_name[:35]),
            (122, 36, "912156197408120029"),
            (188, 16, "20240301"),
            (204, 16, "20340301"),
            (220, 22, long_name[35:]),
            (242, 6, "SWE"),
        ],
        flag="Y",
    )
    record = parse_text_block(block)
    assert record.name_en == long_name
    assert (record.card_version, record.nationality, record.renewals) == ("2023", "SWE", "00")
    assert record.issuer == "中华人民共和国国家移民管理局"


@pytest.mark.parametrize(
    ("fields", "flag", "message"),
    [
        ([(30, 2, "5"), (36, 16, "19900101")], " ", "性别代码"),
        ([(30, 2, "1"), (32, 4, "77"), (36, 16, "19900101")], " ", "民族代码"),
        ([(30, 2, "1"), (32, 4, "01"), (36, 16, "19901301")], " ", "出生日期"),
        ([(30, 2, "1")], "Q", "证件类型标识"),
    ],
)
def test_unreadable_fields_give_a_clear_message(fields: list[tuple[int, int, str]], flag: str, message: str) -> None:
    base = [(122, 36, "110101199001010011"), (188, 16, "20200101"), (204, 16, "20300101")]
    with pytest.raises(DeskError) as caught:
        parse_text_block(_block(base + fields, flag))
    assert message in caught.value.message("zh")


def test_a_block_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(DeskError, match="长度"):
        parse_text_block(b"\x00" * 100)


@pytest.mark.parametrize("index", range(5))
def test_the_emulators_encoding_parses_back_to_the_same_card(index: int) -> None:
    from devices.emulators.id_reader import load_cards
    from devices.manager import SAMPLE_CARDS

    card = load_cards(SAMPLE_CARDS)[index]
    assert parse_text_block(encode_text_block(card)) == card
    assert IdCardRecord.from_json(card.to_json()) == card
