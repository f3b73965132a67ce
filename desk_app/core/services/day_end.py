"""Day-end at one desk: the cash by kind of movement, the receipts it covers, and whether they agree.

The ledger is the money; the receipts are what the readers were handed. They agree when every movement has
its receipt number, every receipt was printed (a PrintedDocument of kind "receipt"), every printed receipt
is on the ledger, and the desk's numbering has no hole (numbers set aside for a refund the central database
refused are listed as void, not missing).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desk_app.core.entities import LedgerEntry
from desk_app.core.messages import format_fen, render
from desk_app.core.money import EFFECTS, cash_fen
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.uow import UnitOfWork

_SEQ = re.compile(r"^(?P<prefix>.+-)(?P<n>\d{8})$")


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    count: int
    amount_fen: int
    cash_fen: int


@dataclass(frozen=True)
class ReceiptLine:
    receipt_no: str
    at: str
    kind: str
    label: str
    amount_fen: int
    cash_fen: int
    printed: bool
    note: str


@dataclass(frozen=True)
class DayEnd:
    """The day-end JSON (`carddesk day-end --json`) has exactly these fields."""

    day: str
    branch_code: str
    desk_code: str
    totals: list[KindTotal]
    cash_in_fen: int
    cash_out_fen: int
    net_cash_fen: int
    receipts: list[ReceiptLine]
    void_receipts: list[str]
    problems: list[str]

    @property
    def agrees(self) -> bool:
        return not self.problems


def day_end(uow: UnitOfWork, ctx: DeskContext, day: date, desk_code: str | None = None, lang: str = "zh") -> DayEnd:
    require(uow, ctx, "day_end")
    zone = ZoneInfo(ctx.profile.timezone)
    desk = desk_code or ctx.actor.desk_code
    branch = ctx.actor.branch_code
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    entries = sorted(
        uow.ledger.within("at", start, end, branch_code=branch, desk_code=desk),
        key=lambda e: (e.at, e.receipt_no or ""),
    )
    by_kind: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind.value].append(entry)
    totals = [
        KindTotal(
            kind,
            EFFECTS[items[0].kind].label.pick(lang),
            len(items),
            sum(e.amount_fen for e in items),
            sum(cash_fen(e) for e in items),
        )
        for kind, items in sorted(by_kind.items())
    ]
    numbers = [e.receipt_no for e in entries if e.receipt_no is not None]
    printed = {
        p.reference
        for p in uow.prints.where_in("reference", numbers)
        if p.kind == "receipt" and p.branch_code == branch and p.desk_code == desk
    }
    void = sorted(
        str(number)
        for request in uow.refunds.where(branch_code=branch, desk_code=desk, status="refused")
        for number in request.plan.get("void_receipts", [])
    )
    problems: list[str] = []
    receipts: list[ReceiptLine] = []
    for entry in entries:
        if entry.receipt_no is None:
            if EFFECTS[entry.kind].cash:
                label, amount = EFFECTS[entry.kind].label.pick(lang), format_fen(entry.amount_fen, lang)
                problems.append(render("dayend.no_receipt_number", lang, {"kind": label, "amount": amount}))
            continue
        is_printed = entry.receipt_no in printed
        if not is_printed:
            problems.append(render("dayend.not_printed", lang, {"receipt": entry.receipt_no}))
        receipts.append(
            ReceiptLine(
                entry.receipt_no,
                entry.at.astimezone(zone).strftime("%H:%M:%S"),
                entry.kind.value,
                EFFECTS[entry.kind].label.pick(lang),
                entry.amount_fen,
                cash_fen(entry),
                is_printed,
                entry.note,
            )
        )
    on_ledger = {r.receipt_no for r in receipts}
    todays_prints = {
        p.reference
        for p in uow.prints.within("created_at", start, end, kind="receipt", branch_code=branch, desk_code=desk)
    }
    for number in sorted(todays_prints - on_ledger - set(void)):
        if not uow.ledger.where(receipt_no=number):
            problems.append(render("dayend.printed_not_on_ledger", lang, {"receipt": number}))
    problems += _holes(on_ledger | set(void), lang)
    cash_in = sum(max(0, cash_fen(e)) for e in entries)
    cash_out = -sum(min(0, cash_fen(e)) for e in entries)
    return DayEnd(
        day=day.isoformat(),
        branch_code=branch,
        desk_code=desk,
        totals=totals,
        cash_in_fen=cash_in,
        cash_out_fen=cash_out,
        net_cash_fen=cash_in - cash_out,
        receipts=receipts,
        void_receipts=void,
        problems=problems,
    )


def _holes(numbers: set[str], lang: str = "zh") -> list[str]:
    """Numbers skipped inside the day's run of this desk's receipts."""
    runs: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        found = _SEQ.match(number)
        if found:
            runs[found["prefix"]].append(int(found["n"]))
    missing = []
    for prefix, values in runs.items():
        have = set(values)
        missing += [render("dayend.number_missing", lang, {"receipt": f"{prefix}{n:08d}"})
                    for n in range(min(values), max(values)) if n not in have]  # fmt: skip
    return sorted(missing)
