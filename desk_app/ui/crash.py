"""Bugs go to one dialog with copyable details and the log's location (as qutebrowser does)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PyQt6.QtWidgets import QApplication, QMessageBox

from desk_app.ui.retranslate import translate

log = logging.getLogger(__name__)


def crash_box(log_path: str, details: str) -> QMessageBox:
    """What the clerk sees: what happened in their language, where the log is, the details to copy."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("Crash", "CardDesk 出错了"),
        translate("Crash", "程序遇到意外错误，已记录到日志：{0}").format(log_path),
    )
    box.setDetailedText(details)
    return box


def install_crash_dialog(log_path: str) -> None:
    def hook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, err, tb))
        log.critical("unexpected error\n%s", details)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, err, tb)
            return
        crash_box(log_path, details).exec()

    sys.excepthook = hook
