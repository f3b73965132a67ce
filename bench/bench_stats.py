"""The yearly statistics report on a database of 1,000,000 readers, counted by the database (GROUP BY) in the
desk's SQLite and in the union's PostgreSQL, each beside raw SQL counting the monthly figures in the same
database (one GROUP BY over the year's events, one over its loans); and a drill-down page (100 cards, masked,
with their details) at the desk.

    .venv/bin/python bench/bench_stats.py [--readers 1000000] [--json build/bench/stats.json]

Every reader has a card issued between 2016 and 2026; in 2026 one in twenty cards is reported lost, one in
fifty cancelled, and three in ten have a loan. The data is written with executemany, not the use cases, and
copied into PostgreSQL with COPY.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_batch import _fill
from pg_copy import copy_into_postgres

from db.engine import connect_file
from db.stats_source import UNION, SqlStatsSource
from desk_app.bootstrap import open_desk
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.core.stats import Report, yearly_report
from desk_app.demo.keyring_backend import use_file_keyring
from desk_app.demo.postgres import private_postgres
from desk_app.secrets import desk_file_key
from desk_app.stats_desk import StatsDesk

START = datetime(2016, 1, 1, tzinfo=UTC)
YEAR_2026 = datetime(2025, 12, 31, 16, 0, tzinfo=UTC)  # 1 January 2026 in Beijing


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.000000")


def _activity(path: Path, staff: str) -> int:
    """The cards' events and loans, and each reader's first-issue facts (as the issue use case keeps them)."""
    conn = connect_file(str(path), desk_file_key())
    cards = conn.execute("SELECT c.id, c.reader_id, c.home_branch_code FROM cards c ORDER BY c.rowid")
    written = 0
    n = 0
    while chunk := cards.fetchmany(100_000):
        events, loans, facts, copies = [], [], [], []
        for card, reader, branch in chunk:
            issued = START + timedelta(minutes=(n * 5521) % (11 * 365 * 24 * 60))
            age = n % 80
            detail = json.dumps({"card_type": "student", "age_at_issue": age, "document_types": ["resident_id"]})
            counted = ("student", age, "resident_id")
            events.append((uuid.uuid4().hex, card, "issue", None, "active", _stamp(issued), staff, branch, "D1", detail,
                           *counted))  # fmt: skip
            facts.append((_stamp(issued), age, "resident_id", reader))
            copies.append((age, "resident_id", card))
            in_year = YEAR_2026 + timedelta(minutes=(n * 7919) % (300 * 24 * 60))
            if n % 20 == 0:
                events.append((uuid.uuid4().hex, card, "report_loss", "active", "lost", _stamp(in_year), staff, branch,
                               "D1", "{}", *counted))  # fmt: skip
            if n % 50 == 1:
                events.append((uuid.uuid4().hex, card, "cancel", "active", "cancelled", _stamp(in_year), staff, branch,
                               "D1", "{}", *counted))  # fmt: skip
            if n % 10 < 3:
                loans.append(
                    (uuid.uuid4().hex, reader, card, "B1", "书", 0, branch, _stamp(in_year), "2026-12-31", None, 0, 0)
                )
            n += 1
        writer = conn.cursor()
        writer.executemany(
            "INSERT INTO card_events (id, card_id, kind, from_status, to_status, at, staff_id, branch_code,"
            " desk_code, detail, card_type_code, age_at_first_issue, first_document_type)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            events,
        )
        writer.executemany(
            "INSERT INTO loans (id, reader_id, card_id, item_barcode, title, is_foreign_language, branch_code,"
            " loaned_at, due_date, returned_on, renewals, fine_paid_fen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            loans,
        )
        writer.executemany(
            "UPDATE readers SET first_issued_at = ?, age_at_first_issue = ?, first_document_type = ? WHERE id = ?",
            facts,
        )
        writer.executemany("UPDATE cards SET age_at_first_issue = ?, first_document_type = ? WHERE id = ?", copies)
        written += len(events) + len(loans)
    conn.commit()
    conn.close()
    return written


_SQLITE_FLOOR = (
    "SELECT strftime('%m', at, '+8 hours'), kind, count(*) FROM card_events WHERE at >= :s AND at < :e GROUP BY 1, 2",
    "SELECT strftime('%m', loaned_at, '+8 hours'), count(DISTINCT card_id) FROM loans"
    " WHERE loaned_at >= :s AND loaned_at < :e GROUP BY 1",
)
_POSTGRES_FLOOR = (
    "SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'MM'), kind, count(*) FROM card_events"
    " WHERE at >= :s AND at < :e GROUP BY 1, 2",
    "SELECT to_char(loaned_at AT TIME ZONE 'Asia/Shanghai', 'MM'), count(DISTINCT card_id) FROM loans"
    " WHERE loaned_at >= :s AND loaned_at < :e GROUP BY 1",
)


def _floor(engine: Engine, statements: tuple[str, ...]) -> None:
    """Raw counting of the monthly figures: what the report's month view needs, written by hand."""
    bounds = {"s": YEAR_2026, "e": YEAR_2026 + timedelta(days=365)}
    if engine.dialect.name == "sqlite":
        bounds = {k: _stamp(v) for k, v in bounds.items()}  # type: ignore[misc]
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement), bounds).all()


def _median(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: the first run reads the file into the page cache
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        fn()
        times.append(time.perf_counter() - begun)
    return statistics.median(times)


# The drill-down pages measured: the biggest figures (every card issued or active in the year) and small ones.
_DRILLS = (
    ("by_month", "合计", "issued"),
    ("by_month", "合计", "active"),
    ("by_month", "03", "lost"),
    ("by_branch", None, "active"),
    ("by_age_band", "18–35", "active"),
    ("by_document", "resident_id", "issued"),
)


def _drill_pages(stats: StatsDesk, report: Report, runs: int) -> list[dict[str, object]]:
    figures = []
    for view_key, row, measure in _DRILLS:
        view = report.view(view_key)
        key = row or view.rows[0][0]
        drill = view.drill
        assert drill is not None
        for offset in (0, 10_000):
            rows = stats.page(drill, key, measure, offset)
            if not rows:
                continue
            seconds = _median(lambda: stats.page(drill, key, measure, offset), runs)  # noqa: B023 (used at once)
            figures.append({"figure": f"{view_key} {key} {measure} from card {offset + 1:,}", "ms": seconds * 1000})
    return figures


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path("build/bench/stats.json"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="carddesk-bench-stats-"))
    with tempfile.TemporaryDirectory() as tmp, private_postgres(root) as server:
        path = Path(tmp) / "stats.sqlite"
        desk = open_desk(path, "foshan")
        with desk.uow() as uow:
            staff = add_staff(uow, "bench", "基准", "FSLIB", "admin")
        desk.close()
        begun = time.perf_counter()
        _fill(path, args.readers)
        rows = _activity(path, staff.id.hex)
        built = time.perf_counter() - begun
        desk = open_desk(path, "foshan")
        timezone = desk.profile.timezone
        source = SqlStatsSource(desk.engine)
        report = yearly_report(source, 2026, timezone)
        sqlite_s = _median(lambda: yearly_report(source, 2026, timezone), args.runs)
        sqlite_floor_s = _median(lambda: _floor(desk.engine, _SQLITE_FLOOR), args.runs)
        stats = StatsDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D1")))
        drills = _drill_pages(stats, report, max(args.runs, 5))
        desk.close()
        begun = time.perf_counter()
        union = copy_into_postgres(server, path, "bench_stats", "foshan", _TABLES)
        copied = time.perf_counter() - begun
        union_source = SqlStatsSource(union, UNION)
        on_union = yearly_report(union_source, 2026, timezone)
        postgres_s = _median(lambda: yearly_report(union_source, 2026, timezone), args.runs)
        postgres_floor_s = _median(lambda: _floor(union, _POSTGRES_FLOOR), args.runs)
        union.dispose()
    for view in report.views:  # both dialects count alike
        assert on_union.view(view.key).rows == view.rows, view.key
    total = dict(report.view("by_month").rows)["合计"]
    slowest = max(drills, key=lambda d: float(d["ms"]))  # type: ignore[arg-type]
    print(f"database: {args.readers:,} readers, {rows:,} events and loans (built in {built:.0f} s, "
          f"copied into PostgreSQL in {copied:.0f} s)")  # fmt: skip
    print(f"{'figure':<64} {'s':>7} {'floor s':>8} {'ratio':>6}")
    for label, value, floor in (
        ("yearly report, 7 views, counted by SQLite (the desk)", sqlite_s, sqlite_floor_s),
        ("yearly report, 7 views, counted by PostgreSQL (the union)", postgres_s, postgres_floor_s),
    ):
        print(f"{label:<64} {value:7.2f} {floor:8.2f} {value / floor:6.1f}")
    for drill in drills:
        print(f"drill-down page of 100 cards, {drill['figure']:<40} {drill['ms']:7.1f} ms")
    print(f"2026 totals: issued {total[0]:,}, lost {total[3]:,}, cancelled {total[2]:,}, active {total[4]:,}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "readers": args.readers,
                "sqlite_s": sqlite_s,
                "sqlite_floor_s": sqlite_floor_s,
                "postgres_s": postgres_s,
                "postgres_floor_s": postgres_floor_s,
                "drills": drills,
                "drill_slowest_ms": slowest["ms"],
                "drill_slowest": slowest["figure"],
            }
        )
    )


_TABLES = {
    "staff": "id, username, display_name, branch_code, role, password_hash, failed_attempts, active",
    "readers": "id, name, gender, birth_date, phone, address, work_unit, home_branch_code, password_hash,"
    " password_must_change, created_at, updated_at, first_issued_at, age_at_first_issue, first_document_type",
    "cards": "id, reader_id, number, barcode, chip_uid, card_type_code, home_branch_code, status, is_virtual,"
    " issued_at, replaces_card_id, age_at_first_issue, first_document_type",
    "card_events": "id, card_id, kind, from_status, to_status, at, staff_id, branch_code, desk_code, detail,"
    " card_type_code, age_at_first_issue, first_document_type",
    "loans": "id, reader_id, card_id, item_barcode, title, is_foreign_language, branch_code, loaned_at, due_date,"
    " returned_on, renewals, fine_paid_fen",
}


if __name__ == "__main__":
    main()
