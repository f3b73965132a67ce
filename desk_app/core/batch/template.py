"""`carddesk --profile P template group OUT.xlsx`: the library's own list, ready for Excel.

A school list for Chongqing (seed 003 2.1.6: 身份证号码、姓名、联系电话、家长姓名、家长联系电话), a unit's list
for Foshan (6.1.3.1: 姓名、证件类型及号码、联系方式) and, by CardDesk's choice, for the profiles whose seeds have
no group registration. The template holds exactly its columns; the instructions sheet says how to fill them.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desk_app.core.batch.columns import DOCUMENT_TYPE_NAMES, BatchTemplate

SCHOOL_INSTRUCTIONS = (
    "填写说明",
    "1. 每行填写一名学生（幼儿）；带“必填”的列不能为空。",
    "2. 身份证号码列已设置为文本格式，请直接输入或粘贴 18 位号码；若从其他表格粘贴后显示为 5.00106E+17 之类，"
    "说明号码已被 Excel 当作数字而丢失末几位，请先把该列设置为“文本”再重新粘贴。",
    "3. 末位校验码为 X 的，大小写均可。",
    "4. 联系电话填写 11 位手机号；家长姓名、家长联系电话建议填写，开通后需家长（监护人）签署授权书。",
    "5. 同一学生只填写一次；已办理过借阅证的学生会在导入结果中列出，不会重复办理。",
    "6. 本表所含个人信息仅用于办理借阅证，请妥善保管，勿外传。",
)
UNIT_INSTRUCTIONS = (
    "填写说明",
    "1. 每行填写一名办证人员；四列均为必填。",
    "2. 证件类型从下拉列表中选择（身份证、户口簿、护照、港澳通行证、台胞证等）。",
    "3. 证件号码列已设置为文本格式：身份证号码请填写完整的 18 位，护照等其他证件照证件填写。",
    "4. 持护照等号码中不含出生日期的证件者，图书馆办理时将另行核对国籍、有效期和出生日期。",
    "5. 同一人只填写一次；已开通有效证件借阅功能的人员会在导入结果中剔除并告知贵单位。",
    "6. 本表所含个人信息仅用于办理借阅证，请妥善保管，勿外传。",
)


def _text_length(title: str, error: str, low: int, high: int) -> DataValidation:
    return DataValidation(
        type="textLength",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def write_template(path: Path, template: BatchTemplate, rows: int = 1000) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = template.sheet_title
    sheet.append([c.header for c in template.columns])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    letters: dict[str, str] = {}
    for index, column in enumerate(template.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        letter = get_column_letter(index)
        letters[column.key] = letter
        sheet.column_dimensions[letter].width = 24 if column.key == "id_number" else 16
        # Text format, so Excel keeps all 18 digits (and a trailing X) of an ID number.
        for row in range(2, rows + 2):
            sheet.cell(row=row, column=index).number_format = "@"
    if template.kind == "school":
        number_rule = _text_length("身份证号码", "身份证号码应为 18 位", 18, 18)
    else:
        number_rule = _text_length("证件号码", "证件号码应为 4–30 位", 4, 30)
    rules = [
        (number_rule, letters["id_number"]),
        (_text_length("联系电话", "请填写手机号或固定电话", 7, 13), letters["phone"]),
    ]
    if "doc_type" in letters:
        choices = DataValidation(type="list", formula1='"' + ",".join(DOCUMENT_TYPE_NAMES) + '"', allow_blank=True)
        rules.append((choices, letters["doc_type"]))
    for rule, letter in rules:
        rule.add(f"{letter}2:{letter}{rows + 1}")
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    for line in SCHOOL_INSTRUCTIONS if template.kind == "school" else UNIT_INSTRUCTIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    notes["A1"].font = Font(bold=True, size=14)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
