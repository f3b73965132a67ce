"""The desk window, offscreen with pytest-qt, and on a real X server (Xvfb) as a person sees it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk_app.bootstrap import open_desk
from desk_app.demo.demo_data import make_demo_data
from desk_app.ui.main_window import MainWindow
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory):
    desk = open_desk(tmp_path_factory.mktemp("gui") / "desk.sqlite", "foshan")
    make_demo_data(desk.uow_factory(), desk.profile, readers=15, clock=lambda: NOW)
    yield desk
    desk.close()


def test_search_runs_off_the_ui_thread_and_fills_the_table(qtbot, demo_desk):
    window = MainWindow(demo_desk.directory(), "佛山市联合图书馆", "佛山市图书馆 · D1", str(demo_desk.path))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.search_finished, timeout=5000) as everyone:
        window.start()
    assert everyone.args == [15]
    assert window.model.rowCount() == 15
    first = window.model.row_at(0)
    with qtbot.waitSignal(window.search_finished, timeout=5000) as one:
        qtbot.keyClicks(window.search_edit, first.card_number)
    assert one.args == [1]
    assert window.model.data(window.model.index(0, 1), 0) == first.name
    assert "*" in window.model.data(window.model.index(0, 2), 0)
    assert "找到 1 位读者" in window.result_label.text()
    window.operations.wait()


def test_a_failed_search_says_so_in_the_window(qtbot):
    class Broken:
        def search(self, text, limit=50):
            raise OSError("disk unplugged")

    window = MainWindow(Broken(), "T", "B", "x")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.search_finished, timeout=5000) as failed:
        window.search("x")
    assert failed.args == [-1]
    assert "disk unplugged" in window.result_label.text()
    window.operations.wait()


@pytest.mark.xvfb
def test_the_run_command_opens_a_window_on_a_real_x_server(tmp_path, demo_desk):
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is missing: installer/dev.sh installs it")
    display = f":{90 + os.getpid() % 500}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    try:
        time.sleep(1.0)
        shot = tmp_path / "desk.png"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
        carddesk = Path(sys.executable).parent / "carddesk"
        done = subprocess.run(
            [str(carddesk), "--db", str(demo_desk.path), "--profile", "foshan", "gui", "--screenshot", str(shot)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        from PyQt6.QtGui import QImage

        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1100, 7) for y in range(0, 680, 7)}
        assert len(colours) > 20, "the screen is blank"
        keep = os.environ.get("CARDDESK_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / "main-window.png")
    finally:
        server.terminate()
        server.wait(10)
