"""Preview a document before it goes to the printer; the printer chosen is remembered per document kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import QPointF, pyqtSignal
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtPdf import QPdfDocument
from PyQt6.QtPdfWidgets import QPdfView
from PyQt6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desk_app.core.errors import DeskError
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating


class PrintPreviewDialog(Retranslating, QDialog):
    print_finished = pyqtSignal(bool)

    def __init__(
        self,
        pdf: Path,
        title: str,
        printers: list[str],
        chosen: str | None,
        send: Callable[[str], str],
        missing_characters: tuple[str, ...] = (),
        lang: str = "zh",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._send = send
        self._lang = lang
        self.operations = Operations(self)
        self.setWindowTitle(self.tr("打印预览 — {0}").format(title))
        # The whole dialog on the screen, its buttons included (a counter PC's 1366×768 too).
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 900
        self.resize(760, max(400, min(900, room)))
        self.document = QPdfDocument(self)
        self.document.load(str(pdf))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        # The whole page at once: staff check the form at a glance before it prints.
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.pageNavigator().jump(0, QPointF(0, 0), 0)

        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a33; font-weight: bold;")
        if missing_characters:
            chars = "、".join(missing_characters)
            self.warning.setText(
                self.tr("注意：打印字体缺少这些字符，打印出来会是空白：{0}。请手写补上或更换字体。").format(chars)
            )
        self.warning.setVisible(bool(missing_characters))

        self.printer_box = QComboBox()
        self.printer_box.addItems(printers)
        if chosen and chosen in printers:
            self.printer_box.setCurrentText(chosen)
        self.print_button = QPushButton(self.tr("打印"))
        self.print_button.setDefault(True)
        self.print_button.setEnabled(bool(printers))
        close = QPushButton(self.tr("关闭"))
        self.status = QLabel(self.tr("共 {0} 页").format(self.document.pageCount()))
        if not printers:
            self.status.setText(self.tr("没有可用的打印机；PDF 已保存：{0}").format(pdf))

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("打印机：")))
        row.addWidget(self.printer_box, 1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)

        self.print_button.clicked.connect(self._on_print_button_clicked)
        close.clicked.connect(self.reject)

    def _on_print_button_clicked(self) -> None:
        printer = self.printer_box.currentText()
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("正在发送到 {0}……").format(printer))
        self.operations.run(lambda: self._send(printer), self._on_send_succeeded, self._on_send_failed)

    def _on_send_succeeded(self, job: str) -> None:
        self.status.setText(self.tr("已发送到打印机（作业 {0}）").format(job))
        self.print_button.setEnabled(True)
        self.print_finished.emit(True)

    def _on_send_failed(self, err: Exception) -> None:
        text = err.message(self._lang) if isinstance(err, DeskError) else str(err)
        self.status.setText(text)
        self.print_button.setEnabled(True)
        self.print_finished.emit(False)
