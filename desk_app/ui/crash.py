"""Bugs go to one dialog with copyable details and the log's location (as qutebrowser does)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PyQt6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)


def install_crash_dialog(log_path: str) -> None:
    def hook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, err, tb))
        log.critical("unexpected error\n%s", details)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, err, tb)
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QApplication.translate("Crash", "CardDesk 出错了"),
            QApplication.translate("Crash", "程序遇到意外错误，已记录到日志：{0}").format(log_path),
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook
