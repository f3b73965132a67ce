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
from desk_app.demo.demo_data import DEMO_PASSWORD, make_demo_data
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


@pytest.fixture(scope="module")
def x_display():
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is missing: installer/dev.sh installs it")
    display = f":{90 + os.getpid() % 500}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    yield display
    server.terminate()
    server.wait(10)


def screenshot(display, tmp_path, demo_desk, name, *extra, stdin=""):
    """Run the real `carddesk gui` on the X server and keep what the screen showed."""
    from PyQt6.QtGui import QImage

    shot = tmp_path / f"{name}.png"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
    carddesk = Path(sys.executable).parent / "carddesk"
    done = subprocess.run(
        [str(carddesk), "--db", str(demo_desk.path), "--profile", "foshan", "gui", "--screenshot", str(shot), *extra],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    keep = os.environ.get("CARDDESK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / f"{name}.png")
    return image


@pytest.mark.xvfb
def test_the_run_command_opens_a_window_on_a_real_x_server(x_display, tmp_path, demo_desk):
    image = screenshot(
        x_display,
        tmp_path,
        demo_desk,
        "main-window",
        "--user",
        "fslib-counter",
        "--password-stdin",
        stdin=f"{DEMO_PASSWORD}\n",
    )
    colours = {image.pixel(x, y) for x in range(0, 1100, 7) for y in range(0, 680, 7)}
    assert len(colours) > 20, "the screen is blank"


@pytest.mark.xvfb
def test_the_desk_opens_at_the_sign_in_screen(x_display, tmp_path, demo_desk):
    image = screenshot(x_display, tmp_path, demo_desk, "sign-in")
    colours = {image.pixel(x, y) for x in range(0, 1280, 5) for y in range(0, 800, 5)}
    assert len(colours) > 5


def test_sign_in_dialog_reports_a_wrong_password_and_accepts_the_right_one(qtbot):
    from desk_app.core.errors import DeskError
    from desk_app.ui.sign_in import SignInDialog

    def authenticate(user, password):
        if password != "right2026":
            raise DeskError("staff.bad_credentials")
        return ("signed", user)

    dialog = SignInDialog(authenticate, "佛山市联合图书馆")
    qtbot.addWidget(dialog)
    dialog.user.setText("fslib-counter")
    dialog.password.setText("wrong")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.message.text() == "用户名或密码错误", timeout=5000)
    assert dialog.password.text() == ""
    dialog.password.setText("right2026")
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signed:
        dialog.buttons.accepted.emit()
    assert signed.args == [("signed", "fslib-counter")]
    dialog.operations.wait()


def test_idle_time_locks_the_desk_and_input_keeps_it_open(qtbot, demo_desk):
    from PyQt6.QtCore import QEvent, Qt
    from PyQt6.QtGui import QKeyEvent

    from desk_app.ui.sign_in import IdleLock

    window = MainWindow(demo_desk.directory(), "T", "B", "x")
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(400)
    lock.idled.connect(lambda: window.set_locked(True))
    lock.start()
    for _ in range(4):  # typing keeps pushing the lock away
        qtbot.wait(150)
        lock.eventFilter(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert window.centralWidget().isVisible()
    with qtbot.waitSignal(window.locked_changed, timeout=2000) as locked:
        pass
    assert locked.args == [True] and not window.centralWidget().isVisible()
    window.show_place("佛山市图书馆（FSLIB）· D1 · 另一位馆员")  # someone else signed in at the lock
    window.set_locked(False)
    assert window.centralWidget().isVisible() and "另一位馆员" in window.heading.text()
    window.operations.wait()


@pytest.mark.xvfb
def test_the_statistics_screen_on_a_real_x_server(x_display, tmp_path, demo_desk):
    image = screenshot(
        x_display,
        tmp_path,
        demo_desk,
        "statistics",
        "--user",
        "fslib-supervisor",
        "--password-stdin",
        "--open",
        "stats",
        stdin=f"{DEMO_PASSWORD}\n",
    )
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 20, "the screen is blank"
