"""The unit of work the use cases run in: one transaction per user action.

Repositories share one small shape (add, save, get, where) so that the in-memory fake used by the unit
tests and the SQLAlchemy implementation in `db/` answer the same questions the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from desk_app.core.day_ledger import DayLedger
from desk_app.core.entities import (
    Attachment,
    AuditRecord,
    Batch,
    BatchRow,
    Branch,
    Card,
    CardEvent,
    Guardian,
    IdentityDocument,
    LedgerEntry,
    Loan,
    PrintedDocument,
    Reader,
    RefundRequest,
    SchoolClass,
    Staff,
)

T = TypeVar("T")


class Repository(Protocol[T]):
    def add(self, obj: T) -> None: ...

    def save(self, obj: T) -> None:
        """Write back the changes made to an object obtained from get() or where()."""

    def get(self, key: Any) -> T | None: ...

    def remove(self, key: Any) -> None:
        """Delete a record (used only where the law requires data to be erased)."""

    def where(self, **criteria: Any) -> list[T]:
        """All objects whose attributes equal the criteria."""

    def where_in(self, field: str, values: Iterable[Any]) -> list[T]:
        """All objects whose `field` is one of the values (for looking up many at once)."""

    def within(self, field: str, start: Any, end: Any, **criteria: Any) -> list[T]:
        """All objects whose `field` is in [start, end) and whose attributes equal the criteria (one day's
        entries, say, without reading the years before it)."""


class UnitOfWork(Protocol):
    readers: Repository[Reader]
    documents: Repository[IdentityDocument]
    guardians: Repository[Guardian]
    cards: Repository[Card]
    events: Repository[CardEvent]
    loans: Repository[Loan]
    ledger: Repository[LedgerEntry]
    audit: Repository[AuditRecord]
    branches: Repository[Branch]
    staff: Repository[Staff]
    attachments: Repository[Attachment]
    prints: Repository[PrintedDocument]
    batches: Repository[Batch]
    batch_rows: Repository[BatchRow]
    school_classes: Repository[SchoolClass]
    refunds: Repository[RefundRequest]
    day_ledger: DayLedger

    def next_number(self, sequence: str) -> int:
        """The next value of a named counter (card numbers, receipt numbers), inside this transaction."""

    def audit_head(self) -> tuple[int, str]:
        """The sequence number and hash of the newest audit record: (0, "") for an empty log."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Roll back whatever was not committed."""
