"""The local desk database, SQLAlchemy 2.0 typed. Attribute names match the core's dataclasses one to one."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint, Uuid, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime, metadata, str_enum
from desk_app.core.entities import CardStatus, LedgerKind
from forms.identity_documents import DocumentType

uuid_pk = Annotated[uuid.UUID, mapped_column(Uuid, primary_key=True)]
moment = Annotated[datetime, mapped_column(UTCDateTime)]
staff_ref = Annotated[uuid.UUID, mapped_column(Uuid, ForeignKey("staff.id"))]
branch_ref = Annotated[str, mapped_column(String(20), ForeignKey("branches.code"))]
reader_ref = Annotated[uuid.UUID, mapped_column(Uuid, ForeignKey("readers.id"), index=True)]
desk_code = Annotated[str, mapped_column(String(20))]


class Base(DeclarativeBase):
    metadata = metadata


class BranchRow(Base):
    __tablename__ = "branches"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class StaffRow(Base):
    __tablename__ = "staff"
    id: Mapped[uuid_pk]
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    branch_code: Mapped[branch_ref]
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)


class ReaderRow(Base):
    __tablename__ = "readers"
    id: Mapped[uuid_pk]
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    address: Mapped[str] = mapped_column(String(200))
    work_unit: Mapped[str] = mapped_column(String(200))
    home_branch_code: Mapped[branch_ref]
    password_hash: Mapped[str] = mapped_column(String(200))
    password_must_change: Mapped[bool]
    created_at: Mapped[moment]
    updated_at: Mapped[moment]
    first_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    age_at_first_issue: Mapped[int | None]
    first_document_type: Mapped[str | None] = mapped_column(String(40))


class IdentityDocumentRow(Base):
    __tablename__ = "identity_documents"
    __table_args__ = (UniqueConstraint("reader_id", "doc_type", "person_key"),)
    id: Mapped[uuid_pk]
    reader_id: Mapped[reader_ref]
    doc_type: Mapped[DocumentType] = mapped_column(str_enum(DocumentType))
    number: Mapped[str] = mapped_column(String(40), index=True)
    person_key: Mapped[str] = mapped_column(String(80), index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    nationality: Mapped[str | None] = mapped_column(String(3))
    recorded_at: Mapped[moment]


class GuardianRow(Base):
    __tablename__ = "guardians"
    id: Mapped[uuid_pk]
    minor_reader_id: Mapped[reader_ref]
    name: Mapped[str] = mapped_column(String(50))
    relationship: Mapped[str] = mapped_column(String(20))
    doc_type: Mapped[DocumentType] = mapped_column(str_enum(DocumentType))
    doc_number: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))
    consent_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CardRow(Base):
    __tablename__ = "cards"
    # What statistics count a card by, read from the index alone (active cards are looked up from loans).
    __table_args__ = (Index("ix_cards_counted", "id", "card_type_code", "age_at_first_issue", "first_document_type"),)
    id: Mapped[uuid_pk]
    reader_id: Mapped[reader_ref]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    barcode: Mapped[str | None] = mapped_column(String(80), unique=True)
    chip_uid: Mapped[str | None] = mapped_column(String(20), unique=True)
    card_type_code: Mapped[str] = mapped_column(String(40))
    home_branch_code: Mapped[branch_ref]
    status: Mapped[CardStatus] = mapped_column(str_enum(CardStatus), index=True)
    is_virtual: Mapped[bool]
    issued_at: Mapped[moment]
    replaces_card_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("cards.id"))
    issuer: Mapped[str | None] = mapped_column(String(40))
    age_at_first_issue: Mapped[int | None]
    first_document_type: Mapped[str | None] = mapped_column(String(40))


class CardEventRow(Base):
    __tablename__ = "card_events"
    # Statistics read the events of some kinds in a period and count them by these (the drill-down by card):
    # from the index alone, without reading the events' rows.
    __table_args__ = (
        Index(
            "ix_card_events_counted",
            "kind",
            "at",
            "branch_code",
            "card_type_code",
            "age_at_first_issue",
            "first_document_type",
            "card_id",
        ),
    )
    id: Mapped[uuid_pk]
    card_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cards.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[CardStatus | None] = mapped_column(str_enum(CardStatus))
    to_status: Mapped[CardStatus] = mapped_column(str_enum(CardStatus))
    at: Mapped[moment]
    staff_id: Mapped[staff_ref]
    branch_code: Mapped[branch_ref]
    desk_code: Mapped[desk_code]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    card_type_code: Mapped[str | None] = mapped_column(String(40))
    age_at_first_issue: Mapped[int | None]
    first_document_type: Mapped[str | None] = mapped_column(String(40))


class LoanRow(Base):
    __tablename__ = "loans"
    # A card's loans in a period, in card order: statistics' active cards and their drill-down pages.
    __table_args__ = (Index("ix_loans_card_at", "card_id", "loaned_at", "branch_code"),)
    id: Mapped[uuid_pk]
    reader_id: Mapped[reader_ref]
    card_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cards.id"))
    item_barcode: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    is_foreign_language: Mapped[bool]
    branch_code: Mapped[branch_ref]
    loaned_at: Mapped[moment]
    due_date: Mapped[date] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    renewals: Mapped[int]
    fine_paid_fen: Mapped[int]
    # A fine the lending library recorded under its own rules (None: computed from the policy's daily rate).
    fine_recorded_fen: Mapped[int | None]


class LedgerEntryRow(Base):
    __tablename__ = "ledger_entries"
    # The kind says which way money moved; a negative amount would turn a refund into a deposit.
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        Index("ix_ledger_entries_desk_day", "branch_code", "desk_code", "at"),
    )
    id: Mapped[uuid_pk]
    reader_id: Mapped[reader_ref]
    card_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("cards.id"))
    kind: Mapped[LedgerKind] = mapped_column(str_enum(LedgerKind))
    amount_fen: Mapped[int]
    at: Mapped[moment]
    staff_id: Mapped[staff_ref]
    branch_code: Mapped[branch_ref]
    desk_code: Mapped[desk_code]
    receipt_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    note: Mapped[str] = mapped_column(String(200))
    for_branch_code: Mapped[str | None] = mapped_column(String(20), ForeignKey("branches.code"))
    refund_of: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("ledger_entries.id"), unique=True)
    authorised_by: Mapped[str] = mapped_column(String(80), default="")


class RefundRequestRow(Base):
    """Not synced: the request lives at the desk that handles it; the money it moves is in the ledger."""

    __tablename__ = "refund_requests"
    id: Mapped[uuid_pk]
    reader_id: Mapped[reader_ref]
    card_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("cards.id"))
    branch_code: Mapped[branch_ref]
    desk_code: Mapped[desk_code]
    staff_id: Mapped[staff_ref]
    created_at: Mapped[moment]
    status: Mapped[str] = mapped_column(String(20), index=True)
    applicant: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    legacy: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    settle_fines: Mapped[bool]
    reason: Mapped[str] = mapped_column(String(20))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("staff.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archive: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[uuid_pk]
    at: Mapped[moment] = mapped_column(index=True)
    staff_id: Mapped[staff_ref]
    branch_code: Mapped[branch_ref]
    desk_code: Mapped[desk_code]
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AttachmentRow(Base):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner", "owner_id"),)
    id: Mapped[uuid_pk]
    owner: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    mime: Mapped[str] = mapped_column(String(60))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[moment]
    staff_id: Mapped[staff_ref]


class PrintedDocumentRow(Base):
    __tablename__ = "printed_documents"
    __table_args__ = (
        Index("ix_printed_documents_desk_day", "branch_code", "desk_code", "created_at"),
        # Whether a receipt was printed at its desk: the question day-end asks of every entry of the day.
        Index("ix_printed_documents_receipt", "reference", "kind", "branch_code", "desk_code"),
    )
    id: Mapped[uuid_pk]
    kind: Mapped[str] = mapped_column(String(40))
    reader_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("readers.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60), index=True)
    file_path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[moment]
    staff_id: Mapped[staff_ref]
    branch_code: Mapped[branch_ref]
    desk_code: Mapped[desk_code]
    printer: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(String(500))


class BatchTable(Base):
    __tablename__ = "batches"
    id: Mapped[uuid_pk]
    name: Mapped[str] = mapped_column(String(100))
    file_label: Mapped[str] = mapped_column(String(200))
    branch_code: Mapped[branch_ref]
    card_type_code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[moment]
    staff_id: Mapped[staff_ref]
    status: Mapped[str] = mapped_column(String(20))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class BatchRowTable(Base):
    __tablename__ = "batch_rows"
    id: Mapped[uuid_pk]
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("batches.id"), index=True)
    row: Mapped[int]
    id_number: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    doc_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list[str]] = mapped_column(JSON)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)


class SchoolClassRow(Base):
    __tablename__ = "school_classes"
    __table_args__ = (UniqueConstraint("school", "class_name"),)
    id: Mapped[uuid_pk]
    school: Mapped[str] = mapped_column(String(100), index=True)
    grade: Mapped[str] = mapped_column(String(40))
    class_name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool]


class SequenceRow(Base):
    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    next_value: Mapped[int]


class CommandOutboxRow(Base):
    """A use case this desk ran, waiting to be pushed to the union service as a command; written in the
    transaction that ran it."""

    __tablename__ = "command_outbox"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    name: Mapped[str] = mapped_column(String(40))
    staff_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    at: Mapped[moment]
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    numbers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # queued, needs_sign_in (waits for its staff member to sign in online here) or refused (a conflict).
    status: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(String(400))
    # [table, id] of each row the command wrote here: undone if the union refuses it and staff dismiss that.
    touched: Mapped[list[list[str]]] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class SyncStateRow(Base):
    """The desk's pull cursor at the union (and what else a desk keeps about its link to it)."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
