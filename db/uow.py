"""The SQLAlchemy unit of work: one session, one transaction, per user action."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models as m
from db.repository import SqlRepository
from desk_app.core import entities as e
from desk_app.core.uow import Repository


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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        session = self.session = self._factory()
        self.readers = SqlRepository(session, e.Reader, m.ReaderRow)
        self.documents = SqlRepository(session, e.IdentityDocument, m.IdentityDocumentRow)
        self.guardians = SqlRepository(session, e.Guardian, m.GuardianRow)
        self.cards = SqlRepository(session, e.Card, m.CardRow)
        self.events = SqlRepository(session, e.CardEvent, m.CardEventRow)
        self.loans = SqlRepository(session, e.Loan, m.LoanRow)
        self.ledger = SqlRepository(session, e.LedgerEntry, m.LedgerEntryRow)
        self.audit = SqlRepository(session, e.AuditRecord, m.AuditRow)
        self.branches = SqlRepository(session, e.Branch, m.BranchRow)
        self.staff = SqlRepository(session, e.Staff, m.StaffRow)
        self.attachments = SqlRepository(session, e.Attachment, m.AttachmentRow)
        self.prints = SqlRepository(session, e.PrintedDocument, m.PrintedDocumentRow)
        self.batches = SqlRepository(session, e.Batch, m.BatchTable)
        self.batch_rows = SqlRepository(session, e.BatchRow, m.BatchRowTable)
        self.school_classes = SqlRepository(session, e.SchoolClass, m.SchoolClassRow)
        self.refunds = SqlRepository(session, e.RefundRequest, m.RefundRequestRow)
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
