"""A desk that cannot start says why in a window: a clerk who double-clicked the icon sees no terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication, QMessageBox

from desk_app.ui.language import install_language
from desk_app.ui.retranslate import translate


def start_failure_box(message: str, log_path: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, "CardDesk", message)
    box.setWindowTitle(translate("StartFailure", "CardDesk 无法启动"))
    box.setInformativeText(translate("StartFailure", "日志：%1").replace("%1", log_path))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_start_failure(message: str, log_path: str, lang: str, screenshot: Path | None = None) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_language(app, lang)
    box = start_failure_box(message, log_path)
    if screenshot is not None:

        def grab_and_close() -> None:
            screen = app.primaryScreen()
            if screen is not None:
                screen.grabWindow(0).save(str(screenshot))
            box.reject()

        QTimer.singleShot(800, grab_and_close)
    box.exec()
