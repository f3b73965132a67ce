"""English through Qt Linguist: every text of the window translated, the compiled .qm current, and the
window really shown in English when the setting says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def test_every_text_of_the_window_is_translated_and_compiled() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "i18n.py"), "check"], capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_window_in_english(qtbot: Any, tmp_path: Path) -> None:
    from PyQt6.QtWidgets import QApplication

    from desk_app.bootstrap import open_desk
    from desk_app.ui.language import install_language
    from desk_app.ui.main_window import MainWindow

    app = QApplication.instance()
    installed = install_language(app, "en")  # type: ignore[arg-type]
    desk = open_desk(tmp_path / "d.sqlite", "foshan")
    try:
        window = MainWindow(desk.directory(), "Foshan", "FSLIB · D1", "d.sqlite", "en", money=object())
        qtbot.addWidget(window)
        titles = [action.text() for action in window.menuBar().actions()]
        assert "Print" in titles and "Deposits" in titles and "Sync" in titles
        assert window.search_edit.placeholderText().startswith("Tap, scan")
        with qtbot.waitSignal(window.search_finished, timeout=5000):
            window.search("")
        assert window.result_label.text() == "0 reader(s) found"
        window.operations.wait()
    finally:
        for translator in installed:
            app.removeTranslator(translator)  # type: ignore[union-attr]
        desk.close()


def test_every_screen_is_made_in_both_languages(tmp_path: Path) -> None:
    """What `make screens` runs (there under Xvfb; here offscreen): every screen, Chinese and English."""
    import os

    done = subprocess.run([sys.executable, "-m", "desk_app.ui.screens", str(tmp_path)], capture_output=True,
                          text=True, timeout=300, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    committed = {p.relative_to(ROOT / "docs" / "screens") for p in (ROOT / "docs" / "screens").rglob("*.png")}
    made = {p.relative_to(tmp_path) for p in tmp_path.rglob("*.png")}
    assert made == committed and len(made) >= 22
