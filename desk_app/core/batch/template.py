"""`carddesk template group OUT.xlsx`: the school template of the Chongqing seed, ready for Excel."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desk_app.core.batch.columns import DOCUMENT_TYPE_NAMES, SCHOOL_COLUMNS, UNIT_COLUMNS

INSTRUCTIONS = (
    "填写说明",
    "1. 每行填写一名学生（幼儿）；带“必填”的列不能为空。",
    "2. 身份证号列已设置为文本格式，请直接输入或粘贴 18 位号码；若从其他表格粘贴后显示为 5.00106E+17 之类，"
    "说明号码已被 Excel 当作数字而丢失末几位，请先把该列设置为“文本”再重新粘贴。",
    "3. 末位校验码为 X 的，大小写均可。",
    "4. 联系电话填写 11 位手机号；家长姓名、家长联系电话建议填写，开通后需家长（监护人）签署授权书。",
    "5. 所属区县名称填写区县简称，如：渝中。",
    "6. 同一学生只填写一次；已办理过借阅证的学生会在导入结果中列出，不会重复办理。",
    "7. 本表所含个人信息仅用于办理借阅证，请妥善保管，勿外传。",
)
DISTRICTS = ("渝中", "大渡口", "江北", "沙坪坝", "九龙坡", "南岸", "北碚", "渝北", "巴南")


def write_template(path: Path, with_document_type: bool = False, rows: int = 1000) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "学生信息" if not with_document_type else "办证人员信息"
    columns = (*SCHOOL_COLUMNS, *UNIT_COLUMNS) if with_document_type else SCHOOL_COLUMNS
    sheet.append([c.header for c in columns])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24 if column.key == "id_number" else 16
        # Text format, so Excel keeps all 18 digits (and a trailing X) of an ID number.
        for row in range(2, rows + 2):
            sheet.cell(row=row, column=index).number_format = "@"
    id_letter, phone_letter = "A", "C"
    id_rule = DataValidation(
        type="textLength",
        operator="equal",
        formula1="18",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="身份证号",
        error="身份证号应为 18 位",
    )
    phone_rule = DataValidation(
        type="textLength",
        operator="between",
        formula1="7",
        formula2="13",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="联系电话",
        error="请填写手机号",
    )
    district_rule = DataValidation(
        type="list", formula1='"' + ",".join(DISTRICTS) + '"', allow_blank=True, showErrorMessage=False
    )
    id_rule.add(f"{id_letter}2:{id_letter}{rows + 1}")
    phone_rule.add(f"{phone_letter}2:{phone_letter}{rows + 1}")
    district_rule.add(f"G2:G{rows + 1}")
    for rule in (id_rule, phone_rule, district_rule):
        sheet.add_data_validation(rule)
    if with_document_type:
        type_rule = DataValidation(type="list", formula1='"' + ",".join(DOCUMENT_TYPE_NAMES) + '"', allow_blank=True)
        type_rule.add(f"H2:H{rows + 1}")
        sheet.add_data_validation(type_rule)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    notes["A1"].font = Font(bold=True, size=14)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
