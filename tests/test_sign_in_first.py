"""The sign-in window first: a clerk's plain start shows it before the command line and the database load,
and Enter lets them in once those are loaded; anything else goes to the command line as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desk_app.bootstrap import open_desk
from desk_app.demo.demo_data import DEMO_PASSWORD, make_demo_data
from desk_app.entry import plain_window_start
from tests.conftest import NOW


@pytest.mark.parametrize(
    ("words", "plain"),
    [
        ([], True),
        (["--db", "d.sqlite"], True),
        (["--db=d.sqlite", "--profile", "foshan", "--lang", "en"], True),
        (["--db", "d.sqlite", "gui"], True),
        (["gui", "--desk", "D2", "--branch", "FSLIB"], True),
        (["gui", "--user", "fslib-counter", "--password-stdin"], False),  # a kiosk start: no sign-in window
        (["gui", "--screenshot", "s.png"], False),
        (["--db", "d.sqlite", "search", "13800138000"], False),
        (["gui", "--db", "d.sqlite"], False),  # the parser's own message says what is wrong with it
        (["--self-check"], False),
        (["--db"], False),
    ],
)
def test_only_a_clerks_plain_start_shows_the_sign_in_first(words: list[str], plain: bool) -> None:
    assert plain_window_start(words) is plain


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    desk = open_desk(tmp_path_factory.mktemp("first") / "desk.sqlite", "foshan")
    make_demo_data(desk.uow_factory(), desk.profile, readers=10, clock=lambda: NOW)
    desk.close()
    return desk.path


def test_the_sign_in_is_on_screen_before_the_desk_has_loaded_and_enter_lets_the_clerk_in(
    demo_file: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CARDDESK_START_TRACE": "1", "HOME": str(tmp_path)}
    marks = []
    with subprocess.Popen([sys.executable, "-m", "desk_app", "--db", str(demo_file)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True) as process:  # fmt: skip
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        for line in process.stdout:
            marks.append(line.strip())
            if marks[-1] == "loaded":
                process.stdin.write(f"fslib-counter\t{DEMO_PASSWORD}\n")
                process.stdin.flush()
        process.stdin.close()
        assert process.wait(60) == 0, process.stderr.read()[-2000:]
    # Painted first: the database opened behind it; the main window showed readers after Enter.
    assert marks == ["painted", "loaded", "enter", "ready"]


def test_a_start_that_cannot_load_closes_the_sign_in_and_says_why_as_the_command_line_does(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desk_app.cli
    from desk_app.ui import sign_in_first

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database at all" * 100)
    ran: list[list[str]] = []
    monkeypatch.setattr(desk_app.cli, "main", lambda words: ran.append(list(words)) or 2)
    assert sign_in_first.run(["--db", str(broken)]) == 2
    assert ran == [["--db", str(broken)]]
