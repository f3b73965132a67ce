"""Refunds against a real central PostgreSQL: online only, once per deposit from any number of desks, and
whole after a power cut between any two steps."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from desk_app.core.entities import LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.money import balances, open_deposits
from desk_app.core.services import refunds
from desk_app.core.services.day_end import day_end
from desk_app.core.services.deposits import take
from desk_app.core.services.issue import issue_card
from desk_app.core.services.refunds import LegacyInput, RefundApplication
from desk_app.crashpoints import CRASH_ENV, CRASH_EXIT
from desk_app.refund_desk import pay_refund
from tests.central_fixtures import SyncDesk, Union, cli_environment, empty_database, union
from tests.conftest import TODAY, id_card
from tests.test_issue_card import adult_cmd


@pytest.fixture
def the_union(postgres: Any, tmp_path: Path) -> Any:
    with union(postgres, tmp_path / "desks") as made:
        yield made


def _deposit_holder(desk: SyncDesk, age: int = 40) -> tuple[Any, Any]:
    person = desk.desk.person(age)
    issued = desk.run(issue_card, adult_cmd(person))
    desk.run(
        take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, against_policy="前政策下收取的押金", role="deposit"
    )
    return person, issued


def _approved(desk: SyncDesk, app: RefundApplication, code: str = "D1") -> uuid.UUID:
    ctx = desk.desk.ctx(desk.branch, desk=code, role="deposit")
    with desk.desk.open_uow() as uow:
        view = refunds.apply_for_refund(uow, ctx, app)
    with desk.desk.open_uow() as uow:
        refunds.approve_refund(uow, ctx, uuid.UUID(view.id))
    return uuid.UUID(view.id)


def _pay(desk: SyncDesk, request_id: uuid.UUID, code: str = "D1") -> Any:
    link = desk.link()
    return pay_refund(link.desk, link, desk.desk.ctx(desk.branch, desk=code, role="deposit"), request_id)  # type: ignore[arg-type]


def _central(u: Union, sql: str) -> list[Any]:
    with u.admin.connect() as connection:
        return list(connection.execute(text(sql)))


def test_a_refund_is_accepted_centrally_then_kept_locally_and_seen_by_every_desk(the_union: Union) -> None:
    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    person, issued = _deposit_holder(a)
    request_id = _approved(a, RefundApplication(issued.card_number, id_card(person), card_presented=True))
    paid = _pay(a, request_id)
    assert not paid.already and paid.view.status == "paid" and paid.view.refund_fen == 10000
    rows = _central(the_union, "SELECT kind, amount_fen, refund_of IS NOT NULL, authorised_by FROM ledger_entries")
    assert sorted(r[:3] for r in rows) == [("deposit_refunded", 10000, True), ("deposit_taken", 10000, False)]
    assert f"refund:{request_id}" in {r[3] for r in rows}
    logged = _central(the_union, "SELECT count(*) FROM change_log WHERE entity = 'ledger_entries'")
    assert logged[0][0] == 2  # the refund is logged once, not again when the desk's copy would be pushed
    with a.local.connect() as connection:  # the desk's own copy is never sent back: only its audit record waits
        waiting = {row[0] for row in connection.execute(text("SELECT entity FROM sync_outbox"))}
    assert waiting <= {"audit_log"}
    local = a.desk.read(lambda uow: uow.ledger.where())
    assert balances(local).deposit_fen == 0
    again = _pay(a, request_id)  # a retried click: nothing paid now
    assert again.already and again.view.receipts == paid.view.receipts
    b.sync.sync()
    assert open_deposits(b.desk.read(lambda uow: uow.ledger.where())) == []


def test_a_refund_needs_the_central_database(the_union: Union, postgres: Any) -> None:
    a = the_union.desk("a", "FSLIB")
    person, issued = _deposit_holder(a)
    request_id = _approved(a, RefundApplication(issued.card_number, id_card(person), card_presented=True))
    a.go_offline(postgres)
    with pytest.raises(DeskError) as offline:
        _pay(a, request_id)
    assert offline.value.code == "sync.offline_refused"
    assert a.desk.read(lambda uow: uow.refunds.get(request_id)).status == "approved"  # nothing planned
    a.come_back()
    assert _pay(a, request_id).view.status == "paid"


def test_two_desks_pay_the_same_deposit_at_once_and_exactly_one_succeeds(the_union: Union) -> None:
    a, b = the_union.desk("a", "FSLIB", "D1"), the_union.desk("b", "FSLIB", "D2")
    person, issued = _deposit_holder(a)
    a.sync.sync()
    b.sync.sync()
    app = RefundApplication(issued.card_number, id_card(person), card_presented=True)
    requests = {"a": _approved(a, app, "D1"), "b": _approved(b, app, "D2")}
    outcomes: dict[str, Any] = {}
    start = threading.Barrier(2)

    def pay(name: str, desk: SyncDesk, code: str) -> None:
        start.wait()
        try:
            outcomes[name] = _pay(desk, requests[name], code)
        except DeskError as err:
            outcomes[name] = err

    threads = [threading.Thread(target=pay, args=("a", a, "D1")), threading.Thread(target=pay, args=("b", b, "D2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    refused = [o for o in outcomes.values() if isinstance(o, DeskError)]
    paid = [o for o in outcomes.values() if not isinstance(o, DeskError)]
    assert len(paid) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "refund.already_refunded" and "佛山市图书馆" in refused[0].message()
    closing = _central(the_union, "SELECT count(*) FROM ledger_entries WHERE refund_of IS NOT NULL")
    assert closing[0][0] == 1
    loser = b if isinstance(outcomes["b"], DeskError) else a
    loser_code = "D2" if loser is b else "D1"
    request = loser.desk.read(lambda uow: uow.refunds.get(requests["b" if loser is b else "a"]))
    assert request.status == "refused" and request.plan["void_receipts"]
    loser.sync.sync()
    local = loser.desk.read(lambda uow: uow.ledger.where())
    assert len([e for e in local if e.kind is LedgerKind.DEPOSIT_REFUNDED]) == 1 and balances(local).deposit_fen == 0
    with loser.desk.open_uow() as uow:
        report = day_end(uow, loser.desk.ctx("FSLIB", desk=loser_code, role="deposit"), TODAY)
    assert report.void_receipts == request.plan["void_receipts"] and not any("缺失" in p for p in report.problems)


def test_one_old_card_is_refunded_once_whichever_desk_records_it(the_union: Union) -> None:
    a, b = the_union.desk("a", "FSLIB", "D1"), the_union.desk("b", "FSLIB", "D2")
    person = a.desk.person(66)
    issued = a.run(issue_card, adult_cmd(person))
    a.sync.sync()
    b.sync.sync()
    old = LegacyInput("FSA0099999", "1999-0001", 5000, original_card_seen=True, reader_signed=True)
    app = RefundApplication(issued.card_number, id_card(person), card_presented=True, legacy=old)
    ids = []
    for desk in (a, b):
        view = desk.run(refunds.apply_for_refund, app, role="deposit")
        desk.desk.read(lambda uow, desk=desk: _supervisor_password(uow, desk))
        boss = desk.desk.member("FSLIB", "supervisor").username
        desk.run(refunds.approve_refund, uuid.UUID(view.id), (boss, "Boss-2026!"), role="deposit")
        ids.append(uuid.UUID(view.id))
    assert _pay(a, ids[0], "D1").view.refund_fen == 5000
    with pytest.raises(DeskError) as twice:
        _pay(b, ids[1], "D2")
    assert twice.value.code == "refund.already_refunded"
    recorded = _central(the_union, "SELECT count(*) FROM ledger_entries WHERE kind = 'deposit_recorded'")
    assert recorded[0][0] == 1


def test_money_taken_offline_at_two_desks_keeps_unique_receipts(the_union: Union, postgres: Any) -> None:
    a, b = the_union.desk("a", "FSLIB", "D1"), the_union.desk("b", "FSLIB", "D2")
    _p, issued = _deposit_holder(a)
    a.sync.sync()
    b.sync.sync()
    a.go_offline(postgres)
    b.go_offline(postgres)
    with a.desk.open_uow() as uow:
        take(uow, a.desk.ctx("FSLIB", desk="D1", role="deposit"), LedgerKind.PRE_DEPOSIT, issued.card_number, 500)
    with b.desk.open_uow() as uow:
        take(uow, b.desk.ctx("FSLIB", desk="D2", role="deposit"), LedgerKind.PRE_DEPOSIT, issued.card_number, 700)
    a.come_back()
    b.come_back()
    results = [a.sync.sync(), b.sync.sync(), a.sync.sync()]
    assert sum(r.conflicts for r in results) == 0
    numbers = [r[0] for r in _central(the_union, "SELECT receipt_no FROM ledger_entries ORDER BY receipt_no")]
    assert numbers == ["FSLIB-D1-00000001", "FSLIB-D1-00000002", "FSLIB-D2-00000001"]
    assert balances(a.desk.read(lambda uow: uow.ledger.where())).pre_deposit_fen == 1200


def _supervisor_password(uow: Any, desk: SyncDesk) -> None:
    from desk_app.core.passwords import hash_password

    boss = uow.staff.get(desk.desk.member("FSLIB", "supervisor").id)
    boss.password_hash = hash_password("Boss-2026!")
    uow.staff.save(boss)
    uow.commit()


CRASH_POINTS = ["refund.planned", "refund.claimed", "refund.pulled", "refund.completed", "refund.printed"]


def test_a_power_cut_between_any_two_steps_pays_nothing_twice_and_loses_nothing(postgres: Any, tmp_path: Path) -> None:
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.passwords import hash_password
    from desk_app.core.services.setup import add_staff
    from desk_app.demo.people import PeopleFactory
    from desk_app.documents import produce
    from tests.cli_staff import PASSWORD

    env = cli_environment(tmp_path)
    admin_url = empty_database(postgres, "crash_union")
    db_file = tmp_path / "desk.sqlite"

    def carddesk(*args: str, crash: str | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
        run_env = env | ({CRASH_ENV: crash} if crash else {})
        return subprocess.run(
            [sys.executable, "-m", "desk_app", "--db", str(db_file), "--profile", "foshan", "--branch", "FSLIB",
             "--desk", "D1", "--staff", "supervisor-fslib", "--password-stdin", *args],
            capture_output=True, text=True, env=run_env, timeout=120, input=PASSWORD + "\n" + stdin,
        )  # fmt: skip

    assert carddesk("central", "init", "--url", admin_url).returncode == 0
    # Readers with a deposit each, taken and receipted at this desk before it joined the union.
    desk = open_desk(db_file, "foshan")
    people = PeopleFactory("foshan", seed=11)
    with desk.uow() as uow:
        staff = add_staff(uow, "supervisor-fslib", "主管", "FSLIB", "supervisor")
        staff.password_hash = hash_password(PASSWORD)
        uow.staff.save(staff)
        uow.commit()
    ctx = desk.context(Actor(staff.id, "FSLIB", "D1"))
    holders = []
    for _ in CRASH_POINTS:
        person = people.person(40, TODAY)
        with desk.uow() as uow:
            issued = issue_card(uow, ctx, adult_cmd(person))
        with desk.uow() as uow:
            receipt = take(
                uow, ctx, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, against_policy="前政策下收取的押金"
            )
        produce(desk, ctx, "receipt", receipt)
        holders.append((person, issued))
    desk.close()
    registered = carddesk("central", "register-desk", "--url", admin_url, "--desk-branch", "FSLIB",
                          "--desk-code", "D1", "--json")  # fmt: skip
    assert registered.returncode == 0, registered.stderr

    for point, (person, issued) in zip(CRASH_POINTS, holders, strict=True):
        applied = carddesk("refund", "apply", "--reader", issued.card_number, "--doc-number", person.citizen_number,
                           "--card-presented", "--json")  # fmt: skip
        assert applied.returncode == 0, applied.stderr
        request = json.loads(applied.stdout)["id"]
        assert carddesk("refund", "approve", request).returncode == 0
        cut = carddesk("refund", "pay", request, "--json", crash=point)
        assert cut.returncode == CRASH_EXIT, (point, cut.stderr)
        resumed = carddesk("refund", "pay", request, "--json")
        assert resumed.returncode == 0, (point, resumed.stderr)
        shown = json.loads(resumed.stdout)
        assert shown["status"] == "paid" and len(shown["receipts"]) == 1, point
        # Printed once: before the cut if it got that far, else now.
        assert len(shown["printed"]) == (0 if point == "refund.printed" else 1), point
        history = json.loads(carddesk("print-history", "--reader", issued.card_number, "--json").stdout)
        assert [h["reference"] for h in history if h["kind"] == "receipt"].count(shown["receipts"][0]) == 1, point
        if point == CRASH_POINTS[-1]:  # scans attached, then the cut before the archive is closed
            scans = []
            for kind in ("document_copy", "application", "receipt"):
                scan = tmp_path / f"{kind}.pdf"
                scan.write_bytes(b"%PDF-1.4 scan of the " + kind.encode())
                scans += ["--attach", f"{kind}={scan}"]
            cut = carddesk("refund", "archive", request, *scans, crash="refund.attached")
            assert cut.returncode == CRASH_EXIT
            archived = carddesk("refund", "archive", request, "--json")
        else:
            archived = carddesk("refund", "archive", request, "--paper-archive", f"A-{point}", "--json")
        assert json.loads(archived.stdout)["status"] == "archived", archived.stderr

    central_refunds = _central_rows(admin_url, "SELECT refund_of, count(*) FROM ledger_entries "
                                               "WHERE refund_of IS NOT NULL GROUP BY refund_of")  # fmt: skip
    assert len(central_refunds) == len(CRASH_POINTS) and all(n == 1 for _r, n in central_refunds)
    desk = open_desk(db_file, "foshan")
    try:
        with desk.uow() as uow:
            entries = uow.ledger.where()
        assert len([e for e in entries if e.kind is LedgerKind.DEPOSIT_REFUNDED]) == len(CRASH_POINTS)
        assert balances(entries).deposit_fen == 0
    finally:
        desk.close()
    report = json.loads(carddesk("day-end", "--json").stdout)
    assert report["agrees"], report["problems"]
    assert report["cash_in_fen"] == report["cash_out_fen"] == 10000 * len(CRASH_POINTS)


def _central_rows(url: str, sql: str) -> list[Any]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql)))
    finally:
        engine.dispose()
