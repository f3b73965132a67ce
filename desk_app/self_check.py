"""`carddesk --self-check`: prove an installed desk can start (database, fonts, translations, keyring)
without showing a window. Prints one JSON object and exits 0, or 1 with the first thing that failed."""

from __future__ import annotations

import json
import os
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
        report |= _qt_check()
        import keyring

        report["keyring"] = type(keyring.get_keyring()).__name__
    except Exception as err:  # a self-check reports whatever stops the desk, then fails
        report["error"] = f"{type(err).__name__}: {err}"
        print(json.dumps(report, ensure_ascii=False))
        return 1
    print(json.dumps(report, ensure_ascii=False))
    return 0


def _qt_check() -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PyQt6.QtCore import QLibraryInfo, QTranslator
    from PyQt6.QtGui import QFontDatabase
    from PyQt6.QtWidgets import QApplication

    from desk_app.ui.app import install_bundled_fonts

    app = QApplication.instance() or QApplication(["carddesk"])
    families = install_bundled_fonts()
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        raise RuntimeError(f"Qt's Chinese translations are missing from {folder}")
    cjk = [f for f in QFontDatabase.families() if "WenQuanYi" in f or "Hei" in f or "Song" in f]
    if not cjk:
        raise RuntimeError("no Chinese font for the screen")
    return {"qt_translations": folder, "screen_fonts": sorted(set(families + cjk))[:5]}
