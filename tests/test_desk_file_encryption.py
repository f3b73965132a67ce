"""The desk's file at rest: SQLCipher with a key from the keyring, readable by its owner only. A copied file
(or a backup) without the key shows nothing; a plain file from before is encrypted when the desk opens it."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from db.backup import backups, make_backup
from db.engine import connect_file, make_engine, sqlite_url
from db.migrate import upgrade
from db.uow import SqlUnitOfWork
from desk_app.bootstrap import open_desk
from desk_app.core.entities import Actor
from desk_app.core.services.issue import issue_card
from desk_app.core.services.setup import add_staff, ensure_profile_branches
from desk_app.demo.people import PeopleFactory
from desk_app.secrets import desk_file_key
from tests.conftest import TODAY, id_card
from tests.environments import cli_environment
from tests.test_issue_card import adult_cmd

PERSON = PeopleFactory("foshan", seed=8801).person(52, TODAY)


def _files(path: Path) -> list[Path]:
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


def _everything_on_disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in _files(path) + backups(path))


def _issue(desk_or_factory) -> None:  # type: ignore[no-untyped-def]
    opener = desk_or_factory.uow if hasattr(desk_or_factory, "uow") else desk_or_factory
    with opener() as uow:
        staff = add_staff(uow, f"clerk-{id(opener)}", "测试馆员", "FSLIB", "counter")
    from desk_app.core.policy import load_profile
    from desk_app.core.services.context import DeskContext

    ctx = DeskContext(Actor(staff.id, "FSLIB", "D1"), load_profile("foshan"))
    with opener() as uow:
        issue_card(uow, ctx, adult_cmd(PERSON))


def test_a_new_desk_file_is_encrypted_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    desk = open_desk(path, "foshan")
    try:
        _issue(desk)
        make_backup(path, "manual", key=desk.key)
        for file in _files(path) + backups(path):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
        on_disk = _everything_on_disk(path)
        for personal in (PERSON.name, PERSON.citizen_number, PERSON.phone):
            assert personal.encode() not in on_disk, personal  # nor in the log, nor in the backup
        assert not path.read_bytes().startswith(b"SQLite format 3")
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            sqlite3.connect(path).execute("SELECT count(*) FROM readers").fetchone()
        with pytest.raises(Exception, match="file is not a database"):
            connect_file(str(path), bytes(32)).execute("SELECT count(*) FROM readers").fetchone()  # a wrong key
        keyed = connect_file(str(path), desk_file_key())
        assert keyed.execute("SELECT count(*) FROM readers").fetchone()[0] == 1  # the keyring's key opens it
        keyed.close()
    finally:
        desk.close()


def test_a_plain_desk_file_and_its_backups_are_encrypted_when_the_desk_opens_it(tmp_path: Path) -> None:
    """A desk file from before (plain SQLite, readable by all, with a plain backup) keeps every row and is
    encrypted in place, its backups with it."""
    path = tmp_path / "old.sqlite"
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    from db.engine import make_session_factory

    factory = make_session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        from desk_app.core.policy import load_profile

        ensure_profile_branches(uow, load_profile("foshan"))
    _issue(lambda: SqlUnitOfWork(factory))
    engine.dispose()
    path.chmod(0o644)
    make_backup(path, "daily")
    assert PERSON.citizen_number.encode() in _everything_on_disk(path)
    desk = open_desk(path, "foshan")
    try:
        with desk.uow() as uow:
            (document,) = uow.documents.where(number=PERSON.citizen_number)
            assert uow.readers.get(document.reader_id).name == PERSON.name
        assert PERSON.citizen_number.encode() not in _everything_on_disk(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        (backup,) = backups(path)
        copy = connect_file(str(backup), desk.key)
        assert copy.execute("SELECT count(*) FROM readers").fetchone()[0] == 1  # the backup, encrypted alike
        copy.close()
    finally:
        desk.close()


def test_a_desk_file_copied_to_another_pc_account_opens_nowhere_and_says_so(tmp_path: Path) -> None:
    """Another account's keyring holds another key: the copy is refused with what it may be, and left as it
    was (nothing is encrypted again, nothing is overwritten)."""
    path = tmp_path / "desk.sqlite"
    desk = open_desk(path, "foshan")
    _issue(desk)
    desk.close()
    stolen = tmp_path / "elsewhere" / "desk.sqlite"
    stolen.parent.mkdir()
    stolen.write_bytes(path.read_bytes())
    before = stolen.read_bytes()
    env = cli_environment(tmp_path / "other-account") | {"CARDDESK_TEST_KEYRING": str(tmp_path / "other.cfg")}
    done = subprocess.run([sys.executable, "-m", "desk_app", "--db", str(stolen), "--profile", "foshan", "branches"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2 and "在别的电脑上加密" in done.stderr and "Traceback" not in done.stderr
    assert stolen.read_bytes() == before
    assert id_card(PERSON).number.encode() not in before
