"""Money figures: a desk's day-end over a day of entries, beside SQL summing the same day by kind. (A refund
paid end to end, decided by the union, is measured with the union service: bench/bench_union.py.)

    .venv/bin/python bench/bench_money.py [--entries 5000] [--json build/bench/money.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desk_app.core.entities import LedgerKind
from desk_app.core.services.day_end import day_end, day_summary
from desk_app.core.services.deposits import take
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.core.services.print_history import record_document
from desk_app.demo.keyring_backend import use_file_keyring

TODAY = date(2026, 11, 22)


def _day_end(root: Path, entries: int) -> dict[str, float]:
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.setup import add_staff
    from desk_app.demo.people import PeopleFactory

    desk = open_desk(root / "day.sqlite", "foshan")
    with desk.uow() as uow:
        staff = add_staff(uow, "bench-deposit", "押金台", "FSLIB", "supervisor")
    ctx = desk.context(Actor(staff.id, "FSLIB", "D1"))
    person = PeopleFactory("foshan", seed=4).person(40, TODAY)
    shown = DocumentInput("resident_id", person.citizen_number)
    with desk.uow() as uow:
        card = issue_card(uow, ctx, IssueCardCommand(name=person.name, phone=person.phone, documents=(shown,)))
    for n in range(entries):
        with desk.uow() as uow:
            receipt = take(uow, ctx, LedgerKind.PRE_DEPOSIT, card.card_number, 100 + n % 50)
            # Each receipt printed, as a desk's day is (an unprinted one is a problem day-end lists).
            record_document(uow, ctx, "receipt", None, receipt, "/receipts/r.pdf", "0" * 64)
    day = ctx.today()
    with desk.uow() as uow:
        day_summary(uow, ctx, day)  # statements compiled once, as at a desk that ran a day-end before
    summaries, fulls = [], []
    for _ in range(5):
        begun = time.perf_counter()
        with desk.uow() as uow:
            summary = day_summary(uow, ctx, day)
        summaries.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        with desk.uow() as uow:
            report = day_end(uow, ctx, day)
        fulls.append(time.perf_counter() - begun)
    assert len(report.receipts) == entries and summary.totals == report.totals
    floors = []
    for _ in range(5):
        begun = time.perf_counter()
        with desk.engine.connect() as connection:
            connection.execute(
                text("SELECT kind, count(*), sum(amount_fen) FROM ledger_entries WHERE branch_code = 'FSLIB'"
                     " AND desk_code = 'D1' GROUP BY kind")
            ).all()  # fmt: skip
        floors.append(time.perf_counter() - begun)
    desk.close()
    return {
        "day_end_ms": statistics.median(summaries) * 1000,
        "day_end_lines_ms": statistics.median(fulls) * 1000,
        "group_by_ms": statistics.median(floors) * 1000,
    }


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--json", type=Path, default=Path("build/bench/money.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = _day_end(Path(tmp), args.entries)
    figures |= {"entries": args.entries}
    print(f"day-end over {args.entries} entries (totals, cash, problems): {figures['day_end_ms']:.1f} ms; "
          f"with its {args.entries} receipt lines: {figures['day_end_lines_ms']:.1f} ms; "
          f"SQL GROUP BY: {figures['group_by_ms']:.1f} ms")  # fmt: skip
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
