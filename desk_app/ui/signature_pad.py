"""A signature pad: the guardian signs with a pen (tablet) or the mouse; the strokes become a PNG."""

from __future__ import annotations

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget


class SignaturePad(QWidget):
    changed = pyqtSignal(bool)  # whether anything is signed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(self.tr("请监护人在此签名（手写笔或鼠标）"))
        self._strokes: list[QPainterPath] = []
        self._current: QPainterPath | None = None

    def is_empty(self) -> bool:
        return not self._strokes

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self.update()
        self.changed.emit(False)

    def add_stroke(self, points: list[tuple[float, float]]) -> None:
        """A stroke from a list of points (how tests and other input devices sign)."""
        if not points:
            return
        path = QPainterPath(QPointF(*points[0]))
        for x, y in points[1:]:
            path.lineTo(QPointF(x, y))
        self._strokes.append(path)
        self.update()
        self.changed.emit(True)

    def _begin(self, at: QPointF) -> None:
        self._current = QPainterPath(at)
        self._strokes.append(self._current)

    def _extend(self, at: QPointF) -> None:
        if self._current is not None:
            self._current.lineTo(at)
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit(True)

    def mousePressEvent(self, event) -> None:
        self._begin(event.position())

    def mouseMoveEvent(self, event) -> None:
        self._extend(event.position())

    def mouseReleaseEvent(self, event) -> None:
        self._end()

    def tabletEvent(self, event) -> None:
        kind = event.type()
        if kind == event.Type.TabletPress:
            self._begin(event.position())
        elif kind == event.Type.TabletMove:
            self._extend(event.position())
        elif kind == event.Type.TabletRelease:
            self._end()
        event.accept()

    def _paint_on(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("black"), 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for path in self._strokes:
            painter.drawPath(path)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9aa"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(12, self.height() - 28, self.width() - 12, self.height() - 28)
        self._paint_on(painter)
        painter.end()

    def png_bytes(self) -> bytes:
        """The signature alone, black on white, at the pad's size."""
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._paint_on(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())
