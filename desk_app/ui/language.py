"""The desk's language: Simplified Chinese as written, English from Qt Linguist's compiled translations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PyQt6.QtCore import QLibraryInfo, QTranslator
from PyQt6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = (("zh", "简体中文"), ("en", "English"))
_INSTALLED: list[QTranslator] = []


def window_language(chosen: str | None, settings: dict[str, Any]) -> str:
    """The window's language: the one asked for (`--lang`), else the settings', else Chinese."""
    return "en" if str(chosen or settings.get("language", "zh")).startswith("en") else "zh"


def install_language(app: QApplication, lang: str) -> list[QTranslator]:
    """Qt's own texts (standard buttons, the file dialog) and ours, in the chosen language; once per application
    (the set-up and then the desk window share one)."""
    if app.property("carddesk_language") == lang:
        return []
    app.setProperty("carddesk_language", lang)
    for previous in _INSTALLED:  # a switch while running: the other language's texts go
        app.removeTranslator(previous)
    _INSTALLED.clear()
    installed = []
    qt_texts = QTranslator(app)
    qt_name = "qtbase_en" if lang == "en" else "qtbase_zh_CN"
    if qt_texts.load(qt_name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_texts)
        installed.append(qt_texts)
    if lang == "en":
        ours = QTranslator(app)
        if not ours.load(str(TRANSLATIONS / "carddesk_en.qm")):
            raise RuntimeError(f"the English translation is missing: {TRANSLATIONS / 'carddesk_en.qm'}")
        app.installTranslator(ours)
        installed.append(ours)
    _INSTALLED.extend(installed)
    return installed
