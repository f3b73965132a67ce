"""Sync figures: pushing 10,000 changes from one desk and pulling them at another, against a private
PostgreSQL, beside COPY of the same rows into the same server (the floor).

    .venv/bin/python bench/bench_sync.py [--changes 10000] [--json build/bench/sync.json]

The changes are readers, their identity documents, cards and issue events, a quarter each, made through
the ORM so the outbox records them as the desk would.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.central.admin import init_central, register_desk
from db.central.schema import central
from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade
from db.models import CardEventRow, CardRow, IdentityDocumentRow, OutboxRow, ReaderRow, StaffRow
from db.sync import SyncEngine
from db.sync_codec import decode_row
from desk_app.core.entities import CardStatus
from desk_app.core.policy import load_profile
from desk_app.demo.people import citizen_number
from desk_app.demo.postgres import private_postgres
from forms.identity_documents import DocumentType

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def _desk(path: Path, people: int) -> tuple[object, object]:
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        from db.models import BranchRow

        for branch in load_profile("foshan").branches:
            session.merge(BranchRow(code=branch.code, name=branch.name))
        staff = StaffRow(id=uuid.uuid4(), username=f"bench-{path.stem}", display_name="基准", branch_code="FSLIB",
                         role="admin", password_hash="", failed_attempts=0, locked_until=None, active=True)  # fmt: skip
        session.add(staff)
    readers = [uuid.uuid4() for _ in range(people)]
    cards = [uuid.uuid4() for _ in range(people)]
    with factory.begin() as session:
        for n, rid in enumerate(readers):
            session.add(ReaderRow(id=rid, name=f"读者{n}", gender="F", birth_date=date(1990, 1, 1), phone=f"139{n:08d}",
                                  address="", work_unit="", home_branch_code="FSLIB", password_hash="-",
                                  password_must_change=True, created_at=NOW, updated_at=NOW))  # fmt: skip
        session.flush()
        for n, rid in enumerate(readers):
            number = citizen_number("110101", date(1950 + n % 60, 1 + n % 12, 1 + n % 28), n % 500, n % 2 == 0)
            session.add(IdentityDocumentRow(id=uuid.uuid4(), reader_id=rid, doc_type=DocumentType.RESIDENT_ID,
                                            number=f"{number}-{n}", person_key=f"CN:{number}-{n}", valid_until=None,
                                            nationality=None, recorded_at=NOW))  # fmt: skip
        session.flush()
        for n, (rid, cid) in enumerate(zip(readers, cards, strict=True)):
            session.add(CardRow(id=cid, reader_id=rid, number=f"BENCH{n:08d}", barcode=None, chip_uid=None,
                                card_type_code="student", home_branch_code="FSLIB", status=CardStatus.ACTIVE,
                                is_virtual=True, issued_at=NOW, replaces_card_id=None, issuer=None))  # fmt: skip
        session.flush()
        for cid in cards:
            session.add(CardEventRow(id=uuid.uuid4(), card_id=cid, kind="issue", from_status=None,
                                     to_status=CardStatus.ACTIVE, at=NOW, staff_id=staff.id, branch_code="FSLIB",
                                     desk_code="D1", detail={}))  # fmt: skip
    return engine, factory


def _copy_floor(server: object, database: str, path: Path) -> float:
    """COPY the same rows (from the outbox's own payloads) into an empty central schema."""
    engine = make_engine(sqlite_url(path))
    factory = make_session_factory(engine)
    with factory() as session:
        rows = [(r.entity, r.payload) for r in session.query(OutboxRow).order_by(OutboxRow.seq)]
    engine.dispose()
    target = create_engine(server.url(database))  # type: ignore[attr-defined]
    init_central(target, load_profile("foshan"))  # the same schema, indexes and all
    by_table: dict[str, list[dict[str, object]]] = {}
    for entity, payload in rows:
        by_table.setdefault(entity, []).append(payload)
    order = ["staff", "readers", "identity_documents", "cards", "card_events"]
    begun = time.perf_counter()
    raw = target.raw_connection()
    try:
        cursor = raw.cursor()
        for name in order:
            table = central.tables[name]
            columns = [c.name for c in table.columns]
            with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for payload in by_table.get(name, []):
                    row = decode_row(table, payload)
                    copy.write_row([_plain(row.get(c)) for c in columns])
        raw.commit()
    finally:
        raw.close()
    seconds = time.perf_counter() - begun
    target.dispose()
    return seconds


def _plain(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value.value if hasattr(value, "value") and not isinstance(value, str) else value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=Path("build/bench/sync.json"))
    args = parser.parse_args()
    people = max(1, args.changes // 4)
    root = Path(tempfile.mkdtemp(prefix="carddesk-bench-pg-"))
    with private_postgres(root) as server, tempfile.TemporaryDirectory() as tmp:
        maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with maintenance.connect() as connection:
            connection.execute(text("CREATE DATABASE bench_union"))
            connection.execute(text("CREATE DATABASE bench_copy"))
        maintenance.dispose()
        admin = create_engine(server.url("bench_union"))
        init_central(admin, load_profile("foshan"))
        role_a, password_a = register_desk(admin, "FSLIB", "D1")
        role_b, password_b = register_desk(admin, "SSLIB", "D1")
        local_a, factory_a = _desk(Path(tmp) / "a.sqlite", people)
        local_b, factory_b = _desk(Path(tmp) / "b.sqlite", 0)
        with factory_b.begin() as session:  # type: ignore[attr-defined]
            session.query(OutboxRow).delete()
        central_a = create_engine(server.url("bench_union", role_a, password_a))
        central_b = create_engine(server.url("bench_union", role_b, password_b))
        sync_a, sync_b = SyncEngine(factory_a, central_a, role_a), SyncEngine(factory_b, central_b, role_b)  # type: ignore[arg-type]
        changes = sync_a.pending()
        begun = time.perf_counter()
        pushed = sync_a.push(batch=1000)
        push_s = time.perf_counter() - begun
        begun = time.perf_counter()
        pulled = sync_b.pull(batch=2000)
        pull_s = time.perf_counter() - begun
        for engine in (central_a, central_b, admin, local_a, local_b):
            engine.dispose()  # type: ignore[attr-defined]
        # The floor reads the rows the desk pushed: rebuild them in a fresh desk file to COPY from.
        _, _factory_c = _desk(Path(tmp) / "c.sqlite", people)
        copy_s = _copy_floor(server, "bench_copy", Path(tmp) / "c.sqlite")
    print(f"{changes:,} changes ({people:,} readers with a document, a card and its issue event)")
    print(f"{'figure':<44} {'s':>7} {'COPY s':>7} {'ratio':>6}")
    print(f"{'push (' + str(pushed.pushed) + ' applied)':<44} {push_s:7.2f} {copy_s:7.2f} {push_s / copy_s:6.1f}")
    print(f"{'pull (' + str(pulled.pulled) + ' written)':<44} {pull_s:7.2f} {copy_s:7.2f} {pull_s / copy_s:6.1f}")
    print(f"{'push + pull':<44} {push_s + pull_s:7.2f} {copy_s:7.2f} {(push_s + pull_s) / copy_s:6.1f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"changes": changes, "push_s": push_s, "pull_s": pull_s, "copy_s": copy_s}))


if __name__ == "__main__":
    main()
