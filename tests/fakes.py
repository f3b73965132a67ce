"""An in-memory unit of work for the use-case unit tests.

It hands out copies, as the database does, so a use case that forgets to save() a change is caught here.
"""

from __future__ import annotations

import copy
import dataclasses
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from desk_app.core import entities as e
from desk_app.core.day_ledger import RepositoryDayLedger

T = TypeVar("T")


class FakeRepository(Generic[T]):
    def __init__(self, key: str = "id") -> None:
        self._key = key
        self.committed: dict[Any, T] = {}
        self.pending: dict[Any, T] = {}
        self.removed: set[Any] = set()

    def _all(self) -> dict[Any, T]:
        return {k: v for k, v in {**self.committed, **self.pending}.items() if k not in self.removed}

    def add(self, obj: T) -> None:
        key = getattr(obj, self._key)
        if key in self._all():
            raise ValueError(f"duplicate key {key}")
        self.pending[key] = copy.deepcopy(obj)

    def save(self, obj: T) -> None:
        key = getattr(obj, self._key)
        if key not in self._all():
            raise LookupError(key)
        self.pending[key] = copy.deepcopy(obj)

    def remove(self, key: Any) -> None:
        self.pending.pop(key, None)
        self.removed.add(key)

    def get(self, key: Any) -> T | None:
        found = self._all().get(key)
        return copy.deepcopy(found)

    def where(self, **criteria: Any) -> list[T]:
        return [
            copy.deepcopy(obj)
            for obj in self._all().values()
            if all(getattr(obj, name) == value for name, value in criteria.items())
        ]

    def where_in(self, field: str, values: Any) -> list[T]:
        wanted = set(values)
        return [copy.deepcopy(obj) for obj in self._all().values() if getattr(obj, field) in wanted]

    def within(self, field: str, start: Any, end: Any, **criteria: Any) -> list[T]:
        return [obj for obj in self.where(**criteria) if start <= getattr(obj, field) < end]

    def commit(self) -> None:
        self.committed.update(self.pending)
        for key in self.removed:
            self.committed.pop(key, None)
        self.pending.clear()
        self.removed.clear()

    def rollback(self) -> None:
        self.pending.clear()
        self.removed.clear()


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.readers: FakeRepository[e.Reader] = FakeRepository()
        self.documents: FakeRepository[e.IdentityDocument] = FakeRepository()
        self.guardians: FakeRepository[e.Guardian] = FakeRepository()
        self.cards: FakeRepository[e.Card] = FakeRepository()
        self.events: FakeRepository[e.CardEvent] = FakeRepository()
        self.loans: FakeRepository[e.Loan] = FakeRepository()
        self.ledger: FakeRepository[e.LedgerEntry] = FakeRepository()
        self.audit: FakeRepository[e.AuditRecord] = FakeRepository()
        self.branches: FakeRepository[e.Branch] = FakeRepository(key="code")
        self.staff: FakeRepository[e.Staff] = FakeRepository()
        self.attachments: FakeRepository[e.Attachment] = FakeRepository()
        self.prints: FakeRepository[e.PrintedDocument] = FakeRepository()
        self.batches: FakeRepository[e.Batch] = FakeRepository()
        self.batch_rows: FakeRepository[e.BatchRow] = FakeRepository()
        self.school_classes: FakeRepository[e.SchoolClass] = FakeRepository()
        self.refunds: FakeRepository[e.RefundRequest] = FakeRepository()
        self.day_ledger = RepositoryDayLedger(self)  # type: ignore[arg-type]
        self.sequences: dict[str, int] = {}
        self._pending_sequences: dict[str, int] = {}
        self.commits = 0

    def _repos(self) -> list[FakeRepository[Any]]:
        return [v for v in vars(self).values() if isinstance(v, FakeRepository)]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    def next_number(self, sequence: str) -> int:
        value = self._pending_sequences.get(sequence, self.sequences.get(sequence, 1))
        self._pending_sequences[sequence] = value + 1
        return value

    def audit_head(self) -> tuple[int, str]:
        records = self.audit.where()
        newest = max(records, key=lambda r: r.seq, default=None)
        return (newest.seq, newest.hash) if newest else (0, "")

    def commit(self) -> None:
        for repo in self._repos():
            repo.commit()
        self.sequences.update(self._pending_sequences)
        self._pending_sequences.clear()
        self.commits += 1

    def rollback(self) -> None:
        for repo in self._repos():
            repo.rollback()
        self._pending_sequences.clear()


def seed(uow: Any, branches: list[e.Branch], staff: list[e.Staff]) -> None:
    for branch in branches:
        uow.branches.add(dataclasses.replace(branch))
    for member in staff:
        uow.staff.add(dataclasses.replace(member))
    uow.commit()
