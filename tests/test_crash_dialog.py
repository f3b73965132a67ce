"""A bug reaches the clerk as one dialog (#22): what happened in their language, where the log is, and the
details to copy for the library's IT; the log has it too."""

from __future__ import annotations

import logging
import sys
from typing import Any

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication, QMessageBox, QTextEdit

from desk_app.ui.crash import install_crash_dialog


def test_an_unexpected_error_shows_the_crash_dialog_with_its_details(qtbot: Any, caplog: Any, tmp_path: Any) -> None:
    seen: dict[str, str] = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["window"], seen["text"] = box.windowTitle(), box.text()
        details = box.findChild(QTextEdit)
        seen["details"] = details.toPlainText() if details is not None else ""
        box.done(0)

    previous = sys.excepthook
    log = tmp_path / "carddesk.log"
    install_crash_dialog(str(log))
    try:
        try:
            raise ValueError("a deliberately broken step")
        except ValueError as err:
            QTimer.singleShot(300, read_and_close)
            with caplog.at_level(logging.CRITICAL, logger="desk_app.ui.crash"):
                sys.excepthook(type(err), err, err.__traceback__)
    finally:
        sys.excepthook = previous
    assert seen["window"] == "CardDesk 出错了"
    assert seen["text"] == f"程序遇到意外错误，已记录到日志：{log}"
    assert "ValueError: a deliberately broken step" in seen["details"]
    assert "a deliberately broken step" in caplog.text
