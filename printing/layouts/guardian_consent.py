"""The guardian's consent to a minor's card, in the library's own wording (Chongqing's 授权书, or a neutral consent
built from the rules where the seed gives none)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import (
    GUARDIAN_CONSENT_SIGNATURE,
    NEUTRAL_CONSENT_TEXT,
    NEUTRAL_CONSENT_TITLE,
    FieldSpec,
    GuardianConsentData,
)
from printing.kit import Sheet

FIELDS = (
    FieldSpec("minor_name", "未成年读者姓名"),
    FieldSpec("minor_document", "读者证件号码"),
    FieldSpec("guardian_name", "监护人姓名"),
    FieldSpec("guardian_relationship", "与读者关系"),
    FieldSpec("guardian_document", "监护人证件号码"),
    FieldSpec("guardian_phone", "监护人联系电话"),
)


def draw(sheet: Sheet, data: GuardianConsentData | None, union: str = "") -> None:
    width, height = A4
    margin = 20 * mm
    library = union or "本馆"
    title = data.title if data and data.title else NEUTRAL_CONSENT_TITLE.format(library=library)
    wording = (
        data.text if data and data.text else NEUTRAL_CONSENT_TEXT.format(child="{child}", library=library, rule="")
    )
    sheet.text(width / 2, height - 30 * mm, title, 15, "center")
    minor = data.minor_name if data and data.minor_name else "　" * 6
    y = sheet.wrapped(margin, height - 50 * mm, "　　" + wording.format(child=minor), width - 2 * margin, 12)
    values = (
        {
            "minor_name": data.minor_name,
            "minor_document": data.minor_document,
            "guardian_name": data.guardian_name,
            "guardian_relationship": data.guardian_relationship,
            "guardian_document": data.guardian_document,
            "guardian_phone": data.guardian_phone,
        }
        if data and data.minor_name
        else {}
    )
    y = sheet.field_grid(FIELDS, values, margin, y - 8 * mm, width - 2 * margin, label_width=34 * mm)
    y -= 25 * mm
    sheet.signature(width / 2 - 10 * mm, y, GUARDIAN_CONSENT_SIGNATURE, data.signature if data else None, 55 * mm)
    day = data.signed_on if data else None
    text = f"日期：{day.year} 年 {day.month} 月 {day.day} 日" if day else "日期：        年    月    日"
    sheet.text(width - margin, y - 14 * mm, text, 11, "right")
