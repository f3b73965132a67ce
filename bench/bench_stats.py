"""The yearly statistics report on a database of 1,000,000 readers, beside raw SQL counting the same
monthly figures (GROUP BY in SQLite, no dimensions, no drill-down).

    .venv/bin/python bench/bench_stats.py [--readers 1000000] [--json build/bench/stats.json]

Every reader has a card issued between 2016 and 2026; in 2026 one in twenty cards is reported lost, one in
fifty cancelled, and three in ten have a loan. The data is written with executemany, not the use cases.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_batch import _fill

from db.engine import connect_file
from db.stats_source import SqlStatsSource
from desk_app.bootstrap import open_desk
from desk_app.core.services.setup import add_staff
from desk_app.core.stats import yearly_report
from desk_app.demo.keyring_backend import use_file_keyring
from desk_app.secrets import desk_file_key

START = datetime(2016, 1, 1, tzinfo=UTC)
YEAR_2026 = datetime(2025, 12, 31, 16, 0, tzinfo=UTC)  # 1 January 2026 in Beijing


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.000000")


def _activity(path: Path, staff: str) -> int:
    conn = connect_file(str(path), desk_file_key())
    cards = conn.execute("SELECT c.id, c.reader_id, c.home_branch_code FROM cards c").fetchall()
    events, loans = [], []
    for n, (card, reader, branch) in enumerate(cards):
        issued = START + timedelta(minutes=(n * 5521) % (11 * 365 * 24 * 60))
        detail = json.dumps({"card_type": "student", "age_at_issue": n % 80, "document_types": ["resident_id"]})
        events.append((uuid.uuid4().hex, card, "issue", None, "active", _stamp(issued), staff, branch, "D1", detail))
        in_year = YEAR_2026 + timedelta(minutes=(n * 7919) % (300 * 24 * 60))
        if n % 20 == 0:
            events.append(
                (uuid.uuid4().hex, card, "report_loss", "active", "lost", _stamp(in_year), staff, branch, "D1", "{}")
            )
        if n % 50 == 1:
            events.append(
                (uuid.uuid4().hex, card, "cancel", "active", "cancelled", _stamp(in_year), staff, branch, "D1", "{}")
            )
        if n % 10 < 3:
            loans.append(
                (uuid.uuid4().hex, reader, card, "B1", "书", 0, branch, _stamp(in_year), "2026-12-31", None, 0, 0)
            )
    conn.executemany(
        "INSERT INTO card_events (id, card_id, kind, from_status, to_status, at, staff_id, branch_code, desk_code,"
        " detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
        events,
    )
    conn.executemany(
        "INSERT INTO loans (id, reader_id, card_id, item_barcode, title, is_foreign_language, branch_code, loaned_at,"
        " due_date, returned_on, renewals, fine_paid_fen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        loans,
    )
    conn.commit()
    conn.close()
    return len(events) + len(loans)


def _floor(path: Path) -> None:
    conn = connect_file(str(path), desk_file_key())
    start, end = _stamp(YEAR_2026), _stamp(YEAR_2026 + timedelta(days=365))
    conn.execute(
        "SELECT strftime('%m', at, '+8 hours'), kind, count(*) FROM card_events WHERE at >= ? AND at < ? GROUP BY 1, 2",
        (start, end),
    ).fetchall()
    conn.execute(
        "SELECT strftime('%m', loaned_at, '+8 hours'), count(DISTINCT card_id) FROM loans"
        " WHERE loaned_at >= ? AND loaned_at < ? GROUP BY 1",
        (start, end),
    ).fetchall()
    conn.close()


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, default=Path("build/bench/stats.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
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
        source = SqlStatsSource(desk.engine)
        begun = time.perf_counter()
        report = yearly_report(source, 2026, desk.profile.timezone)
        seconds = time.perf_counter() - begun
        begun = time.perf_counter()
        _floor(path)
        floor = time.perf_counter() - begun
        desk.close()
    total = dict(report.view("by_month").rows)["合计"]
    print(f"database: {args.readers:,} readers, {rows:,} events and loans (built in {built:.1f} s)")
    print(f"{'figure':<58} {'s':>7} {'floor s':>8} {'ratio':>6}")
    print(f"{'yearly report, 7 views with drill-down data (s)':<58} {seconds:7.2f} {floor:8.2f} {seconds / floor:6.1f}")
    print(f"2026 totals: issued {total[0]:,}, lost {total[3]:,}, cancelled {total[2]:,}, active {total[4]:,}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"readers": args.readers, "report_s": seconds, "floor_s": floor, "ratio": seconds / floor})
    )


if __name__ == "__main__":
    main()
