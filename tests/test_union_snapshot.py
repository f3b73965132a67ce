"""A new desk's first pull is its branch's snapshot: one encrypted file copied inside SQLite, then the change log
after the file's cursor. It holds exactly what the change log from its start would have brought."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from db import snapshot as db_snapshot
from desk_app import union_desk
from desk_app.core.commands import CardRef
from desk_app.demo.people import PeopleFactory
from desk_app.union_desk import run_command
from tests.test_issue_card import adult_cmd
from tests.test_union_service import _join, _signed_in, running_union

TODAY = datetime.now(UTC).date()
HELD = ("readers", "identity_documents", "cards", "card_events", "ledger_entries", "staff")


@pytest.fixture(scope="module")
def union(postgres: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with running_union(postgres, tmp_path_factory.mktemp("snapshot"), "union_snapshot") as running:
        yield running


def _held(desk: Any) -> dict[str, list[tuple[Any, ...]]]:
    with desk.engine.connect() as connection:
        return {
            table: sorted(tuple(map(str, row)) for row in connection.execute(text(f"SELECT * FROM {table}")))  # noqa: S608
            for table in HELD
            if table != "staff"
        } | {
            # Who signed in here keeps an offline verifier of this desk's own.
            "staff": sorted(tuple(map(str, row)) for row in connection.execute(text("SELECT id, username FROM staff")))
        }


def test_a_new_desk_starts_from_its_branchs_snapshot_and_holds_what_the_change_log_would_have_brought(
    union, tmp_path, monkeypatch, test_keyring
):
    people = PeopleFactory("foshan", seed=3131)
    a_db, a_env = _join(union, tmp_path, "a", "FSLIB", "S1", tmp_path / "keyring.cfg")
    sd_db, sd_env = _join(union, tmp_path, "sd", "SDLIB", "S1", tmp_path / "keyring.cfg")
    with _signed_in(a_db, a_env, monkeypatch, "fs-admin", "S1") as (desk, link, ctx):
        issued = [run_command(desk, ctx, "issue_card", adult_cmd(people.person(30 + n, TODAY))) for n in range(6)]
        run_command(desk, ctx, "report_loss", CardRef(issued[0].card_number))
        assert link.push(link.sessions).pushed == 7
    with _signed_in(sd_db, sd_env, monkeypatch, "sd-admin", "S1") as (desk, link, ctx):
        run_command(desk, ctx, "issue_card", adult_cmd(people.person(50, TODAY)))
        assert link.push(link.sessions).pushed == 1

    copies: list[int] = []

    def copy_checked(engine: Any, path: Path, key: bytes, cursor_key: str, cursor: int) -> int:
        with sqlite3.connect(path) as plain, pytest.raises(sqlite3.DatabaseError):  # nothing without its key
            plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
        copies.append(db_snapshot.copy_snapshot(engine, path, key, cursor_key, cursor))
        return copies[-1]

    monkeypatch.setattr(union_desk, "copy_snapshot", copy_checked)
    b_db, b_env = _join(union, tmp_path, "b", "FSLIB", "S2", tmp_path / "keyring.cfg")
    with _signed_in(b_db, b_env, monkeypatch, "fs-admin", "S2") as (b, b_link, _ctx):
        pulled, skipped = b_link.pull()
        assert copies and pulled == copies[0] >= 6 * 4 and skipped == 0
        assert not list(b_db.parent.glob("*.snapshot"))  # the file is gone once copied
        through_snapshot = _held(b)
        with b.engine.connect() as connection:
            hashes = connection.execute(text("SELECT password_hash FROM staff WHERE username != 'fs-admin'"))
            assert set(hashes.scalars()) <= {""}
        assert b_link.pull() == (0, 0)
    monkeypatch.setattr(union_desk.UnionLink, "_take_snapshot", lambda _self: None)
    c_db, c_env = _join(union, tmp_path, "c", "FSLIB", "S3", tmp_path / "keyring.cfg")
    with _signed_in(c_db, c_env, monkeypatch, "fs-admin", "S3") as (c, c_link, _ctx):
        c_link.pull()
        through_change_log = _held(c)
    assert through_snapshot == through_change_log
    assert {row[7] for row in through_snapshot["readers"]} == {"FSLIB"}  # home branch: never another branch's
    assert {row[8] for row in through_snapshot["readers"]} == {""}  # no reader's password hash

    # After the snapshot, the change log: a loss reported at desk A reaches desk B.
    with _signed_in(a_db, a_env, monkeypatch, "fs-admin", "S1") as (desk, link, ctx):
        run_command(desk, ctx, "report_loss", CardRef(issued[1].card_number))
        assert link.push(link.sessions).pushed == 1
    with _signed_in(b_db, b_env, monkeypatch, "fs-admin", "S2") as (b, b_link, _ctx):
        assert b_link.pull()[0] >= 2
        with b.uow() as uow:
            assert uow.cards.where(number=issued[1].card_number)[0].status.value == "lost"


def test_a_desk_that_started_from_a_snapshot_follows_the_change_log_after_it(
    union, tmp_path, monkeypatch, test_keyring
):
    """Even a snapshot of an empty branch (cursor 0) counts: the desk's next pull is the change log."""
    copies: list[int] = []

    def counted(*args: Any) -> int:
        copies.append(db_snapshot.copy_snapshot(*args))
        return copies[-1]

    monkeypatch.setattr(union_desk, "copy_snapshot", counted)
    early_db, early_env = _join(union, tmp_path, "early", "SDLIB", "S7", tmp_path / "keyring.cfg")
    with _signed_in(early_db, early_env, monkeypatch, "sd-admin", "S7") as (_desk, link, _ctx):
        link.pull()
    assert len(copies) == 1
    sd_db, sd_env = _join(union, tmp_path, "sd", "SDLIB", "S8", tmp_path / "keyring.cfg")
    with _signed_in(sd_db, sd_env, monkeypatch, "sd-admin", "S8") as (desk, link, ctx):
        card = run_command(desk, ctx, "issue_card", adult_cmd(PeopleFactory("foshan", seed=77).person(40, TODAY)))
        assert link.push(link.sessions).pushed == 1
    with _signed_in(early_db, early_env, monkeypatch, "sd-admin", "S7") as (early, link, _ctx):
        assert link.pull()[0] >= 4
        assert len(copies) == 1  # the early desk's second pull was the change log
        with early.uow() as uow:
            assert uow.cards.where(number=card.card_number)
