"""The columns of the batch template (Chongqing 附件5) and the names people actually type in their place."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the template writes it
    required: bool
    aliases: tuple[str, ...] = ()


# Chongqing 附件5: 身份证号(必填) 姓名(必填) 联系电话(必填) 家长姓名 家长联系电话 班级 所属区县名称(必填)
SCHOOL_COLUMNS = (
    Column("id_number", "身份证号(必填)", True, ("身份证号码", "证件号码", "学生身份证号", "公民身份号码")),
    Column("name", "姓名(必填)", True, ("学生姓名", "读者姓名")),
    Column("phone", "联系电话(必填)", True, ("电话", "手机", "手机号", "联系方式")),
    Column("guardian_name", "家长姓名", False, ("监护人姓名", "家长")),
    Column("guardian_phone", "家长联系电话", False, ("监护人电话", "家长电话", "监护人联系电话")),
    Column("class_name", "班级", False, ("年级班级", "学校班级")),
    Column("district", "所属区县名称(必填)", True, ("所属区县", "区县")),
)
# Foshan 6.1.3.1: units that are not schools give the document type as well, and for documents whose number
# carries no birth date (a passport), the facts the document check needs.
DOCUMENT_TYPE_COLUMN = Column("doc_type", "证件类型", False, ("证件种类",))
UNIT_COLUMNS = (
    DOCUMENT_TYPE_COLUMN,
    Column("nationality", "国籍", False, ("国籍代码",)),
    Column("valid_until", "证件有效期", False, ("有效期至", "有效期")),
    Column("birth_date", "出生日期", False, ("出生年月日",)),
)
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
