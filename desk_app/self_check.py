"""`carddesk --self-check`: prove an installed desk can start (database, fonts, translations, keyring)
without showing a window. Prints one JSON object and exits 0, or 1 with the first thing that failed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from desk_app.bootstrap import open_desk
from printing.fonts import load_fonts


def run_self_check(database: Path, profile: str) -> int:
    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False))}
    try:
        desk = open_desk(database, profile)
        with desk.uow() as uow:
            report["database"] = {"path": str(desk.path), "branches": len(uow.branches.where())}
        desk.close()
        fonts = load_fonts()
        report["print_fonts"] = [str(fonts.main_path), str(fonts.extension_path or "")]
        from desk_app.ui.self_check_qt import qt_check

        report |= qt_check()
        import keyring

        report["keyring"] = type(keyring.get_keyring()).__name__
    except Exception as err:  # a self-check reports whatever stops the desk, then fails
        report["error"] = f"{type(err).__name__}: {err}"
        print(json.dumps(report, ensure_ascii=False))
        return 1
    print(json.dumps(report, ensure_ascii=False))
    return 0
