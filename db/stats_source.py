"""The statistics counted by a database (a desk's SQLite one, or the union's PostgreSQL one): GROUP BY cells
for desk_app.core.stats to roll up, and the drill-down's page of cards, in both dialects alike.

Months are the library's: the period's month starts (local midnights, as UTC) are compared in a CASE, which
holds for any time zone, daylight saving included. The reader's age band and document type come from the
reader's own first-issue columns (migration 0015), not from every issue event's JSON.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, case, distinct, func, literal, select

from db.models import BatchRowTable, BatchTable, CardEventRow, CardRow, LedgerEntryRow, LoanRow, ReaderRow
from desk_app.core.entities import LedgerKind
from desk_app.core.messages import Text
from desk_app.core.money import EFFECTS
from desk_app.core.stats import (
    AGE_BANDS,
    EVENT_MEASURE,
    UNKNOWN,
    ActiveCards,
    BatchCount,
    CardCount,
    DepositCount,
    Figure,
    Period,
)

LOCAL = Text(
    "本服务台数据库（仅本馆读者及本台服务过的读者）", "this desk's database (its branch's readers and those it served)"
)
UNION = Text("联盟数据库（全联盟）", "the union's database (the whole union)")
_KINDS_OF = {measure: kind for kind, measure in EVENT_MEASURE.items()}
_DEPOSIT_KINDS = [kind for kind, effect in EFFECTS.items() if effect.deposit]


def _month(column: Any, period: Period) -> ColumnElement[str]:
    bounds = period.month_starts
    return case(*((column < bounds[i + 1], literal(f"{i + 1:02d}")) for i in range(12)), else_=literal(""))


def _band() -> ColumnElement[str]:
    age = ReaderRow.age_at_first_issue
    return case(
        (age.is_(None), literal(UNKNOWN)),
        *((age <= high, literal(name)) for name, _low, high in AGE_BANDS),
        else_=literal(UNKNOWN),
    )


def _document() -> ColumnElement[str]:
    return func.coalesce(ReaderRow.first_document_type, literal(""))


class SqlStatsSource:
    def __init__(self, engine: Engine, label: Text = LOCAL) -> None:
        self.engine = engine
        self.label = label

    # -- the events' cube -------------------------------------------------------------------------------
    def _events(self, period: Period, branch: str | None) -> Select[Any]:
        query = (
            select()
            .select_from(CardEventRow)
            .join(CardRow, CardRow.id == CardEventRow.card_id)
            .outerjoin(ReaderRow, ReaderRow.id == CardRow.reader_id)
            .where(CardEventRow.at >= period.start, CardEventRow.at < period.end)
        )
        return query.where(CardEventRow.branch_code == branch) if branch else query

    def _loans(self, period: Period, branch: str | None) -> Select[Any]:
        query = select().select_from(LoanRow).where(LoanRow.loaned_at >= period.start, LoanRow.loaned_at < period.end)
        return query.where(LoanRow.branch_code == branch) if branch else query

    def card_counts(self, period: Period, branch: str | None) -> Iterator[CardCount]:
        inner = (
            self._events(period, branch)
            .add_columns(
                _month(CardEventRow.at, period).label("month"),
                CardEventRow.branch_code.label("branch"),
                CardRow.card_type_code.label("card_type"),
                _band().label("band"),
                _document().label("document"),
                CardEventRow.kind.label("kind"),
            )
            .where(CardEventRow.kind.in_(EVENT_MEASURE))
            .subquery()
        )
        keys = list(inner.c)
        query = select(*keys, func.count()).group_by(*keys)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                month, branch_code, card_type, band, document, kind, n = tuple(row)
                yield CardCount(month, branch_code, card_type, band, document, EVENT_MEASURE[kind], int(n))

    def active_cards(self, period: Period, branch: str | None) -> ActiveCards:
        loans = self._loans(period, branch)
        per_month = loans.add_columns(_month(LoanRow.loaned_at, period).label("key"), LoanRow.card_id).subquery()
        per_branch = loans.add_columns(LoanRow.branch_code.label("key"), LoanRow.card_id).subquery()
        cards = loans.add_columns(LoanRow.card_id).distinct().subquery()
        by_card = (
            select(CardRow.card_type_code.label("card_type"), _band().label("band"), _document().label("document"))
            .select_from(cards)
            .join(CardRow, CardRow.id == cards.c.card_id)
            .outerjoin(ReaderRow, ReaderRow.id == CardRow.reader_id)
        ).subquery()
        attributes = list(by_card.c)
        with self.engine.connect() as connection:

            def counted(table: Any) -> dict[str, int]:
                query = select(table.c.key, func.count(distinct(table.c.card_id))).group_by(table.c.key)
                return {str(k): int(n) for k, n in connection.execute(query)}

            by_month, by_branch = counted(per_month), counted(per_branch)
            rows = connection.execute(select(*attributes, func.count()).group_by(*attributes))
            per_card = [(str(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in rows]
            return ActiveCards(by_month, by_branch, per_card)

    def deposits(self, period: Period, branch: str | None) -> list[DepositCount]:
        entry = LedgerEntryRow
        in_period = entry.at >= period.start
        amount = func.abs(entry.amount_fen)
        taken = and_(in_period, entry.kind == LedgerKind.DEPOSIT_TAKEN)
        refunded = and_(in_period, entry.kind == LedgerKind.DEPOSIT_REFUNDED)
        sign = case(*((entry.kind == kind, EFFECTS[kind].deposit) for kind in _DEPOSIT_KINDS), else_=0)
        query = (
            select(
                entry.branch_code,
                func.sum(case((taken, 1), else_=0)),
                func.sum(case((taken, amount), else_=0)),
                func.sum(case((refunded, 1), else_=0)),
                func.sum(case((refunded, amount), else_=0)),
                func.sum(sign * amount),
            )
            .where(entry.at < period.end, entry.kind.in_(_DEPOSIT_KINDS))
            .group_by(entry.branch_code)
        )
        if branch:
            query = query.where(entry.branch_code == branch)
        with self.engine.connect() as connection:
            return [DepositCount(b, *(int(v or 0) for v in values)) for b, *values in connection.execute(query)]

    def batches(self, period: Period, branch: str | None) -> list[BatchCount]:
        approved = func.sum(case((BatchRowTable.status == "approved", 1), else_=0))
        query = (
            select(BatchTable.branch_code, func.count(distinct(BatchTable.id)), func.count(BatchRowTable.id), approved)
            .join(BatchRowTable, BatchRowTable.batch_id == BatchTable.id, isouter=True)
            .where(BatchTable.created_at >= period.start, BatchTable.created_at < period.end)
            .group_by(BatchTable.branch_code)
        )
        if branch:
            query = query.where(BatchTable.branch_code == branch)
        with self.engine.connect() as connection:
            return [BatchCount(b, int(n), int(r), int(a or 0)) for b, n, r, a in connection.execute(query)]

    # -- the drill-down ----------------------------------------------------------------------------------
    def cards_behind(
        self, period: Period, branch: str | None, figure: Figure, limit: int, offset: int
    ) -> list[uuid.UUID]:
        if figure.measure == "active":
            query = self._loans(period, branch).join(CardRow, CardRow.id == LoanRow.card_id)
            query = query.outerjoin(ReaderRow, ReaderRow.id == CardRow.reader_id)
            at, branch_code = LoanRow.loaned_at, LoanRow.branch_code
        else:
            query = self._events(period, branch).where(CardEventRow.kind == _KINDS_OF[figure.measure])
            at, branch_code = CardEventRow.at, CardEventRow.branch_code
        if figure.key is not None:
            query = query.where(_row_is(figure, at, branch_code, period))
        query = (
            query.add_columns(CardRow.id, CardRow.number)
            .distinct()
            .order_by(CardRow.number, CardRow.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as connection:
            return [_uuid(card_id) for card_id, _number in connection.execute(query)]


def _row_is(figure: Figure, at: Any, branch_code: Any, period: Period) -> ColumnElement[bool]:
    key = figure.key
    if figure.dimension == "by_month":
        month = int(key or 0)
        if not 1 <= month <= 12:
            return literal(False)
        return and_(at >= period.month_starts[month - 1], at < period.month_starts[month])
    column: ColumnElement[Any] = {
        "by_branch": branch_code,
        "by_card_type": CardRow.card_type_code,
        "by_age_band": _band(),
        "by_document": _document(),
    }[figure.dimension]
    return column == key


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
