"""Day-end at one desk: the cash by kind of movement, the receipts it covers, and whether they agree.

The ledger is the money; the receipts are what the readers were handed. They agree when every movement has
its receipt number, every receipt was printed (a PrintedDocument of kind "receipt"), every printed receipt
is on the ledger, and the desk's numbering has no hole (numbers set aside for a refund the central database
refused are listed as void, not missing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desk_app.core.day_ledger import RECEIPT_NUMBER, DayDesk, DayLedger, Tally
from desk_app.core.messages import format_fen, render
from desk_app.core.money import EFFECTS, cash_of
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.uow import UnitOfWork


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
    """The day's summary and every receipt line (for the sheet, the workbook and `day-end --json`)."""
    summary = day_summary(uow, ctx, day, desk_code, lang)
    zone = ZoneInfo(ctx.profile.timezone)
    receipts = [
        ReceiptLine(
            line.receipt_no,
            line.at.astimezone(zone).strftime("%H:%M:%S"),
            line.kind.value,
            EFFECTS[line.kind].label.pick(lang),
            line.amount_fen,
            cash_of(line.kind, line.amount_fen),
            line.printed,
            line.note,
        )
        for line in uow.day_ledger.lines(_day_desk(ctx, day, summary.desk_code))
    ]
    return replace(summary, receipts=receipts)


def day_summary(uow: UnitOfWork, ctx: DeskContext, day: date, desk_code: str | None = None, lang: str = "zh") -> DayEnd:
    """The day's cash by kind and whether the ledger and the receipts agree, counted by the database; the
    receipt lines are left out (`day_end` adds them)."""
    require(uow, ctx, "day_end")
    desk = desk_code or ctx.actor.desk_code
    branch = ctx.actor.branch_code
    the_day = _day_desk(ctx, day, desk)
    ledger = uow.day_ledger
    cash_kinds = [kind for kind, effect in EFFECTS.items() if effect.cash]
    tally = ledger.tally(the_day, cash_kinds)
    totals = [
        KindTotal(s.kind.value, EFFECTS[s.kind].label.pick(lang), s.count, s.amount_fen, cash_of(s.kind, s.amount_fen))
        for s in tally.kinds
    ]
    void = sorted(
        str(number)
        for request in uow.refunds.where(branch_code=branch, desk_code=desk, status="refused")
        for number in request.plan.get("void_receipts", [])
    )
    problems: list[str] = []
    for entry in ledger.troubled(the_day, cash_kinds) if tally.troubled else ():
        if entry.receipt_no is None:
            label, amount = EFFECTS[entry.kind].label.pick(lang), format_fen(entry.amount_fen, lang)
            problems.append(render("dayend.no_receipt_number", lang, {"kind": label, "amount": amount}))
        else:
            problems.append(render("dayend.not_printed", lang, {"receipt": entry.receipt_no}))
    problems += [
        render("dayend.printed_not_on_ledger", lang, {"receipt": number})
        for number in ledger.printed_off_ledger(the_day)
        if number not in void
    ]
    problems += _missing_numbers(ledger, the_day, tally, void, lang)
    # Every amount is positive (the ledger's constraint): a kind's cash goes one way only.
    cash_in = sum(t.cash_fen for t in totals if t.cash_fen > 0)
    cash_out = -sum(t.cash_fen for t in totals if t.cash_fen < 0)
    return DayEnd(
        day=day.isoformat(),
        branch_code=branch,
        desk_code=desk,
        totals=totals,
        cash_in_fen=cash_in,
        cash_out_fen=cash_out,
        net_cash_fen=cash_in - cash_out,
        receipts=[],
        void_receipts=void,
        problems=problems,
    )


def _day_desk(ctx: DeskContext, day: date, desk: str) -> DayDesk:
    zone = ZoneInfo(ctx.profile.timezone)
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return DayDesk(ctx.actor.branch_code, desk, start, end)


def _missing_numbers(ledger: DayLedger, day: DayDesk, tally: Tally, void: list[str], lang: str) -> list[str]:
    """Numbers skipped inside the day's run of this desk's receipts (void ones are not missing). A day whose
    numbers run whole is not read number by number, nor is a prefix whose count fills its span."""
    have = _by_prefix(void)
    if tally.run_is_whole() and not have:
        return []
    for run in ledger.number_runs(day):
        prefix = run.prefix
        if prefix in have or run.count != run.high - run.low + 1:
            have.setdefault(prefix, set()).update(ledger.numbers(day, prefix))
    return [render("dayend.number_missing", lang, {"receipt": number}) for number in _gaps(have)]


def _holes(numbers: set[str], lang: str = "zh") -> list[str]:
    """Numbers skipped inside the day's run of this desk's receipts."""
    return [render("dayend.number_missing", lang, {"receipt": number}) for number in _gaps(_by_prefix(numbers))]


def _by_prefix(numbers: Iterable[str]) -> dict[str, set[int]]:
    runs: dict[str, set[int]] = defaultdict(set)
    for number in numbers:
        found = RECEIPT_NUMBER.match(number)
        if found:
            runs[found["prefix"]].add(int(found["n"]))
    return dict(runs)


def _gaps(by_prefix: dict[str, set[int]]) -> list[str]:
    return sorted(
        f"{prefix}{n:08d}" for prefix, have in by_prefix.items() for n in range(min(have), max(have)) if n not in have
    )
