"""Starting the desk window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication

from desk_app.bootstrap import OpenDesk
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.logs import setup_logging
from desk_app.paper_desk import PaperDesk
from desk_app.ui.crash import install_crash_dialog
from desk_app.ui.main_window import MainWindow


def _save_screen(path: Path, app: QApplication) -> None:
    screen = app.primaryScreen()
    if screen is not None:
        screen.grabWindow(0).save(str(path))
    app.quit()


def run_gui(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, Any]) -> int:
    install_crash_dialog(str(setup_logging()))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CardDesk")
    branch_code = args.branch or str(settings.get("branch") or "") or desk.profile.branches[0].code
    desk_code = args.desk or str(settings.get("desk") or "D1")
    branch = desk.profile.branch(branch_code)
    lang = "en" if str(settings.get("language", "zh")).startswith("en") else "zh"
    with desk.uow() as uow:
        staff = add_staff(
            uow, str(settings.get("staff") or "desk-" + branch.code.lower()), "服务台", branch.code, "counter"
        )
    paper = PaperDesk(desk, desk.context(Actor(staff.id, branch.code, desk_code)), settings)
    window = MainWindow(
        desk.directory(),
        desk.profile.name(lang),
        f"{branch.name}（{branch.code}）· {desk_code}",
        str(desk.path),
        lang,
        paper,
    )
    window.show()
    window.start()
    if args.screenshot:
        window.search_finished.connect(lambda _n: QTimer.singleShot(500, lambda: _save_screen(args.screenshot, app)))
    code = app.exec()
    window.operations.wait()
    return code
