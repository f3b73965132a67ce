"""Money figures: a deposit refund paid end to end against a private PostgreSQL (plan, push, the central
database's acceptance, pull, completion), beside inserting the same ledger row over the same connection (the
floor); and a desk's day-end over a day of entries, beside SQL summing the same day by kind.

    .venv/bin/python bench/bench_money.py [--refunds 30] [--entries 5000] [--json build/bench/money.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desk_app.core.entities import LedgerKind
from desk_app.core.services import refunds
from desk_app.core.services.day_end import day_end
from desk_app.core.services.deposits import take
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.demo.postgres import private_postgres
from desk_app.refund_desk import pay_refund
from tests.central_fixtures import union

TODAY = date(2026, 11, 22)


def _refunds(server: object, root: Path, count: int) -> dict[str, float]:
    with union(server, root / "desks") as made:
        desk = made.desk("a", "FSLIB")
        ctx = desk.desk.ctx("FSLIB", role="deposit")
        requests = []
        for _ in range(count):
            person = desk.desk.person(40)
            shown = DocumentInput("resident_id", person.citizen_number)
            issued = desk.run(issue_card, IssueCardCommand(name=person.name, phone=person.phone, documents=(shown,)))
            desk.run(
                take,
                LedgerKind.DEPOSIT_TAKEN,
                issued.card_number,
                10000,
                against_policy="前政策下收取的押金",
                role="deposit",
            )
            view = desk.run(refunds.apply_for_refund, refunds.RefundApplication(issued.card_number, shown,
                    card_presented=True),
                            role="deposit")  # fmt: skip
            desk.run(refunds.approve_refund, uuid.UUID(view.id), role="deposit")
            requests.append(uuid.UUID(view.id))
        desk.sync.sync()
        link = desk.link()
        paid = []
        for request in requests:
            begun = time.perf_counter()
            pay_refund(link.desk, link, ctx, request)  # type: ignore[arg-type]
            paid.append(time.perf_counter() - begun)
        # The floor: one ledger row inserted into the central database over the desk's own connection.
        floor = []
        with desk.central.connect() as connection:
            staff = connection.execute(text("SELECT id FROM staff LIMIT 1")).scalar_one()
            reader = connection.execute(text("SELECT reader_id FROM ledger_entries LIMIT 1")).scalar_one()
            connection.commit()
            for n in range(count):
                begun = time.perf_counter()
                with connection.begin():
                    connection.execute(
                        text("INSERT INTO ledger_entries (id, reader_id, kind, amount_fen, at, staff_id, branch_code,"
                             " desk_code, receipt_no, note, authorised_by) VALUES (:id, :reader, 'pre_deposit', 100,"
                             " now(), :staff, 'FSLIB', 'D1', :receipt, '', '')"),
                        {"id": uuid.uuid4(), "reader": reader, "staff": staff, "receipt": f"BENCH-{n}"},
                    )  # fmt: skip
                floor.append(time.perf_counter() - begun)
    return {"refund_ms": statistics.median(paid) * 1000, "insert_ms": statistics.median(floor) * 1000}


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
            take(uow, ctx, LedgerKind.PRE_DEPOSIT, card.card_number, 100 + n % 50)
    day = ctx.today()
    begun = time.perf_counter()
    with desk.uow() as uow:
        report = day_end(uow, ctx, day)
    seconds = time.perf_counter() - begun
    assert len(report.receipts) == entries
    begun = time.perf_counter()
    with desk.engine.connect() as connection:
        connection.execute(
            text("SELECT kind, count(*), sum(amount_fen) FROM ledger_entries WHERE branch_code = 'FSLIB'"
                 " AND desk_code = 'D1' GROUP BY kind")
        ).all()  # fmt: skip
    floor = time.perf_counter() - begun
    desk.close()
    return {"day_end_ms": seconds * 1000, "group_by_ms": floor * 1000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--refunds", type=int, default=30)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--json", type=Path, default=Path("build/bench/money.json"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="carddesk-bench-money-"))
    with private_postgres(root) as server, tempfile.TemporaryDirectory() as tmp:
        figures = _refunds(server, Path(tmp), args.refunds)
    with tempfile.TemporaryDirectory() as tmp:
        figures |= _day_end(Path(tmp), args.entries)
    figures |= {"refunds": args.refunds, "entries": args.entries}
    print(f"refund paid end to end (median of {args.refunds}): {figures['refund_ms']:.1f} ms; "
          f"one ledger INSERT: {figures['insert_ms']:.2f} ms")  # fmt: skip
    print(f"day-end over {args.entries} entries: {figures['day_end_ms']:.0f} ms; "
          f"SQL GROUP BY: {figures['group_by_ms']:.1f} ms")  # fmt: skip
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
