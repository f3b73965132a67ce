"""What day-end asks of one desk's ledger for one day, as a port: the database answers it by counting
(`db/day_ledger.py`, GROUP BY and anti-joins, so a busy day costs little more than summing it); this module's
`RepositoryDayLedger` answers the same questions from the repositories, for the in-memory unit of work and as
the reference the SQL answer is tested against.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from desk_app.core.entities import LedgerEntry, LedgerKind

if TYPE_CHECKING:
    from desk_app.core.uow import UnitOfWork

# A desk's receipt number: its prefix (branch and desk) and eight digits counted up.
RECEIPT_NUMBER = re.compile(r"^(?P<prefix>.+-)(?P<n>\d{8})$")


@dataclass(frozen=True)
class DayDesk:
    """One desk's day: [start, end) in UTC-aware moments."""

    branch_code: str
    desk_code: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class KindSum:
    kind: LedgerKind
    count: int
    amount_fen: int


@dataclass(frozen=True)
class Tally:
    """The day counted in one pass over its entries."""

    kinds: list[KindSum]
    troubled: int  # entries `troubled` would list
    receipts: int  # entries with a receipt number
    shaped: int  # of them, numbers of a desk's shape (RECEIPT_NUMBER)
    lowest: str | None  # the smallest and largest receipt number, as text
    highest: str | None
    lengths: int  # the receipt numbers' lengths added up

    def run_is_whole(self) -> bool:
        """Every receipt number of the day is of one prefix and none is missing between the lowest and the
        highest. (Texts between two that share a prefix share it too; with one length and a desk's shape each
        is that prefix and eight digits, so the count against the span decides.)"""
        if self.lowest is None or self.highest is None:
            return True
        low, high = RECEIPT_NUMBER.match(self.lowest), RECEIPT_NUMBER.match(self.highest)
        return (
            low is not None
            and high is not None
            and low["prefix"] == high["prefix"]
            and self.shaped == self.receipts
            and self.lengths == self.receipts * len(self.lowest)
            and self.receipts == int(high["n"]) - int(low["n"]) + 1
        )


@dataclass(frozen=True)
class Troubled:
    """An entry day-end must speak of: a cash movement with no receipt number (receipt_no None), or a receipt
    that was never printed at this desk."""

    receipt_no: str | None
    kind: LedgerKind
    amount_fen: int


@dataclass(frozen=True)
class NumberRun:
    """The numbers of one receipt prefix on the day's ledger: lowest, highest, and how many."""

    prefix: str
    low: int
    high: int
    count: int


@dataclass(frozen=True)
class LedgerLine:
    receipt_no: str
    at: datetime
    kind: LedgerKind
    amount_fen: int
    note: str
    printed: bool


class DayLedger(Protocol):
    def tally(self, day: DayDesk, cash_kinds: Collection[LedgerKind]) -> Tally:
        """The day's entries counted: by kind (in the order of the kinds' values), and the figures that tell
        day-end whether it must look closer."""

    def troubled(self, day: DayDesk, cash_kinds: Collection[LedgerKind]) -> list[Troubled]:
        """The entries of cash kinds without a receipt number, and those whose receipt no print of kind
        "receipt" at this branch and desk covers, in the order they were made."""

    def printed_off_ledger(self, day: DayDesk) -> list[str]:
        """The day's receipts printed at this desk whose number is on no ledger entry at all, sorted."""

    def number_runs(self, day: DayDesk) -> list[NumberRun]:
        """The day's receipt numbers of this desk, by prefix (numbers not of a desk's shape left out)."""

    def numbers(self, day: DayDesk, prefix: str) -> list[int]:
        """Every number of one prefix on the day's ledger, for finding which are missing."""

    def lines(self, day: DayDesk) -> list[LedgerLine]:
        """The day's entries with a receipt number, in the order they were made, each with whether it was
        printed here."""


class RepositoryDayLedger:
    """The day-end questions answered from the repositories, one entry at a time."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def _entries(self, day: DayDesk) -> list[LedgerEntry]:
        found = self.uow.ledger.within("at", day.start, day.end, branch_code=day.branch_code, desk_code=day.desk_code)
        return sorted(found, key=lambda e: (e.at, e.receipt_no or ""))

    def _printed(self, day: DayDesk, numbers: list[str]) -> set[str]:
        return {
            p.reference
            for p in self.uow.prints.where_in("reference", numbers)
            if p.kind == "receipt" and p.branch_code == day.branch_code and p.desk_code == day.desk_code
        }

    def tally(self, day: DayDesk, cash_kinds: Collection[LedgerKind]) -> Tally:
        entries = self._entries(day)
        by_kind: dict[LedgerKind, list[int]] = defaultdict(list)
        for entry in entries:
            by_kind[entry.kind].append(entry.amount_fen)
        numbers = [e.receipt_no for e in entries if e.receipt_no is not None]
        return Tally(
            kinds=[KindSum(k, len(v), sum(v)) for k, v in sorted(by_kind.items(), key=lambda kv: kv[0].value)],
            troubled=len(self.troubled(day, cash_kinds)),
            receipts=len(numbers),
            shaped=sum(1 for n in numbers if RECEIPT_NUMBER.match(n)),
            lowest=min(numbers, default=None),
            highest=max(numbers, default=None),
            lengths=sum(len(n) for n in numbers),
        )

    def _prints_of_day(self, day: DayDesk) -> set[str]:
        found = self.uow.prints.within(
            "created_at", day.start, day.end, kind="receipt", branch_code=day.branch_code, desk_code=day.desk_code
        )
        return {p.reference for p in found}

    def troubled(self, day: DayDesk, cash_kinds: Collection[LedgerKind]) -> list[Troubled]:
        entries = self._entries(day)
        printed = self._printed(day, [e.receipt_no for e in entries if e.receipt_no is not None])
        return [
            Troubled(e.receipt_no, e.kind, e.amount_fen)
            for e in entries
            if (e.receipt_no is None and e.kind in cash_kinds)
            or (e.receipt_no is not None and e.receipt_no not in printed)
        ]

    def printed_off_ledger(self, day: DayDesk) -> list[str]:
        on_ledger = {e.receipt_no for e in self._entries(day)}
        return sorted(n for n in self._prints_of_day(day) - on_ledger if not self.uow.ledger.where(receipt_no=n))

    def number_runs(self, day: DayDesk) -> list[NumberRun]:
        runs: dict[str, list[int]] = defaultdict(list)
        for entry in self._entries(day):
            found = RECEIPT_NUMBER.match(entry.receipt_no or "")
            if found:
                runs[found["prefix"]].append(int(found["n"]))
        return [NumberRun(p, min(v), max(v), len(v)) for p, v in sorted(runs.items())]

    def numbers(self, day: DayDesk, prefix: str) -> list[int]:
        found = (RECEIPT_NUMBER.match(e.receipt_no or "") for e in self._entries(day))
        return sorted(int(f["n"]) for f in found if f and f["prefix"] == prefix)

    def lines(self, day: DayDesk) -> list[LedgerLine]:
        entries = self._entries(day)
        printed = self._printed(day, [e.receipt_no for e in entries if e.receipt_no is not None])
        return [
            LedgerLine(e.receipt_no, e.at, e.kind, e.amount_fen, e.note, e.receipt_no in printed)
            for e in entries
            if e.receipt_no is not None
        ]
