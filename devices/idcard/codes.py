"""Code tables printed on the cards: sex (GB/T 2261.1) and ethnic group (GB/T 3304)."""

from __future__ import annotations

GENDERS = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

ETHNIC_GROUPS = {
    f"{i:02d}": name
    for i, name in enumerate(
        [
            "汉",
            "蒙古",
            "回",
            "藏",
            "维吾尔",
            "苗",
            "彝",
            "壮",
            "布依",
            "朝鲜",
            "满",
            "侗",
            "瑶",
            "白",
            "土家",
            "哈尼",
            "哈萨克",
            "傣",
            "黎",
            "傈僳",
            "佤",
            "畲",
            "高山",
            "拉祜",
            "水",
            "东乡",
            "纳西",
            "景颇",
            "柯尔克孜",
            "土",
            "达斡尔",
            "仫佬",
            "羌",
            "布朗",
            "撒拉",
            "毛南",
            "仡佬",
            "锡伯",
            "阿昌",
            "普米",
            "塔吉克",
            "怒",
            "乌孜别克",
            "俄罗斯",
            "鄂温克",
            "德昂",
            "保安",
            "裕固",
            "京",
            "塔塔尔",
            "独龙",
            "鄂伦春",
            "赫哲",
            "门巴",
            "珞巴",
            "基诺",
        ],
        start=1,
    )
} | {"97": "其他", "98": "外国血统中国籍人士"}

GENDER_CODES = {name: code for code, name in GENDERS.items()}
ETHNIC_CODES = {name: code for code, name in ETHNIC_GROUPS.items()}
