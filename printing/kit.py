"""Drawing helpers shared by the layouts: text in the right fonts, boxed fields, tick boxes, signatures."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from forms.paper_forms import FieldSpec
from printing.fonts import PrintFonts


class Sheet:
    """A canvas with the fonts attached, so every string goes through the per-character font switch."""

    def __init__(self, canvas: Canvas, fonts: PrintFonts) -> None:
        self.c = canvas
        self.fonts = fonts

    def width_of(self, text: str, size: float) -> float:
        return sum(self.c.stringWidth(piece, font, size) for font, piece in self.fonts.runs(text))

    def text(self, x: float, y: float, text: str, size: float = 10, align: str = "left") -> None:
        if align == "center":
            x -= self.width_of(text, size) / 2
        elif align == "right":
            x -= self.width_of(text, size)
        for font, piece in self.fonts.runs(text):
            self.c.setFont(font, size)
            self.c.drawString(x, y, piece)
            x += self.c.stringWidth(piece, font, size)

    def fit(self, x: float, y: float, text: str, width: float, size: float = 10) -> None:
        """Shrink a long value into its box rather than run over the line: to the largest half point that
        fits (a text's width grows in proportion to its size), never below 5 points."""
        measured = self.width_of(text, size)
        if measured > width:
            size = max(5.0, size - math.ceil((size - size * width / measured) * 2) / 2)
        self.text(x, y, text, size)

    def wrapped(self, x: float, y: float, text: str, width: float, size: float = 11, leading: float = 1.6) -> float:
        """Draw text wrapped to width, character by character (Chinese has no spaces); returns the next y.
        A line's width is the sum of its characters' (ReportLab does not kern), so each is measured once."""
        line, line_width = "", 0.0
        for char in text:
            char_width = self.width_of(char, size)
            if line and line_width + char_width > width:
                self.text(x, y, line, size)
                y -= size * leading
                line, line_width = char, char_width
            else:
                line, line_width = line + char, line_width + char_width
        if line:
            self.text(x, y, line, size)
            y -= size * leading
        return y

    def field_grid(
        self,
        fields: Sequence[FieldSpec],
        values: dict[str, str],
        x: float,
        y: float,
        width: float,
        row_height: float = 10 * mm,
        label_width: float = 30 * mm,
    ) -> float:
        """Two label/value pairs a row; a field with span > 1 takes a whole row. Returns the y below the grid."""
        half = width / 2
        col = 0
        for spec in fields:
            whole = spec.span > 1
            if whole and col:
                y, col = y - row_height, 0
            left = x + col * half
            value_width = (width if whole else half) - label_width
            self.c.rect(left, y - row_height, label_width, row_height)
            self.c.rect(left + label_width, y - row_height, value_width, row_height)
            baseline = y - row_height + 3.5 * mm
            self.fit(left + 1.5 * mm, baseline, spec.label, label_width - 3 * mm, 9)
            self.fit(left + label_width + 2 * mm, baseline, values.get(spec.key, ""), value_width - 4 * mm, 10.5)
            col = 0 if whole else col + 1
            if col in (0, 2):
                y, col = y - row_height, 0
        return y - row_height if col else y

    def tick_boxes(self, x: float, y: float, labels: Sequence[str], ticked: str | None, size: float = 10) -> None:
        for label in labels:
            self.c.rect(x, y - 0.5 * mm, 3.2 * mm, 3.2 * mm)
            if label == ticked:
                self.c.setLineWidth(1.2)
                self.c.line(x + 0.5 * mm, y + 1.2 * mm, x + 1.4 * mm, y)
                self.c.line(x + 1.4 * mm, y, x + 3 * mm, y + 2.7 * mm)
                self.c.setLineWidth(1)
            self.text(x + 4.5 * mm, y, label, size)
            x += 6 * mm + self.width_of(label, size)

    def signature(self, x: float, y: float, label: str, image: bytes | None = None, width: float = 60 * mm) -> None:
        """A line to sign by hand, or the signature captured on screen drawn on it."""
        self.text(x, y, label, 10.5)
        start = x + self.width_of(label, 10.5) + 1 * mm
        self.c.line(start, y - 1 * mm, start + width, y - 1 * mm)
        if image:
            self.image(image, start + 2 * mm, y - 0.5 * mm, width - 4 * mm, 12 * mm)

    def image(self, data: bytes, x: float, y: float, width: float, height: float) -> None:
        self.c.drawImage(
            ImageReader(io.BytesIO(data)), x, y, width, height, preserveAspectRatio=True, anchor="sw", mask="auto"
        )
