"""The SQLAlchemy unit of work: one session, one transaction, per user action."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models as m
from db.day_ledger import SqlDayLedger
from db.repository import SqlRepository
from desk_app.core import entities as e
from desk_app.core.day_ledger import DayLedger
from desk_app.core.uow import Repository

# Each repository of the unit of work: the core's dataclass and the row it is kept in.
REPOSITORIES: dict[str, tuple[type[Any], type[m.Base]]] = {
    "readers": (e.Reader, m.ReaderRow),
    "documents": (e.IdentityDocument, m.IdentityDocumentRow),
    "guardians": (e.Guardian, m.GuardianRow),
    "cards": (e.Card, m.CardRow),
    "events": (e.CardEvent, m.CardEventRow),
    "loans": (e.Loan, m.LoanRow),
    "ledger": (e.LedgerEntry, m.LedgerEntryRow),
    "audit": (e.AuditRecord, m.AuditRow),
    "branches": (e.Branch, m.BranchRow),
    "staff": (e.Staff, m.StaffRow),
    "attachments": (e.Attachment, m.AttachmentRow),
    "prints": (e.PrintedDocument, m.PrintedDocumentRow),
    "batches": (e.Batch, m.BatchTable),
    "batch_rows": (e.BatchRow, m.BatchRowTable),
    "school_classes": (e.SchoolClass, m.SchoolClassRow),
    "refunds": (e.RefundRequest, m.RefundRequestRow),
}


class SqlUnitOfWork:
    readers: Repository[e.Reader]
    documents: Repository[e.IdentityDocument]
    guardians: Repository[e.Guardian]
    cards: Repository[e.Card]
    events: Repository[e.CardEvent]
    loans: Repository[e.Loan]
    ledger: Repository[e.LedgerEntry]
    audit: Repository[e.AuditRecord]
    branches: Repository[e.Branch]
    staff: Repository[e.Staff]
    attachments: Repository[e.Attachment]
    prints: Repository[e.PrintedDocument]
    batches: Repository[e.Batch]
    batch_rows: Repository[e.BatchRow]
    school_classes: Repository[e.SchoolClass]
    refunds: Repository[e.RefundRequest]
    day_ledger: DayLedger

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        session = self.session = self._factory()
        for name, (domain, row) in REPOSITORIES.items():
            setattr(self, name, SqlRepository(session, domain, row))
        self.day_ledger = SqlDayLedger(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def next_number(self, sequence: str) -> int:
        row = self.session.get(m.SequenceRow, sequence, with_for_update=True)
        if row is None:
            row = m.SequenceRow(name=sequence, next_value=1)
            self.session.add(row)
        value = row.next_value
        row.next_value = value + 1
        return value

    def audit_head(self) -> tuple[int, str]:
        row = self.session.execute(
            select(m.AuditRow.seq, m.AuditRow.hash).order_by(m.AuditRow.seq.desc()).limit(1)
        ).first()
        return (row.seq, row.hash) if row else (0, "")

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
