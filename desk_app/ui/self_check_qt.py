"""The Qt half of `carddesk --self-check`: the screen fonts and Qt's translations load offscreen."""

from __future__ import annotations

import os
from typing import Any


def qt_check() -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PyQt6.QtCore import QLibraryInfo, QTranslator
    from PyQt6.QtGui import QFontDatabase
    from PyQt6.QtWidgets import QApplication

    from desk_app.ui.app import install_bundled_fonts
    from desk_app.ui.language import TRANSLATIONS

    app = QApplication.instance() or QApplication(["carddesk"])
    families = install_bundled_fonts()
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        raise RuntimeError(f"Qt's Chinese translations are missing from {folder}")
    english = QTranslator(app)
    ours = TRANSLATIONS / "carddesk_en.qm"
    # isEmpty, not a look-up: QTranslator.translate encodes its text as ASCII under a C locale.
    if not english.load(str(ours)) or english.isEmpty():
        raise RuntimeError(f"the desk's English translation is missing or empty: {ours}")
    cjk = [f for f in QFontDatabase.families() if "WenQuanYi" in f or "Hei" in f or "Song" in f]
    if not cjk:
        raise RuntimeError("no Chinese font for the screen")
    return {"qt_translations": folder, "desk_translations": str(ours), "screen_fonts": sorted(set(families + cjk))[:5]}
