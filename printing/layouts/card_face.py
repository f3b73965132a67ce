"""A card face on a CR80 page: logo, union name, Code 128 barcode and number, and a QR code for WeChat/Alipay."""

from __future__ import annotations

import itertools

from reportlab.graphics.barcode import code128, qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm

from forms.paper_forms import CardFaceData
from printing.kit import Sheet

CR80 = (85.60 * mm, 53.98 * mm)
BRAND = colors.HexColor("#1F5C99")


def _logo(sheet: Sheet, x: float, y: float, size: float) -> None:
    """The union's mark: an open book in a circle, drawn as vectors so it prints sharp at any size."""
    c = sheet.c
    c.setFillColor(BRAND)
    c.circle(x + size / 2, y + size / 2, size / 2, stroke=0, fill=1)
    c.setStrokeColor(colors.white)
    c.setLineWidth(0.8)
    mid, top, low = x + size / 2, y + size * 0.72, y + size * 0.3
    path = c.beginPath()
    path.moveTo(mid, low)
    path.curveTo(mid - size * 0.12, low + size * 0.06, mid - size * 0.25, low + size * 0.06, mid - size * 0.32, low)
    path.lineTo(mid - size * 0.32, top)
    path.curveTo(mid - size * 0.25, top + size * 0.06, mid - size * 0.12, top + size * 0.06, mid, top)
    path.curveTo(mid + size * 0.12, top + size * 0.06, mid + size * 0.25, top + size * 0.06, mid + size * 0.32, top)
    path.lineTo(mid + size * 0.32, low)
    path.curveTo(mid + size * 0.25, low + size * 0.06, mid + size * 0.12, low + size * 0.06, mid, low)
    path.lineTo(mid, top)
    c.drawPath(path, stroke=1, fill=0)
    c.setStrokeColor(colors.black)
    c.setFillColor(colors.black)


def draw(sheet: Sheet, data: CardFaceData | None, union: str) -> None:
    width, height = CR80
    c = sheet.c
    c.setFillColor(BRAND)
    c.rect(0, height - 13 * mm, width, 13 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    _logo(sheet, 3 * mm, height - 11.5 * mm, 10 * mm)
    c.setFillColor(colors.white)
    sheet.fit(15 * mm, height - 6.5 * mm, data.union if data else union, width - 18 * mm, 10)
    sheet.fit(
        15 * mm,
        height - 11 * mm,
        f"{data.library if data else ''} {data.card_type if data else '读者证'}".strip(),
        width - 18 * mm,
        6.5,
    )
    c.setFillColor(colors.black)
    if data is None:
        sheet.text(width / 2, height / 2 - 8 * mm, "（空白卡面：条码与证号由制卡时填入）", 6, "center")
        return
    barcode = code128.Code128(data.card_number, barHeight=11 * mm, barWidth=0.28 * mm, humanReadable=False)
    barcode.drawOn(c, 3 * mm, 10 * mm)
    sheet.text(3 * mm + barcode.width / 2, 6 * mm, data.card_number, 8, "center")
    if data.holder:
        sheet.text(3 * mm, 2.5 * mm, data.holder, 6.5)
    size = 20 * mm
    _qr(sheet, data.card_number, width - size - 2.5 * mm, 5 * mm, size)


def _qr(sheet: Sheet, text: str, x: float, y: float, size: float, border: int = 2) -> None:
    """ReportLab's QR encoder, drawn as one path of modules: the QrCodeWidget encodes each code twice and
    builds a shape per module, which made a batch of card faces many times slower."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: the smallest version that fits
    code.addData(text)
    code.make()
    count = len(code.modules)
    cell = size / (count + 2 * border)
    path = sheet.c.beginPath()
    for row, modules in enumerate(code.modules):
        col = 0
        for dark, run in itertools.groupby(bool(m) for m in modules):
            length = len(list(run))
            if dark:  # one rectangle for each run of dark modules in a row
                path.rect(x + (col + border) * cell, y + (count - 1 - row + border) * cell, length * cell, cell)
            col += length
    sheet.c.drawPath(path, stroke=0, fill=1)
