"""Receipts in duplicate (一式两份): the reader's copy and the archive copy on one A4 sheet, cut along the line."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import RECEIPT_COPIES, RECEIPT_TITLES, FieldSpec, ReceiptData
from printing.kit import Sheet

FIELDS = (
    FieldSpec("receipt_no", "收据编号"),
    FieldSpec("when", "日期"),
    FieldSpec("reader_name", "读者姓名"),
    FieldSpec("card_number", "借阅证号"),
    FieldSpec("amount", "金额（小写）"),
    FieldSpec("amount_words", "金额（大写）"),
    FieldSpec("branch", "收款馆"),
    FieldSpec("staff", "经办人"),
    FieldSpec("note", "备注", 3),
)


def yuan(amount_fen: int) -> str:
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


def capital(amount_fen: int) -> str:
    """The amount in Chinese capital numerals, as receipts write it (壹佰元整)."""
    import cn2an  # a tenth of a second to import: only when a receipt is drawn

    return str(cn2an.an2cn(yuan(amount_fen), "rmb"))


def _values(data: ReceiptData) -> dict[str, str]:
    note = data.note + (f"（代{data.on_behalf_of}收取）" if data.on_behalf_of else "")
    return {
        "receipt_no": data.receipt_no,
        "when": data.when,
        "reader_name": data.reader_name,
        "card_number": data.card_number,
        "amount": f"¥{yuan(data.amount_fen)}",
        "amount_words": capital(data.amount_fen),
        "branch": data.branch,
        "staff": data.staff,
        "note": note,
    }


def draw(sheet: Sheet, data: ReceiptData | None, library: str, kind: str = "deposit_taken") -> None:
    width, height = A4
    margin = 18 * mm
    values = _values(data) if data else {}
    title = RECEIPT_TITLES[data.kind if data else kind]
    for index, copy in enumerate(RECEIPT_COPIES):
        top = height - 20 * mm - index * (height / 2)
        sheet.text(width / 2, top, f"{data.library if data else library} {title}", 15, "center")
        sheet.text(width - margin, top - 9 * mm, copy, 10, "right")
        bottom = sheet.field_grid(FIELDS, values, margin, top - 12 * mm, width - 2 * margin, row_height=9 * mm)
        sheet.signature(margin, bottom - 10 * mm, "收款单位（盖章）：", width=45 * mm)
        sheet.signature(width / 2 + 5 * mm, bottom - 10 * mm, "读者签收：", width=45 * mm)
    sheet.c.setDash(3, 3)
    sheet.c.line(8 * mm, height / 2, width - 8 * mm, height / 2)
    sheet.c.setDash()
    sheet.text(width / 2, height / 2 + 1.5 * mm, "✂ 沿此线剪开", 7, "center")
