"""The card domain's records. Plain dataclasses: the database layer maps them, the UI never sees them live."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from forms.identity_documents import DocumentType


class CardStatus(StrEnum):
    PENDING_CONSENT = "pending_consent"  # a batch card before the guardian's authorisation arrives
    PROVISIONAL = "provisional"
    ACTIVE = "active"
    LOST = "lost"
    CANCELLED = "cancelled"
    REPLACED = "replaced"


# A card in one of these states still belongs to its holder: no second card while one is live.
LIVE_STATUSES = frozenset({CardStatus.PENDING_CONSENT, CardStatus.PROVISIONAL, CardStatus.ACTIVE, CardStatus.LOST})


class LedgerKind(StrEnum):
    """What moved; amounts are always positive and the kind says which way (desk_app.core.money)."""

    DEPOSIT_TAKEN = "deposit_taken"
    DEPOSIT_REFUNDED = "deposit_refunded"
    CARD_FEE = "card_fee"
    FINE_PAID = "fine_paid"
    PRE_DEPOSIT = "pre_deposit"
    # Part of a deposit kept at its refund to settle a fine: no cash moves, the fine is paid.
    DEPOSIT_APPLIED = "deposit_applied"
    # A first-generation card's deposit the system never recorded, entered from the old receipt to refund it.
    DEPOSIT_RECORDED = "deposit_recorded"
    # A voluntary pre-deposit (Shenzhen 4(3)) used to settle a fine or a fee: no cash moves.
    PRE_DEPOSIT_USED = "pre_deposit_used"
    # What is left of a pre-deposit, paid back in cash at the reader's request.
    PRE_DEPOSIT_REFUNDED = "pre_deposit_refunded"


@dataclass
class Branch:
    code: str
    name: str


@dataclass
class Staff:
    id: uuid.UUID
    username: str
    display_name: str
    branch_code: str
    role: str
    password_hash: str = ""
    failed_attempts: int = 0
    locked_until: datetime | None = None
    active: bool = True


@dataclass
class Reader:
    id: uuid.UUID
    name: str
    gender: str | None
    birth_date: date
    phone: str
    address: str
    work_unit: str
    home_branch_code: str
    password_hash: str
    password_must_change: bool
    created_at: datetime
    updated_at: datetime
    # What the reader's first card's issue recorded, for the statistics' age band and document type; kept
    # through anonymisation (no one is found by them) and counted by the database without reading events.
    first_issued_at: datetime | None = None
    age_at_first_issue: int | None = None
    first_document_type: str | None = None


@dataclass
class IdentityDocument:
    id: uuid.UUID
    reader_id: uuid.UUID
    doc_type: DocumentType
    number: str
    person_key: str
    valid_until: date | None
    nationality: str | None
    recorded_at: datetime


@dataclass
class Guardian:
    id: uuid.UUID
    minor_reader_id: uuid.UUID
    name: str
    relationship: str
    doc_type: DocumentType
    doc_number: str
    phone: str
    consent_signed_at: datetime | None


@dataclass
class Card:
    id: uuid.UUID
    reader_id: uuid.UUID
    number: str
    barcode: str | None
    chip_uid: str | None
    card_type_code: str
    home_branch_code: str
    status: CardStatus
    is_virtual: bool
    issued_at: datetime
    replaces_card_id: uuid.UUID | None = None
    # Another issuer's card serving as this reader's card (a co-branded bank card, a social security card).
    issuer: str | None = None
    # The reader's first-issue facts (Reader), copied so that statistics count a card without its reader.
    age_at_first_issue: int | None = None
    first_document_type: str | None = None


@dataclass
class CardEvent:
    id: uuid.UUID
    card_id: uuid.UUID
    kind: str
    from_status: CardStatus | None
    to_status: CardStatus
    at: datetime
    staff_id: uuid.UUID
    branch_code: str
    desk_code: str
    detail: dict[str, Any] = field(default_factory=dict)
    # What statistics count the event by, as it was when it happened: the card's type and its reader's
    # first-issue facts (the database counts events with GROUP BY, without reading cards or readers).
    card_type_code: str | None = None
    age_at_first_issue: int | None = None
    first_document_type: str | None = None


@dataclass
class Loan:
    """Recorded centrally; the desk reads loans and fines for its rules."""

    id: uuid.UUID
    reader_id: uuid.UUID
    card_id: uuid.UUID
    item_barcode: str
    title: str
    is_foreign_language: bool
    branch_code: str  # where it was lent: fines are paid there where the policy says so
    loaned_at: datetime
    due_date: date
    returned_on: date | None = None
    renewals: int = 0
    fine_paid_fen: int = 0
    # A fine the lending library recorded under its own rules (Foshan A.3.2 b): 按各馆规定执行); None: the
    # desk computes it from the policy's daily rate.
    fine_recorded_fen: int | None = None


@dataclass
class LedgerEntry:
    """One money movement in integer fen; append-only, balances are derived from it."""

    id: uuid.UUID
    reader_id: uuid.UUID
    card_id: uuid.UUID | None
    kind: LedgerKind
    amount_fen: int
    at: datetime
    staff_id: uuid.UUID
    branch_code: str
    desk_code: str
    receipt_no: str | None = None
    note: str = ""
    # The member library the money belongs to, where it is not the one that took it (a fine).
    for_branch_code: str | None = None
    # A refund names the deposit it pays back; the central database lets each deposit be refunded once.
    refund_of: uuid.UUID | None = None
    # What authorised it: "card:<number>" for an issue, "refund:<request id>", "loan:<id>" for a fine.
    authorised_by: str = ""


@dataclass
class RefundRequest:
    """A deposit refund from application to archive (Foshan 6.4). Kept at the home branch's desk that took it.

    status: applied -> approved -> paying -> paid -> archived, or withdrawn before paying. "paying" holds
    the planned ledger entries (ids, receipt numbers) so a payment cut off anywhere resumes as the same one.
    """

    id: uuid.UUID
    reader_id: uuid.UUID
    card_id: uuid.UUID | None
    branch_code: str
    desk_code: str
    staff_id: uuid.UUID
    created_at: datetime
    status: str
    # Who came: the reader, a guardian with a minor, or an agent with a power of attorney.
    applicant: dict[str, Any] = field(default_factory=dict)
    # The principal's document as shown, the agent's, the power of attorney and other evidence.
    evidence: dict[str, Any] = field(default_factory=dict)
    # A first-generation card the system never recorded: old card number, old receipt, amount.
    legacy: dict[str, Any] | None = None
    settle_fines: bool = False
    reason: str = "refund"  # refund | swap (Chongqing 五（五）: an old deposit card for a free student card)
    plan: dict[str, Any] = field(default_factory=dict)
    approved_by: uuid.UUID | None = None
    approved_at: datetime | None = None
    paid_at: datetime | None = None
    archive: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuditRecord:
    id: uuid.UUID
    at: datetime
    staff_id: uuid.UUID
    branch_code: str
    desk_code: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str = ""
    # The hash chain: each record's hash covers its content and the previous record's hash.
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""


@dataclass
class Attachment:
    """A file kept with a record: the reader's photo, a signature captured on screen, a scanned document."""

    id: uuid.UUID
    owner: str  # "reader", "guardian", "ledger", ...
    owner_id: str
    kind: str  # "photo", "signature", "document_copy", ...
    mime: str
    sha256: str
    content: bytes
    created_at: datetime
    staff_id: uuid.UUID


@dataclass
class PrintedDocument:
    """Every document produced at the desk, so it can be reprinted from the reader's history."""

    id: uuid.UUID
    kind: str
    reader_id: uuid.UUID | None
    reference: str  # receipt number, card number ...
    file_path: str
    sha256: str
    created_at: datetime
    staff_id: uuid.UUID
    branch_code: str
    desk_code: str
    printer: str | None = None
    status: str = "saved"  # saved, sent, failed
    message: str = ""


@dataclass
class Batch:
    """A group or school registration file as imported, waiting for review and approval."""

    id: uuid.UUID
    name: str
    file_label: str
    branch_code: str
    card_type_code: str
    created_at: datetime
    staff_id: uuid.UUID
    status: str  # imported, approved
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchRow:
    id: uuid.UUID
    batch_id: uuid.UUID
    row: int
    id_number: str
    name: str
    doc_type: str
    status: str  # accepted, rejected, review, exists
    reasons: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class SchoolClass:
    """A school's grade and class, as its batches may name them (the platform's 年级参数 / 班级参数)."""

    id: uuid.UUID
    school: str
    grade: str
    class_name: str
    active: bool = True


@dataclass(frozen=True)
class Actor:
    """Who is acting, and where: every use case gets one and every audit record names it."""

    staff_id: uuid.UUID
    branch_code: str
    desk_code: str
