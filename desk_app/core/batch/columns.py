"""The columns of each profile's batch template and the names people actually type in their place."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desk_app.core.policy import Profile


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the template writes it
    required: bool
    aliases: tuple[str, ...] = ()


# Every column a list may bring, whatever the template: the reader finds the header by these names.
SCHOOL_COLUMNS = (
    Column("id_number", "身份证号码(必填)", True, ("身份证号", "证件号码", "学生身份证号", "公民身份号码")),
    Column("name", "姓名(必填)", True, ("学生姓名", "读者姓名")),
    Column("phone", "联系电话(必填)", True, ("电话", "手机", "手机号", "联系方式")),
    Column("guardian_name", "家长姓名", False, ("监护人姓名", "家长")),
    Column("guardian_phone", "家长联系电话", False, ("监护人电话", "家长电话", "监护人联系电话")),
)
# Kept when a school's own list has them: the class is checked against the school's class parameters.
SCHOOL_EXTRAS = (
    Column("class_name", "班级", False, ("年级班级", "学校班级")),
    Column("district", "所属区县名称", False, ("所属区县", "区县")),
)
# Foshan 6.1.3.1: a unit gives 姓名、相关有效证件类型及号码、联系方式 for each person.
DOCUMENT_TYPE_COLUMN = Column("doc_type", "证件类型(必填)", True, ("证件种类",))
UNIT_TEMPLATE_COLUMNS = (
    Column("name", "姓名(必填)", True, ("读者姓名",)),
    DOCUMENT_TYPE_COLUMN,
    Column("id_number", "证件号码(必填)", True, ("身份证号码", "身份证号", "公民身份号码")),
    Column("phone", "联系方式(必填)", True, ("联系电话", "电话", "手机", "手机号")),
)
# For a document whose number carries no birth date (a passport), the facts its check needs, when given.
UNIT_COLUMNS = (
    DOCUMENT_TYPE_COLUMN,
    Column("nationality", "国籍", False, ("国籍代码",)),
    Column("valid_until", "证件有效期", False, ("有效期至", "有效期")),
    Column("birth_date", "出生日期", False, ("出生年月日",)),
)
ALL_COLUMNS = (*SCHOOL_COLUMNS, *SCHOOL_EXTRAS, *UNIT_COLUMNS)


@dataclass(frozen=True)
class BatchTemplate:
    """A profile's list: the columns its seed asks for (the template holds exactly these), and the fields a
    row may be corrected in."""

    kind: str  # "school" (Chongqing seed 003 2.1.6) or "unit" (Foshan 6.1.3.1)
    columns: tuple[Column, ...]
    sheet_title: str

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def editable(self) -> tuple[str, ...]:
        extras = SCHOOL_EXTRAS if self.kind == "school" else UNIT_COLUMNS[1:]
        return tuple(dict.fromkeys(c.key for c in (*self.columns, *extras)))


SCHOOL_TEMPLATE = BatchTemplate("school", SCHOOL_COLUMNS, "学生信息")
UNIT_TEMPLATE = BatchTemplate("unit", UNIT_TEMPLATE_COLUMNS, "办证人员信息")
TEMPLATES = {t.kind: t for t in (SCHOOL_TEMPLATE, UNIT_TEMPLATE)}


def template_for(profile: Profile) -> BatchTemplate:
    return TEMPLATES[profile.service.batch_template]


def label(key: str) -> str:
    """A field's name as people read it, whatever the template."""
    for column in ALL_COLUMNS + UNIT_TEMPLATE_COLUMNS:
        if column.key == key:
            return column.header.replace("(必填)", "")
    return key


DOCUMENT_TYPE_NAMES = {
    "身份证": "resident_id",
    "居民身份证": "resident_id",
    "户口本": "household_register",
    "户口簿": "household_register",
    "护照": "passport",
    "军人证": "military_id",
    "港澳通行证": "hk_macau_travel_permit",
    "台胞证": "taiwan_compatriot_permit",
    "驾驶证": "drivers_licence",
    "社保卡": "social_security_card",
    "永久居留证": "foreign_permanent_residence",
    "港澳台居民居住证": "hmt_residence_permit",
    "居住证": "residence_permit",
    "暂住证": "residence_permit",
}


def header_key(text: object) -> str:
    """A header cell as a comparable key: full-width folded, notes in brackets and spaces dropped."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    folded = re.sub(r"[(（\[【].*?[)）\]】]", "", folded)
    folded = re.sub(r"[，,].*$", "", folded)  # "所属区县名称(必填)，如：渝中"
    return re.sub(r"\s+", "", folded)


def match_columns(cells: list[object], columns: tuple[Column, ...]) -> dict[str, int]:
    """Which column index holds which field, by header name; empty when the row is not a header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        for column in columns:
            names = {header_key(column.header), *(header_key(a) for a in column.aliases)}
            if key and key in names and column.key not in found:
                found[column.key] = index
    return found
