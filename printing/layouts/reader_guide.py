"""The reader guide (Foshan Appendix A) for the counter, from the profile's policy data."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import ReaderGuideData
from printing.kit import Sheet

MARGIN = 20 * mm


def draw(sheet: Sheet, data: ReaderGuideData) -> None:
    width, height = A4
    text_width = width - 2 * MARGIN
    sheet.text(width / 2, height - 25 * mm, data.title, 17, "center")
    y = height - 40 * mm
    for heading, paragraphs in data.sections:
        if y < 50 * mm:
            sheet.c.showPage()
            y = height - 25 * mm
        sheet.text(MARGIN, y, heading, 13)
        y -= 8 * mm
        for paragraph in paragraphs:
            y = sheet.wrapped(MARGIN + 4 * mm, y, paragraph, text_width - 4 * mm, 10.5, 1.55)
            if y < 25 * mm:
                sheet.c.showPage()
                y = height - 25 * mm
        y -= 4 * mm
    sheet.wrapped(MARGIN, 15 * mm, f"依据：{data.source}", text_width, 7.5)
