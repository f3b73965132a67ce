"""Day-end's questions answered by the database: GROUP BY and anti-joins over one desk's day of the ledger
(indexes find the day and each receipt's print), so a busy day costs little more than summing it. The
statements are built once with bind parameters and keep their compiled form. `desk_app.core.day_ledger.
RepositoryDayLedger` is the reference these answers are tested against."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, case, exists, func, literal_column, select
from sqlalchemy.orm import Session

from db.models import LedgerEntryRow, PrintedDocumentRow
from desk_app.core.day_ledger import DayDesk, KindSum, LedgerLine, NumberRun, Tally, Troubled
from desk_app.core.entities import LedgerKind

ledger = LedgerEntryRow.__table__
prints = PrintedDocumentRow.__table__
DIGITS = 8  # a receipt number ends in eight digits (RECEIPT_NUMBER)

_OF_DAY = and_(
    ledger.c.branch_code == bindparam("branch"),
    ledger.c.desk_code == bindparam("desk"),
    ledger.c.at >= bindparam("start"),
    ledger.c.at < bindparam("end"),
)
_PRINTED_HERE = exists().where(
    prints.c.reference == ledger.c.receipt_no,
    prints.c.kind == "receipt",
    prints.c.branch_code == bindparam("branch"),
    prints.c.desk_code == bindparam("desk"),
)
_TROUBLING = and_(ledger.c.receipt_no.is_(None), ledger.c.kind.in_(bindparam("cash", expanding=True))) | and_(
    ledger.c.receipt_no.is_not(None), ~_PRINTED_HERE
)
_PREFIX = func.substr(ledger.c.receipt_no, 1, func.length(ledger.c.receipt_no) - DIGITS)


def _shaped(dialect: str) -> ColumnElement[bool]:
    """A receipt number of a desk's shape (RECEIPT_NUMBER)."""
    if dialect == "postgresql":
        return ledger.c.receipt_no.regexp_match(f"^.+-[0-9]{{{DIGITS}}}$")
    return ledger.c.receipt_no.op("GLOB")(literal_column(f"'?*-{'[0-9]' * DIGITS}'"))


def _statements(dialect: str) -> dict[str, Select[Any]]:
    shaped = _shaped(dialect)
    # Compared as Python compares texts (PostgreSQL would otherwise use the database's collation).
    number = ledger.c.receipt_no.collate("C") if dialect == "postgresql" else ledger.c.receipt_no
    return {
        "tally": select(
            ledger.c.kind,
            func.count(),
            func.sum(ledger.c.amount_fen),
            func.sum(case((_TROUBLING, 1), else_=0)),
            func.count(ledger.c.receipt_no),
            func.sum(case((shaped, 1), else_=0)),
            func.min(number),
            func.max(number),
            func.sum(func.length(ledger.c.receipt_no)),
        )
        .where(_OF_DAY)
        .group_by(ledger.c.kind),
        "troubled": select(ledger.c.receipt_no, ledger.c.kind, ledger.c.amount_fen)
        .where(_OF_DAY, _TROUBLING)
        .order_by(ledger.c.at, func.coalesce(ledger.c.receipt_no, "")),
        "printed_off_ledger": select(prints.c.reference)
        .where(
            prints.c.kind == "receipt",
            prints.c.branch_code == bindparam("branch"),
            prints.c.desk_code == bindparam("desk"),
            prints.c.created_at >= bindparam("start"),
            prints.c.created_at < bindparam("end"),
            ~exists().where(ledger.c.receipt_no == prints.c.reference),
        )
        .distinct()
        .order_by(prints.c.reference),
        "number_runs": select(_PREFIX, func.min(number), func.max(number), func.count())
        .where(_OF_DAY, shaped)
        .group_by(_PREFIX)
        .order_by(_PREFIX),
        "numbers": select(ledger.c.receipt_no).where(_OF_DAY, shaped, bindparam("prefix") == _PREFIX),
        "lines": select(
            ledger.c.receipt_no, ledger.c.at, ledger.c.kind, ledger.c.amount_fen, ledger.c.note, _PRINTED_HERE
        )
        .where(_OF_DAY, ledger.c.receipt_no.is_not(None))
        .order_by(ledger.c.at, ledger.c.receipt_no),
    }


_BUILT: dict[str, dict[str, Select[Any]]] = {}


class SqlDayLedger:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, name: str, day: DayDesk, **more: Any) -> list[Any]:
        dialect = self.session.get_bind().dialect.name
        statements = _BUILT.get(dialect) or _BUILT.setdefault(dialect, _statements(dialect))
        values = {"branch": day.branch_code, "desk": day.desk_code, "start": day.start, "end": day.end, **more}
        # Through the connection: Core statements need none of the ORM's execution.
        return list(self.session.connection().execute(statements[name], values))

    def tally(self, day: DayDesk, cash_kinds: Collection[LedgerKind]) -> Tally:
        rows = self._rows("tally", day, cash=list(cash_kinds))
        kinds = sorted((KindSum(LedgerKind(r[0]), r[1], int(r[2])) for r in rows), key=lambda k: k.kind.value)
        return Tally(
            kinds=kinds,
            troubled=sum(int(r[3]) for r in rows),
            receipts=sum(r[4] for r in rows),
            shaped=sum(int(r[5]) for r in rows),
            lowest=min((r[6] for r in rows if r[6] is not None), default=None),
            highest=max((r[7] for r in rows if r[7] is not None), default=None),
            lengths=sum(int(r[8] or 0) for r in rows),
        )

    def troubled(self, day: DayDesk, cash_kinds: Collection[LedgerKind]) -> list[Troubled]:
        rows = self._rows("troubled", day, cash=list(cash_kinds))
        return [Troubled(number, LedgerKind(kind), amount) for number, kind, amount in rows]

    def printed_off_ledger(self, day: DayDesk) -> list[str]:
        return [number for (number,) in self._rows("printed_off_ledger", day)]

    def number_runs(self, day: DayDesk) -> list[NumberRun]:
        rows = self._rows("number_runs", day)
        return [NumberRun(p, int(low[-DIGITS:]), int(high[-DIGITS:]), count) for p, low, high, count in rows]

    def numbers(self, day: DayDesk, prefix: str) -> list[int]:
        return sorted(int(value[-DIGITS:]) for (value,) in self._rows("numbers", day, prefix=prefix))

    def lines(self, day: DayDesk) -> list[LedgerLine]:
        return [
            LedgerLine(number, at, LedgerKind(kind), amount, note, bool(done))
            for number, at, kind, amount, note, done in self._rows("lines", day)
        ]
