"""Reader service registration form (Foshan Appendix B; Shenzhen's Reader Card Application Form)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import PASSWORD_REMINDER, REGISTRATION_FIELDS, REGISTRATION_TITLE, RegistrationData, Signer
from printing.kit import Sheet

BLANK_SIGNERS = (Signer("reader", "读者签名："), Signer("guardian", "监护人签名（未满规定年龄）："))


def draw(sheet: Sheet, data: RegistrationData | None, union: str) -> None:
    width, height = A4
    c = sheet.c
    margin = 18 * mm
    sheet.text(
        width / 2, height - 25 * mm, REGISTRATION_TITLE.format(union=data.union if data else union), 17, "center"
    )
    sheet.text(margin, height - 35 * mm, "请认真填写表格资料，并签名确认", 10)
    # Photo box at the top right: the photo taken at the desk, or an empty box to paste one.
    photo_w, photo_h = 30 * mm, 40 * mm
    px, py = width - margin - photo_w, height - 42 * mm - photo_h
    c.rect(px, py, photo_w, photo_h)
    if data and data.photo:
        sheet.image(data.photo, px + 1 * mm, py + 1 * mm, photo_w - 2 * mm, photo_h - 2 * mm)
    else:
        sheet.text(px + photo_w / 2, py + photo_h / 2, "照片", 10, "center")
    values = data.values if data else {}
    # The first four rows sit beside the photo, the rest take the full width.
    beside = width - 2 * margin - photo_w - 3 * mm
    y = sheet.field_grid(REGISTRATION_FIELDS[:8], values, margin, py + photo_h, beside)
    y = sheet.field_grid(REGISTRATION_FIELDS[8:], values, margin, y - 3 * mm, width - 2 * margin)
    y = sheet.wrapped(margin, y - 10 * mm, "温馨提示：" + PASSWORD_REMINDER, width - 2 * margin, 10)
    sheet.wrapped(
        margin, y - 2 * mm, "本表所填个人信息仅用于办理借阅证，图书馆依法保护读者信息安全。", width - 2 * margin, 9
    )
    y -= 20 * mm
    for signer in data.signers if data else BLANK_SIGNERS:
        sheet.signature(margin, y, signer.label)
        y -= 14 * mm
    sheet.signature(margin, y, "经办人：", width=40 * mm)
    sheet.text(
        width - margin,
        y,
        "日期：        年    月    日" if not data else f"日期：{values.get('issued_on', '')}",
        10.5,
        "right",
    )
