"""The statistics counted by a database (a desk's SQLite one, or the union's PostgreSQL one): GROUP BY cells
for desk_app.core.stats to roll up, and the drill-down's page of cards, in both dialects alike.

Months are the library's: the period's month starts (local midnights, as UTC) are compared in a CASE, which
holds for any time zone, daylight saving included. A card event carries what it is counted by (the card's
type, its reader's first-issue age and document type, as they were then: migration 0015), so the events are
counted without a join; active cards are counted from the year's loans, through their card (which carries
the same facts) only for the counts by card type, age band and document type.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, case, distinct, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute

from db import engine as _sqlite_hints  # noqa: F401 (SQLite renders the INDEXED BY hint below)
from db.models import BatchRowTable, BatchTable, CardEventRow, CardRow, LedgerEntryRow, LoanRow
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
# SQLite looks a card up by its primary key's index and then reads the (wide) row; told to use the narrow index
# that holds what is counted, a sweep in card order reads each of its pages once. PostgreSQL hashes the join.
_COUNTED_INDEX = "INDEXED BY ix_cards_counted"


def _month(column: Any, period: Period) -> ColumnElement[str]:
    bounds = period.month_starts
    return case(*((column < bounds[i + 1], literal(f"{i + 1:02d}")) for i in range(12)), else_=literal(""))


def _band(age: Any) -> ColumnElement[str]:
    return case(
        (age.is_(None), literal(UNKNOWN)),
        *((age <= high, literal(name)) for name, _low, high in AGE_BANDS),
        else_=literal(UNKNOWN),
    )


def _document(column: Any) -> ColumnElement[str]:
    return func.coalesce(column, literal(""))


_Column = ColumnElement[str] | InstrumentedAttribute[str]


# What a figure's row is, per dimension but the month: the same expression groups the figures and picks the
# cards behind one in the drill-down, so a figure and its cards cannot disagree.
def _event_columns() -> dict[str, _Column]:
    return {
        "by_branch": CardEventRow.branch_code,
        "by_card_type": func.coalesce(CardEventRow.card_type_code, literal("")),
        "by_age_band": _band(CardEventRow.age_at_first_issue),
        "by_document": _document(CardEventRow.first_document_type),
    }


def _card_columns() -> dict[str, _Column]:
    """An active card's own (its loans give the month and branch)."""
    return {
        "by_card_type": CardRow.card_type_code,
        "by_age_band": _band(CardRow.age_at_first_issue),
        "by_document": _document(CardRow.first_document_type),
    }


class SqlStatsSource:
    def __init__(self, engine: Engine, label: Text = LOCAL) -> None:
        self.engine = engine
        self.label = label

    # -- the events' cube -------------------------------------------------------------------------------
    def _events(self, period: Period, branch: str | None) -> Select[Any]:
        query = (
            select()
            .select_from(CardEventRow)
            .where(CardEventRow.at >= period.start, CardEventRow.at < period.end)
            .where(CardEventRow.kind.in_(EVENT_MEASURE))
        )
        return query.where(CardEventRow.branch_code == branch) if branch else query

    def _loans(self, period: Period, branch: str | None) -> Select[Any]:
        query = select().select_from(LoanRow).where(LoanRow.loaned_at >= period.start, LoanRow.loaned_at < period.end)
        return query.where(LoanRow.branch_code == branch) if branch else query

    def card_counts(self, period: Period, branch: str | None) -> Iterator[CardCount]:
        columns = _event_columns()
        inner = (
            self._events(period, branch)
            .add_columns(
                _month(CardEventRow.at, period).label("month"),
                columns["by_branch"].label("branch"),
                columns["by_card_type"].label("card_type"),
                columns["by_age_band"].label("band"),
                columns["by_document"].label("document"),
                CardEventRow.kind.label("kind"),
            )
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
        cards = _active(loans)
        columns = _card_columns()
        by_card = (
            select(
                columns["by_card_type"].label("card_type"),
                columns["by_age_band"].label("band"),
                columns["by_document"].label("document"),
            )
            .select_from(cards)
            .where(CardRow.id == cards.c.card_id)
            .with_hint(CardRow, _COUNTED_INDEX, "sqlite")
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
        """A page of the cards behind a figure, in the order of their records (each page is then shown by card
        number): a stable order the database keeps without sorting everything behind a big figure."""
        if figure.measure == "active":
            loans = self._loans(period, branch)
            if figure.key is not None and figure.dimension in ("by_month", "by_branch"):
                loans = loans.where(_loan_row(figure, period))
            cards = _active(loans)
            query = select(cards.c.card_id).select_from(cards)
            if figure.key is not None and figure.dimension not in ("by_month", "by_branch"):
                query = query.where(CardRow.id == cards.c.card_id, _card_row(figure)).with_hint(
                    CardRow, _COUNTED_INDEX, "sqlite"
                )
            query = query.order_by(cards.c.card_id)
        else:
            query = self._events(period, branch).where(CardEventRow.kind == _KINDS_OF[figure.measure])
            if figure.key is not None:
                query = query.where(_event_row(figure, period))
            card = CardEventRow.card_id
            query = query.add_columns(card).group_by(card).order_by(card)
        with self.engine.connect() as connection:
            return [_uuid(card_id) for card_id in connection.scalars(query.limit(limit).offset(offset))]


def _active(loans: Select[Any]) -> Any:
    """The cards with a loan among `loans`, in card order (the loans' card index gives them without a sort)."""
    return loans.add_columns(LoanRow.card_id).group_by(LoanRow.card_id).order_by(LoanRow.card_id).subquery()


def _in_month(figure: Figure, at: Any, period: Period) -> ColumnElement[bool]:
    key = figure.key or ""
    month = int(key) if key.isdigit() else 0
    if not 1 <= month <= 12:
        return literal(False)
    return and_(at >= period.month_starts[month - 1], at < period.month_starts[month])


def _event_row(figure: Figure, period: Period) -> ColumnElement[bool]:
    if figure.dimension == "by_month":
        return _in_month(figure, CardEventRow.at, period)
    return _event_columns()[figure.dimension] == figure.key


def _loan_row(figure: Figure, period: Period) -> ColumnElement[bool]:
    if figure.dimension == "by_month":
        return _in_month(figure, LoanRow.loaned_at, period)
    return LoanRow.branch_code == figure.key


def _card_row(figure: Figure) -> ColumnElement[bool]:
    return _card_columns()[figure.dimension] == figure.key


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
