"""One repository for every table: the core's dataclass on one side, its row on the other."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from db.models import Base

D = TypeVar("D")
R = TypeVar("R", bound=Base)


class SqlRepository(Generic[D, R]):
    def __init__(self, session: Session, domain: type[D], row: type[R]) -> None:
        self._session = session
        self._domain = domain
        self._row = row
        self._fields = [f.name for f in dataclasses.fields(domain)]  # type: ignore[arg-type]
        self._key = inspect(row).primary_key[0].name

    def _to_domain(self, row: R) -> D:
        return self._domain(**{name: getattr(row, name) for name in self._fields})

    def _copy_into(self, obj: D, row: R) -> R:
        for name in self._fields:
            value = getattr(obj, name)
            # Copy containers so that a later change to the dataclass is not a hidden change to the row.
            setattr(row, name, dict(value) if isinstance(value, dict) else value)
        return row

    def add(self, obj: D) -> None:
        self._session.add(self._copy_into(obj, self._row()))
        # The models declare foreign keys but no relationships, so the flush cannot order the
        # inserts itself: write each row in the order the use case made them.
        self._session.flush()

    def save(self, obj: D) -> None:
        row = self._session.get(self._row, getattr(obj, self._key))
        if row is None:
            raise LookupError(f"{self._row.__tablename__}: no row {getattr(obj, self._key)} to save")
        self._copy_into(obj, row)

    def remove(self, key: Any) -> None:
        row = self._session.get(self._row, key)
        if row is not None:
            self._session.delete(row)
            self._session.flush()

    def get(self, key: Any) -> D | None:
        row = self._session.get(self._row, key)
        return None if row is None else self._to_domain(row)

    def where_in(self, field: str, values: Iterable[Any]) -> list[D]:
        wanted = list(dict.fromkeys(values))
        column = getattr(self._row, field)
        found: list[D] = []
        for start in range(0, len(wanted), 500):  # well under SQLite's limit on bound parameters
            rows = self._session.scalars(select(self._row).where(column.in_(wanted[start : start + 500])))
            found.extend(self._to_domain(row) for row in rows)
        return found

    def where(self, **criteria: Any) -> list[D]:
        rows = self._session.scalars(select(self._row).filter_by(**criteria))
        return [self._to_domain(row) for row in rows]

    def within(self, field: str, start: Any, end: Any, **criteria: Any) -> list[D]:
        column = getattr(self._row, field)
        rows = self._session.scalars(select(self._row).filter_by(**criteria).where(column >= start, column < end))
        return [self._to_domain(row) for row in rows]
