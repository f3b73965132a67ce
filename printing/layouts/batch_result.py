"""The result of a group or school batch, for the unit: every row with its outcome and the reasons."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from forms.paper_forms import BatchResultData
from printing.kit import Sheet

OUTCOMES = {"accepted": "已办理", "rejected": "未办理", "review": "待核实"}
COLUMNS = (("行号", 14 * mm), ("姓名", 28 * mm), ("证件号码", 42 * mm), ("结果", 18 * mm), ("原因", 72 * mm))
ROW = 8 * mm


def _header(sheet: Sheet, y: float) -> float:
    x = 18 * mm
    for title, w in COLUMNS:
        sheet.c.rect(x, y - ROW, w, ROW)
        sheet.text(x + 1.5 * mm, y - ROW + 2.8 * mm, title, 9)
        x += w
    return float(y - ROW)


def draw(sheet: Sheet, data: BatchResultData | None, union: str) -> None:
    width, height = A4
    margin = 18 * mm
    sheet.text(width / 2, height - 22 * mm, f"{data.union if data else union} 集体办证结果", 15, "center")
    if data:
        counts = {k: sum(1 for r in data.rows if r.outcome == k) for k in OUTCOMES}
        made = data.made_on.isoformat() if data.made_on else ""
        sheet.text(margin, height - 32 * mm, f"单位：{data.unit}　批次：{data.batch_name}　日期：{made}", 10)
        summary = "　".join(f"{OUTCOMES[k]} {n} 人" for k, n in counts.items())
        sheet.text(margin, height - 38 * mm, f"共 {len(data.rows)} 行：{summary}", 10)
    y = _header(sheet, height - 43 * mm)
    for row in data.rows if data else ():
        reasons = "；".join(row.reasons)
        lines = max(1, int(sheet.width_of(reasons, 8.5) // (COLUMNS[4][1] - 3 * mm)) + 1)
        h = ROW * min(lines, 4) if lines > 1 else ROW
        if y - h < 15 * mm:
            sheet.c.showPage()
            y = _header(sheet, height - 20 * mm)
        x = margin
        cells = (str(row.line), row.name, row.masked_document, OUTCOMES[row.outcome])
        for (_title, w), text in zip(COLUMNS, (*cells, ""), strict=True):
            sheet.c.rect(x, y - h, w, h)
            if text:
                sheet.fit(x + 1.5 * mm, y - 5.5 * mm, text, w - 3 * mm, 9)
            x += w
        sheet.wrapped(x - COLUMNS[4][1] + 1.5 * mm, y - 5.5 * mm, reasons, COLUMNS[4][1] - 3 * mm, 8.5, 1.3)
        y -= h
