"""Personal information: masked in logs and exports, erased by the purge, exported on request."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from desk_app.bootstrap import open_desk
from desk_app.core.entities import Actor, LedgerKind
from desk_app.core.guardian_rules import guardian_requirement
from desk_app.core.policy import load_profile
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import take_money
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import cancel_card
from desk_app.core.services.privacy import export_reader_data, purge
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import PeopleFactory
from desk_app.logs import MaskingFormatter
from tests.conftest import NOW, TODAY
from tests.environments import keyring_environment
from tests.test_issue_card import adult_cmd

CARDDESK = Path(sys.executable).parent / "carddesk"


def statistics(uow):
    """The figures the yearly report counts: cards by year, branch, type, age band at issue and document type."""
    counts: Counter[tuple[object, ...]] = Counter()
    for card in uow.cards.where():
        issue = next(e for e in uow.events.where(card_id=card.id) if e.kind == "issue")
        band = issue.detail["age_at_issue"] // 10
        counts[
            (
                card.issued_at.year,
                card.home_branch_code,
                card.card_type_code,
                band,
                tuple(issue.detail["document_types"]),
                card.status.value,
            )
        ] += 1
    ledger = sum(e.amount_fen for e in uow.ledger.where())
    return counts, ledger


def test_a_purge_leaves_no_personal_field_behind_and_the_statistics_unchanged(tmp_path):
    """Erased is erased for someone holding the key too: read on a plain file, which shows what SQLite leaves
    in its pages and log (the desk's own file is encrypted besides; test_desk_file_encryption)."""
    from db.engine import make_engine, make_session_factory, sqlite_url
    from db.migrate import upgrade
    from desk_app.bootstrap import OpenDesk
    from desk_app.core.policy import load_profile
    from desk_app.core.services.setup import ensure_profile_branches

    path = tmp_path / "desk.sqlite"
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    desk = OpenDesk(load_profile("foshan"), path, engine, make_session_factory(engine))
    with desk.uow() as uow:
        ensure_profile_branches(uow, desk.profile)
    with desk.uow() as uow:
        staff = add_staff(uow, "admin", "管理员", "FSLIB", "admin")
    ctx = DeskContext(Actor(staff.id, "FSLIB", "D1"), desk.profile, clock=lambda: NOW)
    people = PeopleFactory("foshan", seed=99)
    leaving, staying = people.person(52, TODAY), people.person(47, TODAY)
    cmd = replace(adult_cmd(leaving), address="禅城区隐私测试路99号", work_unit="隐私测试有限公司")
    with desk.uow() as uow:
        gone = issue_card(uow, ctx, cmd)
    with desk.uow() as uow:
        kept = issue_card(uow, ctx, adult_cmd(staying))
    with desk.uow() as uow:
        take_money(uow, ctx, LedgerKind.CARD_FEE, 1000, 1000, uuid.UUID(gone.reader_id), None, "工本费")
        uow.commit()
    with desk.uow() as uow:
        cancel_card(uow, ctx, gone.card_number, DocumentInput("resident_id", leaving.citizen_number))
    with desk.uow() as uow:
        before = statistics(uow)

    later = replace(ctx, clock=lambda: NOW + timedelta(days=1096))
    with desk.uow() as uow:
        report = purge(uow, later, retention_days=1095, photo_retention_days=30)
    assert report.readers_anonymised == 1
    with desk.uow() as uow:
        assert statistics(uow) == before
        reader = uow.readers.get(uuid.UUID(gone.reader_id))
        assert (reader.name, reader.phone, reader.address, reader.work_unit) == ("已注销读者", "", "", "")
        assert uow.readers.get(uuid.UUID(kept.reader_id)).name == staying.name
    with desk.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("desk.sqlite*"))
    for secret in (leaving.citizen_number, leaving.phone, leaving.name, "隐私测试路", "隐私测试有限公司"):
        assert secret.encode("utf-8") not in raw, secret
    assert staying.citizen_number.encode() in raw


def test_a_reader_with_a_deposit_or_a_recent_cancellation_is_not_purged(make_desk):
    desk = make_desk("foshan")
    person = desk.person(40)
    issued = desk.run(issue_card, adult_cmd(person))
    desk.run(cancel_card, issued.card_number, DocumentInput("resident_id", person.citizen_number))
    assert desk.run(purge, 1095, 30, role="admin").readers_anonymised == 0
    desk.now = NOW + timedelta(days=2000)
    with desk.open_uow() as uow:
        take_money(
            uow,
            desk.ctx(role="deposit"),
            LedgerKind.DEPOSIT_TAKEN,
            5000,
            5000,
            uuid.UUID(issued.reader_id),
            None,
            "押金",
        )
        uow.commit()
    assert desk.run(purge, 1095, 30, role="admin").readers_anonymised == 0


def test_photos_are_kept_only_as_long_as_the_policy_says(make_desk):
    from desk_app.core.services.attachments import attach
    from tests.test_permissions import PNG

    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(30)))
    desk.run(attach, "reader", issued.reader_id, "photo", PNG)
    assert desk.run(purge, 1095, 30, role="admin").attachments_erased == 0
    desk.now = NOW + timedelta(days=31)
    assert desk.run(purge, 1095, 30, role="admin").attachments_erased == 1
    assert desk.read(lambda uow: uow.attachments.where()) == []


def test_an_access_request_gets_everything_and_is_audited(make_desk):
    desk = make_desk("foshan")
    person = desk.person(30)
    issued = desk.run(issue_card, adult_cmd(person))
    data = desk.run(export_reader_data, uuid.UUID(issued.reader_id), role="supervisor")
    assert data["reader"]["name"] == person.name and data["reader"]["phone"] == person.phone
    assert data["documents"][0]["number"] == person.citizen_number
    assert data["cards"][0]["number"] == issued.card_number and data["card_events"]
    assert "password_hash" not in data["reader"]
    json.dumps(data, ensure_ascii=False)
    assert desk.read(lambda uow: uow.audit.where(action="privacy_export"))


def test_under_fourteen_needs_consent_whatever_the_profile_says():
    lax = replace(load_profile("shenzhen").card_type("library_city"), consent_under_age=None)
    assert guardian_requirement(lax, 13).consent_required
    assert not guardian_requirement(lax, 14).consent_required


def test_no_log_line_carries_a_full_document_number(tmp_path):
    number, phone = "110101199006150255", "19900001111"
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad number %s phone %s", (number, phone), None)
    line = MaskingFormatter("%(message)s").format(record)
    assert number not in line and phone not in line and "110***********0255" in line

    not_a_db = tmp_path / f"{number}.sqlite"
    not_a_db.write_bytes(b"x" * 4096)
    subprocess.run(
        [str(CARDDESK), "--db", str(not_a_db), "search", number],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", **keyring_environment()},
        check=False,
    )
    logs = list(tmp_path.rglob("carddesk.log"))
    assert logs
    assert all(number not in log.read_text("utf-8") for log in logs)


def test_lists_show_masked_numbers(tmp_path):
    desk = open_desk(tmp_path / "d.sqlite", "foshan")
    with desk.uow() as uow:
        staff = add_staff(uow, "c", "柜台", "FSLIB", "counter")
    person = PeopleFactory("foshan", 5).person(30, date(2026, 11, 22))
    with desk.uow() as uow:
        issue_card(uow, DeskContext(Actor(staff.id, "FSLIB", "D1"), desk.profile, clock=lambda: NOW), adult_cmd(person))
    found = desk.directory().search(person.citizen_number)
    assert found and person.citizen_number not in str(found) and person.phone not in str(found)
    desk.close()
