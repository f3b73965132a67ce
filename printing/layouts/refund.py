"""Deposit refund application (Foshan Appendix C, 表 C.1) and its proxy variant with a power of attorney."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import (
    PROXY_ATTACHMENTS,
    PROXY_TEXT,
    PROXY_TITLE,
    REFUND_CONDITIONS,
    REFUND_DOCUMENT_BOXES,
    REFUND_FIELDS,
    REFUND_INSTRUCTION,
    REFUND_TITLE,
    FieldSpec,
    ProxyData,
    RefundData,
)
from printing.kit import Sheet

MARGIN = 18 * mm
AGENT_FIELDS = (FieldSpec("agent_name", "代办人姓名"), FieldSpec("agent_document", "代办人证件号码"))


def draw_application(sheet: Sheet, data: RefundData | None, union: str, agent: dict[str, str] | None = None) -> None:
    width, height = A4
    c = sheet.c
    sheet.text(width / 2, height - 25 * mm, REFUND_TITLE.format(union=data.union if data else union), 16, "center")
    when = data.application_date if data else None
    day = f"日期 {when.year} 年 {when.month} 月 {when.day} 日" if when else "日期        年    月    日"
    sheet.text(width - MARGIN, height - 35 * mm, day, 10.5, "right")
    sheet.text(MARGIN, height - 43 * mm, REFUND_INSTRUCTION, 10.5)
    y = height - 51 * mm
    for line in REFUND_CONDITIONS:
        y = sheet.wrapped(MARGIN, y, line, width - 2 * MARGIN, 9.5, 1.45)
    values = data.values if data else {}
    top = y - 3 * mm
    y = sheet.field_grid(REFUND_FIELDS[:4], values, MARGIN, top, width - 2 * MARGIN)
    # The document type row: the form's own tick boxes.
    row = 10 * mm
    c.rect(MARGIN, y - row, 30 * mm, row)
    c.rect(MARGIN + 30 * mm, y - row, width - 2 * MARGIN - 30 * mm, row)
    sheet.text(MARGIN + 1.5 * mm, y - row + 3.5 * mm, "证件类型", 9)
    sheet.tick_boxes(MARGIN + 33 * mm, y - row + 3.5 * mm, REFUND_DOCUMENT_BOXES, data.document_box if data else None)
    y = sheet.field_grid(REFUND_FIELDS[4:], values, MARGIN, y - row, width - 2 * MARGIN)
    if agent is not None:
        sheet.field_grid(AGENT_FIELDS, agent, MARGIN, y, width - 2 * MARGIN, label_width=34 * mm)


def draw_power_of_attorney(sheet: Sheet, data: ProxyData | None, union: str) -> None:
    width, height = A4
    blank = "　" * 8
    sheet.text(width / 2, height - 30 * mm, PROXY_TITLE, 16, "center")
    text = PROXY_TEXT.format(
        principal=data.principal if data else blank,
        principal_doc_type=data.principal_doc_type if data else blank,
        principal_doc=data.principal_doc if data else blank,
        agent=data.agent if data else blank,
        agent_doc_type=data.agent_doc_type if data else blank,
        agent_doc=data.agent_doc if data else blank,
        union=data.union if data else union,
        card_number=data.card_number if data else blank,
    )
    y = sheet.wrapped(MARGIN, height - 50 * mm, "　　" + text, width - 2 * MARGIN, 12)
    y = sheet.wrapped(MARGIN, y - 6 * mm, PROXY_ATTACHMENTS, width - 2 * MARGIN, 10.5)
    y -= 25 * mm
    sheet.signature(width / 2 - 15 * mm, y, "委托人签名：")
    sheet.signature(width / 2 - 15 * mm, y - 16 * mm, "受托人签名：")
    sheet.text(width - MARGIN, y - 32 * mm, "日期：        年    月    日", 11, "right")


def draw_proxy(sheet: Sheet, data: ProxyData | None, union: str) -> None:
    """Foshan 6.4.7: the agent fills the application (page 1); the power of attorney follows (page 2)."""
    agent = {"agent_name": data.agent, "agent_document": f"{data.agent_doc_type} {data.agent_doc}"} if data else {}
    draw_application(sheet, data.refund if data else None, union, agent)
    sheet.c.showPage()
    draw_power_of_attorney(sheet, data, union)
