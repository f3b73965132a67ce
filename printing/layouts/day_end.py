"""A desk's day-end sheet: totals by kind, the cash drawer, every receipt, and what does not agree."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import DayEndData
from printing.kit import Sheet
from printing.layouts.receipt import yuan

ROW = 7 * mm
TOTALS = (("类别", 60 * mm), ("笔数", 25 * mm), ("金额（元）", 40 * mm), ("现金（元）", 49 * mm))
RECEIPTS = (("收据号", 48 * mm), ("时间", 22 * mm), ("类别", 40 * mm), ("金额（元）", 32 * mm), ("已打印", 32 * mm))


def _row(sheet: Sheet, y: float, columns: tuple[tuple[str, float], ...], cells: list[str], size: float = 9) -> float:
    x = 18 * mm
    for (_title, width), value in zip(columns, cells, strict=True):
        sheet.c.rect(x, y - ROW, width, ROW)
        sheet.fit(x + 1.5 * mm, y - ROW + 2.3 * mm, value, width - 3 * mm, size)
        x += width
    return float(y - ROW)


def draw(sheet: Sheet, data: DayEndData | None, union: str) -> None:
    width, height = A4
    margin = 18 * mm
    sheet.text(width / 2, height - 20 * mm, f"{data.library if data else union} 服务台日结单", 15, "center")
    head = (
        f"{data.branch}  服务台 {data.desk}  日期 {data.day}  经办人 {data.staff}"
        if data
        else "分馆    服务台    日期    经办人"
    )
    sheet.text(margin, height - 30 * mm, head, 10)
    y = _row(sheet, height - 36 * mm, TOTALS, [t for t, _ in TOTALS], 9)
    for label, count, amount, cash in data.lines if data else ():
        y = _row(sheet, y, TOTALS, [label, str(count), yuan(amount), ("-" if cash < 0 else "") + yuan(abs(cash))])
    if data:
        net = data.cash_in_fen - data.cash_out_fen
        summary = (
            f"现金收入 ¥{yuan(data.cash_in_fen)}   现金支出 ¥{yuan(data.cash_out_fen)}   "
            f"应存现金 {'-' if net < 0 else ''}¥{yuan(abs(net))}"
        )
        sheet.text(margin, y - 7 * mm, summary, 10)
        y -= 12 * mm
    y = _row(sheet, y, RECEIPTS, [t for t, _ in RECEIPTS], 9)
    for number, at, label, amount, printed in data.receipts if data else ():
        if y < 45 * mm:
            sheet.c.showPage()
            y = _row(sheet, height - 20 * mm, RECEIPTS, [t for t, _ in RECEIPTS], 9)
        y = _row(sheet, y, RECEIPTS, [number, at, label, yuan(amount), printed])
    y -= 8 * mm
    if data and data.problems:
        sheet.text(margin, y, "账实不符（请核对）：", 10)
        for problem in data.problems:
            y -= 5.5 * mm
            sheet.text(margin + 4 * mm, y, f"· {problem}", 9)
    elif data:
        sheet.text(margin, y, "核对结果：账目与收据一致", 10)
    sheet.signature(margin, 22 * mm, "经办人签字：", width=45 * mm)
    sheet.signature(width / 2 + 5 * mm, 22 * mm, "复核人签字：", width=45 * mm)
