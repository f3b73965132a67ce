"""The statistics facts from a database (a desk's SQLite one, or the union's PostgreSQL one): narrow rows
read in one pass per kind, the counting done by desk_app.core.stats."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from sqlalchemy import Engine, and_, case, func, literal, select, union_all

from db.models import BatchRowTable, BatchTable, CardEventRow, CardRow, LedgerEntryRow, LoanRow
from desk_app.core.messages import Text
from desk_app.core.money import EFFECTS
from desk_app.core.stats import BatchFact, CardActivity, MoneyFact, ReaderFact

LOCAL = Text(
    "本服务台数据库（仅本馆读者及本台服务过的读者）", "this desk's database (its branch's readers and those it served)"
)
UNION = Text("联盟数据库（全联盟）", "the union's database (the whole union)")
_KINDS = ("issue", "issue_replacement", "cancel", "report_loss")


class SqlStatsSource:
    def __init__(self, engine: Engine, label: Text = LOCAL) -> None:
        self.engine = engine
        self.label = label

    def activities(self, start: datetime, end: datetime, branch: str | None) -> Iterator[CardActivity]:
        events = (
            select(
                CardEventRow.card_id, CardRow.reader_id, CardEventRow.kind, CardEventRow.at,
                CardEventRow.branch_code, CardRow.card_type_code,
            )
            .join(CardRow, CardRow.id == CardEventRow.card_id)
            .where(CardEventRow.at >= start, CardEventRow.at < end, CardEventRow.kind.in_(_KINDS))
        )  # fmt: skip
        loans = (
            select(
                LoanRow.card_id, CardRow.reader_id, literal("loan"), LoanRow.loaned_at,
                LoanRow.branch_code, CardRow.card_type_code,
            )
            .join(CardRow, CardRow.id == LoanRow.card_id)
            .where(LoanRow.loaned_at >= start, LoanRow.loaned_at < end)
        )  # fmt: skip
        if branch:
            events = events.where(CardEventRow.branch_code == branch)
            loans = loans.where(LoanRow.branch_code == branch)
        with self.engine.connect() as connection:
            for card_id, reader_id, kind, at, branch_code, card_type in connection.execute(union_all(events, loans)):
                yield CardActivity(_uuid(card_id), _uuid(reader_id), kind, _aware(at), branch_code, card_type)

    def readers(self, reader_ids: set[uuid.UUID]) -> dict[uuid.UUID, ReaderFact]:
        """Each reader's first issue record: their age then and their documents (kept through anonymisation)."""
        if not reader_ids:
            return {}
        query = (
            select(
                CardRow.reader_id,
                CardEventRow.at,
                CardEventRow.detail["age_at_issue"].as_integer(),
                CardEventRow.detail[("document_types", 0)].as_string(),
            )
            .join(CardRow, CardRow.id == CardEventRow.card_id)
            .where(CardEventRow.kind == "issue")
        )
        first: dict[uuid.UUID, tuple[datetime, ReaderFact]] = {}
        with self.engine.connect() as connection:
            for reader_id, at, age, document in connection.execute(query):
                key = _uuid(reader_id)
                if key not in reader_ids:
                    continue
                moment = _aware(at)
                if key not in first or moment < first[key][0]:
                    first[key] = (moment, ReaderFact(age, document or ""))
        return {k: v[1] for k, v in first.items()}

    def money(self, end: datetime, branch: str | None) -> Iterable[MoneyFact]:
        query = select(LedgerEntryRow.kind, LedgerEntryRow.amount_fen, LedgerEntryRow.at, LedgerEntryRow.branch_code)
        deposit_kinds = [kind for kind, effect in EFFECTS.items() if effect.deposit]
        query = query.where(LedgerEntryRow.at < end, LedgerEntryRow.kind.in_(deposit_kinds))
        if branch:
            query = query.where(LedgerEntryRow.branch_code == branch)
        with self.engine.connect() as connection:
            return [MoneyFact(str(k), int(a), _aware(at), b) for k, a, at, b in connection.execute(query)]

    def batches(self, start: datetime, end: datetime, branch: str | None) -> Iterable[BatchFact]:
        approved = func.sum(case((BatchRowTable.status == "approved", 1), else_=0))
        query = (
            select(BatchTable.branch_code, BatchTable.created_at, func.count(BatchRowTable.id), approved)
            .join(BatchRowTable, BatchRowTable.batch_id == BatchTable.id, isouter=True)
            .where(and_(BatchTable.created_at >= start, BatchTable.created_at < end))
            .group_by(BatchTable.id, BatchTable.branch_code, BatchTable.created_at)
        )
        if branch:
            query = query.where(BatchTable.branch_code == branch)
        with self.engine.connect() as connection:
            return [BatchFact(b, _aware(at), int(n), int(a or 0)) for b, at, n, a in connection.execute(query)]


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
