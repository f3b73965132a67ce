"""Demo data obeys the rules and has what a demo needs; settings round-trip and survive a bad file."""

from __future__ import annotations

import json

import pytest

from desk_app.core.entities import CardStatus, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.policy import PROFILE_NAMES, load_profile
from desk_app.demo.demo_data import make_demo_data
from desk_app.settings import load_settings, save_settings
from tests.conftest import NOW
from tests.environments import keyed_desk_file
from tests.fakes import FakeUnitOfWork


@pytest.mark.parametrize("profile_name", PROFILE_NAMES)
def test_demo_data_for_every_profile(profile_name):
    fake = FakeUnitOfWork()
    summary = make_demo_data(lambda: fake, load_profile(profile_name), readers=25, clock=lambda: NOW)
    assert summary.readers == 25 and summary.refused == 0
    statuses = [card.status for card in fake.cards.where()]
    assert statuses.count(CardStatus.LOST) == 3 and statuses.count(CardStatus.CANCELLED) == 1
    assert fake.loans.where()
    # Zhejiang's credit card is for adults only; every other profile serves minors with a guardian.
    assert bool(fake.guardians.where()) == (profile_name != "zhejiang")
    deposits = fake.ledger.where(kind=LedgerKind.DEPOSIT_TAKEN)
    assert bool(deposits) == (profile_name == "foshan")
    assert all(entry.amount_fen == 10000 for entry in deposits)


def test_demo_data_is_repeatable():
    def names(seed):
        fake = FakeUnitOfWork()
        make_demo_data(lambda: fake, load_profile("shenzhen"), readers=5, seed=seed, clock=lambda: NOW)
        return sorted(r.name for r in fake.readers.where())

    assert names(1) == names(1) != names(2)


def test_settings_round_trip_and_ignore_wrong_types(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path)["profile"] == "foshan"
    save_settings({**load_settings(path), "profile": "chongqing", "branch": "SPBLIB"}, path)
    assert load_settings(path)["profile"] == "chongqing"
    path.write_text(json.dumps({"profile": 7, "desk": "D3"}), "utf-8")
    values = load_settings(path)
    assert values["profile"] == "foshan" and values["desk"] == "D3"


@pytest.mark.parametrize("damage", ["cut", "garbage", "list", "directory"])
def test_a_damaged_settings_file_stops_the_desk_with_its_path_and_is_kept(tmp_path, damage):
    """Never a default desk D1 on an empty database: the file is named, with what to do."""
    path = tmp_path / "settings.json"
    save_settings({**load_settings(path), "branch": "SDLIB", "desk": "D3"}, path)
    save_settings({**load_settings(path), "desk": "D4"}, path)
    assert json.loads((tmp_path / "settings.json.bak").read_text())["desk"] == "D3"  # the last good copy
    if damage == "directory":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes({"cut": b'{"profile": "chongq', "garbage": b"\x00\xff", "list": b"[1, 2]"}[damage])
    with pytest.raises(DeskError) as stopped:
        load_settings(path)
    assert stopped.value.code == "settings.unreadable"
    assert str(path) in stopped.value.message("zh") and "settings.json.bak" in stopped.value.message("en")


def test_the_command_line_stops_on_a_damaged_settings_file(tmp_path):
    import subprocess
    import sys

    from tests.environments import cli_environment

    env = cli_environment(tmp_path)
    settings = tmp_path / "config" / "CardDesk" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_bytes(b'{"branch": "SDLIB", "desk": "D')  # cut short by a power cut during a save
    done = subprocess.run([sys.executable, "-m", "desk_app", "branches"], capture_output=True, text=True, env=env,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2 and str(settings) in done.stderr
    assert not (tmp_path / "data" / "CardDesk" / "carddesk.sqlite").exists()  # no new empty database


@pytest.mark.parametrize("broken", ["settings", "empty database", "not a database", "newer", "malformed"])
def test_the_window_says_why_it_cannot_start_in_a_window(tmp_path, broken):
    """Started from the desktop icon there is no terminal: the reason and the log's place come in a window."""
    import subprocess
    import sys

    from tests.environments import cli_environment

    env = cli_environment(tmp_path) | {"QT_QPA_PLATFORM": "offscreen"}
    settings = tmp_path / "config" / "CardDesk" / "settings.json"
    settings.parent.mkdir(parents=True)
    database = tmp_path / "desk.sqlite"
    if broken == "settings":
        settings.write_bytes(b"\x00\xff")
        named = settings
    elif broken in ("newer", "malformed"):
        from desk_app.bootstrap import open_desk

        open_desk(database, "foshan").close()
        if broken == "newer":
            raw = keyed_desk_file(database)
            raw.execute("UPDATE alembic_version SET version_num = '9999'")  # a later CardDesk's database
            raw.commit()
            raw.close()
        else:
            data = bytearray(database.read_bytes())
            data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree, past the header
            database.write_bytes(bytes(data))
        named = database
    else:
        database.write_bytes(b"" if broken == "empty database" else b"MZ\x90\x00 a program, not a desk")
        named = database
    shot = tmp_path / "shot.png"
    where = [] if broken == "settings" else ["--db", str(database)]
    done = subprocess.run([sys.executable, "-m", "desk_app", *where, "gui", "--screenshot", str(shot)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2 and str(named) in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert shot.exists() and shot.stat().st_size > 0  # the window was up when the shot was taken
    if broken == "newer":
        assert "升级" in done.stderr


def test_the_start_failure_window_shows_the_reason_and_the_log(qtbot):
    from desk_app.ui.start_failure import start_failure_box

    error = DeskError("settings.unreadable", path="/x/settings.json", backup="/x/settings.json.bak")
    box = start_failure_box(error.message("zh"), "/var/log/carddesk.log")
    qtbot.addWidget(box)
    assert "/x/settings.json" in box.text() and "/var/log/carddesk.log" in box.informativeText()
    assert box.windowTitle() == "CardDesk 无法启动"
