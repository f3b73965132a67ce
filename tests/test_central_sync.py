"""Several desks, each with its own SQLite file, against one real PostgreSQL: sync, failures, conflicts,
and what a desk's role may not do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

import db.sync
from db.central.apply import Change, apply_change
from db.models import OutboxRow
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import report_loss
from tests.central_fixtures import Union, cli_environment, empty_database, union
from tests.cli_staff import DEMO_PASSWORD, demo_staff
from tests.conftest import NOW
from tests.test_issue_card import adult_cmd


@pytest.fixture
def the_union(postgres: Any, tmp_path: Path) -> Iterator[Union]:
    with union(postgres, tmp_path / "desks") as made:
        yield made


def central_cards(u: Union) -> dict[str, str]:
    with u.admin.connect() as connection:
        return {str(k).replace("-", ""): v for k, v in connection.execute(text("SELECT id, status FROM cards"))}


def local_cards(desk: Any) -> dict[str, str]:
    return {k.replace("-", ""): v for k, v in desk.cards().items()}


def change_log_is_gap_free(u: Union) -> None:
    with u.admin.connect() as connection:
        seqs = connection.execute(text("SELECT seq FROM change_log ORDER BY seq")).scalars().all()
        counter = connection.execute(text("SELECT value FROM sync_counter")).scalar_one()
    assert seqs == list(range(1, len(seqs) + 1)) and counter == len(seqs)


def test_a_card_issued_at_one_desk_reaches_the_others_and_a_loss_comes_back(the_union: Union) -> None:
    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    issued = a.run(issue_card, adult_cmd(a.desk.person(30)))
    assert a.sync.pending() > 0
    first = a.sync.sync()
    assert first.pushed > 0 and first.conflicts == 0 and a.sync.pending() == 0
    b.sync.sync()
    assert local_cards(b) == {issued.card_id.replace("-", ""): "active"}
    b.run(report_loss, issued.card_number)  # a loss is reported at any branch
    b.sync.sync()
    a.sync.sync()
    assert local_cards(a) == local_cards(b) == central_cards(the_union) == {issued.card_id.replace("-", ""): "lost"}
    change_log_is_gap_free(the_union)
    with b.central.connect() as connection:  # the rules every desk runs, readable by every desk
        assert "[[card_types]]" in connection.execute(text("SELECT source FROM policies")).scalar_one()


def test_an_offline_card_is_provisional_until_the_central_database_confirms_it(the_union: Union) -> None:
    a = the_union.desk("a", "FSLIB")
    issued = a.run(issue_card, adult_cmd(a.desk.person(31), provisional=True))
    assert issued.status == "provisional"
    a.sync.sync()
    assert local_cards(a)[issued.card_id.replace("-", "")] == "active"


def test_two_desks_register_the_same_person_offline(the_union: Union) -> None:
    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    person = a.desk.person(40)
    first = a.run(issue_card, adult_cmd(person, provisional=True))
    second = b.run(issue_card, adult_cmd(person, provisional=True))  # b could not know: it was offline
    a.sync.sync()
    result = b.sync.sync()
    assert result.conflicts >= 1  # the card, and its issue event that waited for it
    shown = b.sync_conflicts()
    [conflict] = shown
    assert conflict.reason == "person_has_card" and conflict.entity == "cards"
    assert conflict.entity_id.replace("-", "") == second.card_id.replace("-", "")
    # One card survives; b's registration is kept centrally (the reader and documents), not lost.
    assert central_cards(the_union) == {first.card_id.replace("-", ""): "active"}
    with the_union.admin.connect() as connection:
        readers = connection.execute(text("SELECT count(*) FROM readers")).scalar_one()
    assert readers == 2
    number = b.link().resolve(b.desk.ctx("SSLIB"), conflict.change_id, "cancel-local")
    assert number == second.card_number
    b.sync.sync()
    a.sync.sync()
    assert central_cards(the_union) == {
        first.card_id.replace("-", ""): "active",
        second.card_id.replace("-", ""): "cancelled",
    }
    assert local_cards(a) == local_cards(b) == central_cards(the_union)
    assert b.sync_conflicts() == []


def test_duplicated_and_reordered_pushes_apply_once(the_union: Union) -> None:
    a = the_union.desk("a", "FSLIB")
    for age in (30, 31, 32):
        a.run(issue_card, adult_cmd(a.desk.person(age)))
    with a.factory() as session:
        rows = session.query(OutboxRow).order_by(OutboxRow.seq).all()
        changes = [Change(r.change_id, r.entity, r.entity_id, r.op, r.payload) for r in rows]
    half = len(changes) // 2
    outcomes: list[str] = []
    with the_union.desk_engine(a).begin() as connection:  # the second half arrives first
        outcomes += [apply_change(connection, a.role, c) for c in changes[half:]]
    assert "deferred" in outcomes  # cards before their readers: kept back, not refused
    with the_union.desk_engine(a).begin() as connection:
        outcomes += [apply_change(connection, a.role, c) for c in changes[:half]]
        outcomes += [apply_change(connection, a.role, c) for c in changes[:half]]  # and once more
    result = a.sync.sync()  # the desk's own push: the deferred ones now apply, the others are duplicates
    assert result.conflicts == 0 and a.sync.pending() == 0
    with the_union.admin.connect() as connection:
        applied = connection.execute(text("SELECT count(*) FROM applied_changes")).scalar_one()
    assert applied == len(changes)
    assert local_cards(a) == central_cards(the_union)
    change_log_is_gap_free(the_union)


def test_the_server_killed_in_the_middle_of_a_push(the_union: Union, postgres: Any, monkeypatch: Any) -> None:
    a = the_union.desk("a", "FSLIB")
    for age in range(30, 36):
        a.run(issue_card, adult_cmd(a.desk.person(age)))
    total = a.sync.pending()
    real = db.sync.apply_batch

    def dying(connection: Any, role: str, changes: list[Change]) -> list[str]:
        half = real(connection, role, changes[: len(changes) // 2])
        postgres.as_server_user(str(postgres.bindir / "pg_ctl"), "-D", str(postgres.data), "-m", "immediate", "stop")
        return half + real(connection, role, changes[len(changes) // 2 :])

    monkeypatch.setattr(db.sync, "apply_batch", dying)
    with pytest.raises((OperationalError, DBAPIError)):
        a.sync.push()
    restart(postgres)
    monkeypatch.setattr(db.sync, "apply_batch", real)
    assert a.sync.pending() == total  # nothing was forgotten: the central transaction never committed
    a.sync.sync()
    assert a.sync.pending() == 0 and local_cards(a) == central_cards(the_union)
    change_log_is_gap_free(the_union)


def test_an_answer_lost_after_the_central_commit_is_pushed_again_harmlessly(the_union: Union, monkeypatch: Any) -> None:
    a = the_union.desk("a", "FSLIB")
    a.run(issue_card, adult_cmd(a.desk.person(30)))
    total = a.sync.pending()
    real_begin = a.factory.begin

    def crash_before_forgetting() -> Any:
        raise ConnectionError("the desk lost power right after the central commit")

    monkeypatch.setattr(a.factory, "begin", crash_before_forgetting)
    with pytest.raises(ConnectionError):
        a.sync.push()
    monkeypatch.setattr(a.factory, "begin", real_begin)
    again = a.sync.push()
    assert again.duplicates == total and again.pushed == 0 and a.sync.pending() == 0


def test_a_dropped_connection_during_pull_loses_nothing(the_union: Union, monkeypatch: Any) -> None:
    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    for age in range(30, 34):
        a.run(issue_card, adult_cmd(a.desk.person(age)))
    a.sync.sync()
    with the_union.admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"), {"r": b.role}
        )
    b.sync.pull(batch=3)  # pool_pre_ping notices the dead connection and opens a new one
    assert local_cards(b) == central_cards(the_union)


def test_a_desk_offline_for_a_day(the_union: Union, postgres: Any) -> None:
    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    a.sync.sync()
    a.go_offline(postgres)
    cards = []
    for hours, age in ((1, 50), (9, 51), (23, 52)):
        a.at(NOW + timedelta(hours=hours))
        cards.append(a.run(issue_card, adult_cmd(a.desk.person(age), provisional=True)))
        with pytest.raises(OperationalError):
            a.sync.sync()
    b.run(issue_card, adult_cmd(b.desk.person(60)))
    b.sync.sync()
    a.come_back()
    a.sync.sync()
    b.sync.sync()
    assert local_cards(a) == local_cards(b) == central_cards(the_union)
    assert set(central_cards(the_union).values()) == {"active"}  # the day's provisional cards are confirmed


def test_a_desk_role_cannot_read_password_hashes_or_rewrite_another_desks_ledger(the_union: Union) -> None:
    from desk_app.core.entities import LedgerEntry, LedgerKind
    from desk_app.core.ids import new_id

    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    a.desk.member("FSLIB")  # a staff member, with a password hash, pushed with the first sync

    def deposit(uow: Any) -> None:
        reader = uow.readers.where()[0].id if uow.readers.where() else None
        assert reader is not None
        uow.ledger.add(LedgerEntry(new_id(), reader, None, LedgerKind.DEPOSIT_TAKEN, 10000, NOW,
                                   a.desk.member("FSLIB").id, "FSLIB", "D1", "FS-R-1"))  # fmt: skip
        uow.commit()

    a.run(issue_card, adult_cmd(a.desk.person(30)))
    a.desk.read(deposit)
    a.sync.sync()
    with the_union.desk_engine(b).connect() as connection:
        with pytest.raises(DBAPIError, match="permission denied"):
            connection.execute(text("SELECT password_hash FROM staff"))
        connection.rollback()
        with pytest.raises(DBAPIError, match="permission denied"):
            connection.execute(text("UPDATE ledger_entries SET amount_fen = 1"))
        connection.rollback()
        with pytest.raises(DBAPIError, match="permission denied"):
            connection.execute(text("DELETE FROM ledger_entries"))
        connection.rollback()
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(
                text(
                    "INSERT INTO ledger_entries (id, reader_id, kind, amount_fen, at, staff_id, branch_code, desk_code,"
                    " note) SELECT gen_random_uuid(), reader_id, 'deposit_refunded', 10000, now(), staff_id, 'FSLIB',"
                    " 'D1', '' FROM ledger_entries LIMIT 1"
                )
            )
        connection.rollback()
        payloads = connection.execute(text("SELECT payload FROM change_log WHERE entity = 'staff'")).scalars().all()
    assert payloads and all("password_hash" not in p for p in payloads)


def test_one_refund_per_deposit_even_from_two_desks(the_union: Union) -> None:
    from desk_app.core.entities import LedgerEntry, LedgerKind
    from desk_app.core.ids import new_id

    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "FSLIB", "D2")
    a.run(issue_card, adult_cmd(a.desk.person(30)))
    deposit_id = new_id()

    def take(uow: Any) -> None:
        reader = uow.readers.where()[0].id
        uow.ledger.add(LedgerEntry(deposit_id, reader, None, LedgerKind.DEPOSIT_TAKEN, 10000, NOW,
                                   a.desk.member("FSLIB").id, "FSLIB", "D1", "FS-D1-1"))  # fmt: skip
        uow.commit()

    a.desk.read(take)
    a.sync.sync()
    b.sync.sync()

    def refund(desk: Any, desk_code: str, receipt: str) -> None:
        staff = desk.desk.member("FSLIB").id  # before the write: one unit of work at a time per desk

        def write(uow: Any) -> None:
            reader = uow.readers.where()[0].id
            uow.ledger.add(LedgerEntry(new_id(), reader, None, LedgerKind.DEPOSIT_REFUNDED, 10000, NOW,
                                       staff, "FSLIB", desk_code, receipt, refund_of=deposit_id))  # fmt: skip
            uow.commit()

        desk.desk.read(write)

    refund(a, "D1", "FS-D1-2")
    refund(b, "D2", "FS-D2-1")
    results = [a.sync.sync(), b.sync.sync()]
    assert sorted(r.conflicts for r in results) == [0, 1]
    with the_union.admin.connect() as connection:
        refunds = connection.execute(
            text("SELECT count(*) FROM ledger_entries WHERE refund_of IS NOT NULL")
        ).scalar_one()
        reason = connection.execute(text("SELECT reason FROM conflicts")).scalar_one()
    assert refunds == 1 and reason == "refund_twice"


def restart(postgres: Any) -> None:
    options = f"-k {postgres.socket_dir} -p {postgres.port} -h 127.0.0.1 -c fsync=off -c max_connections=60"
    postgres.as_server_user(
        str(postgres.bindir / "pg_ctl"), "-D", str(postgres.data), "-o", options,
        "-l", str(postgres.socket_dir / "log"), "-w", "start",
    )  # fmt: skip


def test_cli_central_init_register_sync_and_conflicts(postgres: Any, tmp_path: Path) -> None:
    env = cli_environment(tmp_path)
    admin_url = empty_database(postgres, "cli_union")
    db_file = str(tmp_path / "desk.sqlite")

    def carddesk(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "desk_app", "--db", db_file, "--profile", "foshan",
                               *demo_staff("FSLIB"), *args],
                              capture_output=True, text=True, env=env, timeout=120,
                              input=DEMO_PASSWORD + "\n")  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(carddesk("central", "init", "--url", admin_url))["branches"] == 6
    carddesk("demo-data", "--readers", "5")
    registered = json.loads(carddesk("central", "register-desk", "--url", admin_url, "--desk-branch", "FSLIB",
                                     "--desk-code", "D1", "--json"))  # fmt: skip
    assert registered["role"] == "desk_fslib_d1" and registered["queued"] > 0
    assert postgres.password not in (tmp_path / "config" / "CardDesk" / "settings.json").read_text()
    result = json.loads(carddesk("sync", "--json"))
    assert result["pending"] == 0 and result["pushed"] > 0
    # The demo database holds money taken at other desks too: this desk may not write it in their name.
    shown = json.loads(carddesk("conflicts", "--json"))
    assert {c["reason"] for c in shown} <= {"not_permitted"}
    assert len(shown) == result["conflicts"]
    if shown:
        assert carddesk("conflicts", "resolve", shown[0]["change_id"], "--dismiss").strip() == "dismissed"
        assert len(json.loads(carddesk("conflicts", "--json"))) == len(shown) - 1


def test_the_desk_shows_online_offline_and_resolves_a_conflict_on_screen(
    qtbot: Any, the_union: Union, postgres: Any
) -> None:
    from desk_app.core.views import ReaderSummary
    from desk_app.ui.main_window import MainWindow
    from desk_app.ui.sync_status import SyncController

    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    person = a.desk.person(40)
    a.run(issue_card, adult_cmd(person, provisional=True))
    b.run(issue_card, adult_cmd(person, provisional=True))
    a.sync.sync()

    class Directory:
        def search(self, text: str, limit: int = 200) -> list[ReaderSummary]:
            return []

    window = MainWindow(Directory(), "测试馆", "顺德 · D1", "b.sqlite")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    controller = SyncController(b.link(), b.desk.ctx("SSLIB"), every_ms=60_000)
    window.attach_sync(controller)
    try:
        with qtbot.waitSignal(controller.changed, timeout=20000):
            controller.sync_now()
        qtbot.waitUntil(lambda: "1 个冲突待处理" in window.connection_label.text(), timeout=5000)
        assert "在线" in window.connection_label.text()
        dialog = window.open_conflicts()
        assert dialog.model.rowCount() == 1
        assert dialog.model.item(0, 2).text() == "此人已在其他服务台办证"
        with qtbot.waitSignal(controller.changed, timeout=20000):
            dialog.cancel_local.click()
        qtbot.waitUntil(lambda: "冲突" not in window.connection_label.text(), timeout=20000)
        assert dialog.model.rowCount() == 0
        b.go_offline(postgres)
        controller.link._engine = b.central
        b.run(report_loss, _number_of_a_card(b))  # work goes on at the desk while it is cut off
        with qtbot.waitSignal(controller.changed, timeout=20000):
            controller.sync_now()
        assert "离线" in window.connection_label.text() and "条变更待同步" in window.connection_label.text()
    finally:
        controller.stop()
        window.operations.wait()


def _number_of_a_card(desk: Any) -> str:
    with desk.local.connect() as connection:
        return str(connection.execute(text("SELECT number FROM cards WHERE status = 'active' LIMIT 1")).scalar_one())


def test_online_first_the_union_is_asked_before_a_card_is_issued(the_union: Union) -> None:
    from desk_app.core.errors import DeskError
    from desk_app.sync_desk import UnionDirectory, issue_online_first

    a, b = the_union.desk("a", "FSLIB"), the_union.desk("b", "SSLIB")
    person = a.desk.person(44)
    link_a, link_b = a.link(), b.link()
    first = issue_online_first(link_a.desk, link_a, a.desk.ctx("FSLIB"), adult_cmd(person))  # type: ignore[arg-type]
    assert first.status == "active" and a.sync.pending() == 0  # sent at once
    with pytest.raises(DeskError) as refused:
        issue_online_first(link_b.desk, link_b, b.desk.ctx("SSLIB"), adult_cmd(person))  # type: ignore[arg-type]
    assert first.card_number in refused.value.message("zh")

    class Local:
        def search(self, text: str, limit: int = 50) -> list[Any]:
            return []

    found = UnionDirectory(link_b, Local()).search(first.card_number)  # b has not pulled: the union answers
    assert [r.card_number for r in found] == [first.card_number]
    b.go_offline(None)
    link_b._engine, link_b._checked = b.central, None
    offline = issue_online_first(link_b.desk, link_b, b.desk.ctx("SSLIB"), adult_cmd(b.desk.person(61)))  # type: ignore[arg-type]
    assert offline.status == "provisional"
    assert UnionDirectory(link_b, Local()).search(first.card_number) == []  # offline: the desk's own answer


def test_tls_with_the_librarys_ca_and_verify_full(postgres: Any, tmp_path: Path) -> None:
    import shutil as sh

    from desk_app.core.errors import DeskError
    from desk_app.setup_checks import check_central

    ca_dir = tmp_path / "ca"
    ca_dir.mkdir()

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=ca_dir, check=True, capture_output=True, timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Library CA",
            "-keyout", "ca.key", "-out", "ca.pem")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
            "-out", "server.csr")  # fmt: skip
    (ca_dir / "san.ext").write_text("subjectAltName=DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", "san.ext", "-out", "server.pem")  # fmt: skip
    for name in ("server.pem", "server.key"):
        target = postgres.data / name
        sh.copy(ca_dir / name, target)
        if os.getuid() == 0:
            sh.chown(target, "postgres")
        target.chmod(0o600)
    admin = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("ALTER SYSTEM SET ssl = on"))
        connection.execute(text("ALTER SYSTEM SET ssl_cert_file = 'server.pem'"))
        connection.execute(text("ALTER SYSTEM SET ssl_key_file = 'server.key'"))
        connection.execute(text("SELECT pg_reload_conf()"))
    try:
        url = f"postgresql://localhost:{postgres.port}/postgres"
        assert check_central(url, postgres.superuser, postgres.password, str(ca_dir / "ca.pem"))
        other_ca = tmp_path / "other.pem"
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=X",
                "-keyout", str(tmp_path / "x.key"), "-out", str(other_ca))  # fmt: skip
        with pytest.raises(DeskError, match="certificate verify failed"):
            check_central(url, postgres.superuser, postgres.password, str(other_ca))
        ip_url = f"postgresql://127.0.0.1:{postgres.port}/postgres"  # the certificate names localhost only
        with pytest.raises(DeskError, match="certificate"):
            check_central(ip_url, postgres.superuser, postgres.password, str(ca_dir / "ca.pem"))
    finally:
        with admin.connect() as connection:
            connection.execute(text("ALTER SYSTEM RESET ssl"))
            connection.execute(text("SELECT pg_reload_conf()"))
        admin.dispose()


def test_union_search_finds_any_part_of_a_chinese_name_through_the_index(the_union: Union) -> None:
    """A scale check: 50,000 readers, and the planner uses the gram index for a two-character name part."""
    from sqlalchemy.orm import sessionmaker

    from db.queries import CentralReaderDirectory

    a = the_union.desk("a", "FSLIB")
    a.run(issue_card, adult_cmd(a.desk.person(30)))
    a.sync.sync()
    with the_union.admin.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO readers (id, name, gender, birth_date, phone, address, work_unit, home_branch_code,"
                " password_hash, password_must_change, created_at, updated_at)"
                " SELECT gen_random_uuid(),"
                " chr(19968 + (g % 500)) || chr(20000 + (g / 500 % 500)) || chr(21000 + g % 97), 'M',"
                " '1990-01-01', '138' || lpad(g::text, 8, '0'), '', '', 'FSLIB', '-', true, now(), now()"
                " FROM generate_series(1, 50000) AS g"
            )
        )
        connection.execute(text("ANALYZE readers"))
        name = connection.execute(text("SELECT name FROM readers ORDER BY phone LIMIT 1 OFFSET 777")).scalar_one()
        plan = "\n".join(
            connection.execute(
                text(
                    "EXPLAIN SELECT id FROM readers WHERE carddesk_grams(name) @> carddesk_grams(:q) AND name LIKE :p"
                ),
                {"q": name[1:], "p": f"%{name[1:]}%"},
            ).scalars()
        )
    assert "ix_readers_name_grams" in plan
    directory = CentralReaderDirectory(sessionmaker(the_union.admin))
    assert name in [r.name for r in directory.search(name[1:], limit=200)]  # the last two characters
    assert name in [r.name for r in directory.search(name[:1], limit=5000)]  # the surname


def _change(entity: str, payload: dict[str, Any]) -> Any:
    from db.central.apply import Change

    return Change(uuid.uuid4(), entity, payload["id"], "upsert", payload)


def _reader(n: int, name: str = "") -> dict[str, Any]:
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulk-reader-{n}")), "name": name or f"读者{n}", "gender": "F",
            "birth_date": "1990-01-01", "phone": f"139{n:08d}", "address": "", "work_unit": "",
            "home_branch_code": "FSLIB", "password_hash": "-", "password_must_change": True,
            "created_at": NOW.isoformat(), "updated_at": NOW.isoformat()}  # fmt: skip


def _card(n: int, reader: dict[str, Any], number: str = "") -> dict[str, Any]:
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulk-card-{n}")), "reader_id": reader["id"],
            "number": number or f"BULK{n:06d}", "barcode": None, "chip_uid": None, "card_type_code": "id_card",
            "home_branch_code": "FSLIB", "status": "active", "is_virtual": True, "issued_at": NOW.isoformat(),
            "replaces_card_id": None, "issuer": None}  # fmt: skip


def _event(n: int, card: dict[str, Any], staff_id: str, detail: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulk-event-{n}")), "card_id": card["id"], "kind": "issue",
            "from_status": None, "to_status": "active", "at": NOW.isoformat(), "staff_id": staff_id,
            "branch_code": "FSLIB", "desk_code": "D1", "detail": detail}  # fmt: skip


def test_long_runs_of_rows_go_in_bulk_with_the_outcomes_of_row_by_row(the_union: Union) -> None:
    """Runs of 64 rows or more are COPYed into a staging table and written with one INSERT ... SELECT: the
    newest copy of a row pushed twice wins (the first, for append-only rows), JSON columns keep their
    structure, a clash inside a run still names the one refused change, and a push sent again is a duplicate."""
    from db.central.apply import apply_batch

    a = the_union.desk("a", "FSLIB")
    staff_id = str(uuid.uuid4())
    staff = {"id": staff_id, "username": "bulk", "display_name": "批量", "branch_code": "FSLIB", "role": "counter",
             "password_hash": "", "failed_attempts": 0, "locked_until": None, "active": True}  # fmt: skip
    readers = [_reader(n) for n in range(80)]
    first = [_change("staff", staff), *(_change("readers", r) for r in readers), _change("readers", _reader(3, "改名"))]
    with a.central.begin() as connection:
        assert apply_batch(connection, a.role, first) == ["applied"] * 82
    cards = [_card(n, readers[n]) for n in range(70)]
    events = [_event(n, cards[n], staff_id, {"seat": n, "tags": ["a", "b"]}) for n in range(70)]
    again = _event(0, cards[0], staff_id, {"seat": "changed"})
    second = [*(_change("cards", c) for c in cards), *(_change("card_events", e) for e in events)]
    second.append(_change("card_events", again))
    with a.central.begin() as connection:
        assert apply_batch(connection, a.role, second) == ["applied"] * 141
    with a.central.begin() as connection:
        assert set(apply_batch(connection, a.role, second)) == {"duplicate"}
    clashing = [_change("cards", _card(100 + n, readers[n])) for n in range(70, 80)]
    clashing += [_change("cards", _card(200 + n, readers[n])) for n in range(60)]
    clashing.append(_change("cards", _card(300, readers[79], number="BULK000005")))  # another card's number
    with a.central.begin() as connection:
        outcomes = apply_batch(connection, a.role, clashing)
    assert outcomes[:-1] == ["applied"] * 70 and outcomes[-1] == "conflict"
    with the_union.admin.connect() as connection:
        assert connection.execute(text("SELECT name FROM readers WHERE phone = '13900000003'")).scalar() == "改名"
        assert connection.execute(text("SELECT count(*) FROM readers")).scalar() == 80
        details = dict(connection.execute(text("SELECT id::text, detail FROM card_events")).all())
        assert len(details) == 70 and details[events[0]["id"]] == {"seat": 0, "tags": ["a", "b"]}
        assert connection.execute(text("SELECT count(*) FROM cards")).scalar() == 140
        reason = connection.execute(text("SELECT reason FROM conflicts WHERE change_id = :c"),
                                    {"c": clashing[-1].change_id}).scalar()  # fmt: skip
        assert reason == "card_number_taken"
        logged = connection.execute(text("SELECT payload FROM change_log WHERE change_id = :c"),
                                    {"c": second[70].change_id}).scalar()  # fmt: skip
        assert logged["detail"] == {"seat": 0, "tags": ["a", "b"]}
    change_log_is_gap_free(the_union)
