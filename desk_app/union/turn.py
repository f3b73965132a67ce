"""A turn of a push, set-based: the commands run through the core's rules on rows read for the whole turn at
once, and what they wrote goes to PostgreSQL by COPY, one per table, at the end of the turn.

Each command still runs its use case for its staff member at its desk, staged on its own: a refused command
leaves nothing, as its savepoint did. A read is answered from the rows the turn holds when the turn is known
to hold every row that answers it (read up front for the commands' kind, or referring to a row made in this
turn); otherwise the turn asks the database then. Whatever the turn cannot decide as the database would (a
key it did not know was taken, a constraint at the COPY) raises `SlowPath`, and the turn runs again command
by command in savepoints, with the same rules.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable
from enum import Enum
from types import TracebackType
from typing import Any, Self

import psycopg
from psycopg.types.json import Json
from sqlalchemy import JSON, Column, Connection, Table, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from db import models as m
from db.uow import REPOSITORIES
from desk_app.core.day_ledger import DayLedger, RepositoryDayLedger
from desk_app.core.errors import DeskError
from desk_app.core.uow import Repository
from desk_app.union import changes, schema

IN_CHUNK = 5000  # values per IN (...), well under PostgreSQL's limit on bound parameters
WHOLE_TABLE = ""


class SlowPath(Exception):
    """This turn has to run again one command at a time, each in a savepoint of its own."""


class _Held:
    """The rows of one table the turn holds, as the turn's commands left them."""

    def __init__(self, domain: type[Any], table: Table) -> None:
        self.domain = domain
        self.table = table
        self.key = table.primary_key.columns[0].key
        self.fields = [c.key for c in table.columns]
        self.rows: dict[Any, Any] = {}
        self.from_db: set[Any] = set()
        self.absent: set[Any] = set()
        self.complete: dict[str, set[Any]] = {}
        self.indexes: dict[str, dict[Any, set[Any]]] = {}
        self.inserted: dict[Any, None] = {}  # in the order the commands made them
        self.updated: set[Any] = set()
        self.deleted: set[Any] = set()

    def knows_all(self, field: str, value: Any) -> bool:
        return WHOLE_TABLE in self.complete or value in self.complete.get(field, ())

    def put(self, key: Any, obj: Any) -> None:
        old = self.rows.get(key)
        for field, index in self.indexes.items():
            if old is not None:
                index.get(getattr(old, field), set()).discard(key)
            index.setdefault(getattr(obj, field), set()).add(key)
        self.rows[key] = obj
        self.absent.discard(key)

    def drop(self, key: Any) -> None:
        old = self.rows.pop(key, None)
        if old is not None:
            for field, index in self.indexes.items():
                index.get(getattr(old, field), set()).discard(key)
        self.absent.add(key)

    def keys_with(self, field: str, value: Any) -> Iterable[Any]:
        index = self.indexes.get(field)
        if index is None:
            index = self.indexes[field] = {}
            for key, obj in self.rows.items():
                index.setdefault(getattr(obj, field), set()).add(key)
        return tuple(index.get(value, ()))


class TurnStore:
    """What one turn read and wrote, over the turn's connection (inside the union's lock on its commands)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.held = {name: _Held(domain, row.__table__) for name, (domain, row) in REPOSITORIES.items()}  # type: ignore[arg-type]
        by_table = {h.table.name: name for name, h in self.held.items()}
        # A row made in this turn has no rows referring to it in the database yet.
        self.referring: dict[str, list[tuple[str, str]]] = {}
        self.refers_to: dict[tuple[str, str], str] = {}
        for name, h in self.held.items():
            for fk in h.table.foreign_keys:
                target = by_table.get(fk.column.table.name)
                if target is not None and fk.column.primary_key and fk.parent.key != h.key:
                    self.referring.setdefault(fk.column.table.name, []).append((name, fk.parent.key))
                    self.refers_to[(name, fk.parent.key)] = target
        self.sequences: dict[str, int | None] = {}
        self.sequences_changed: set[str] = set()
        self.head: tuple[int, str] | None = None
        self.change_entries: list[dict[str, Any]] = []
        self.outcomes: list[dict[str, Any]] = []

    # Reading

    def _take(self, h: _Held, rows: Iterable[Any]) -> None:
        for row in rows:
            key = getattr(row, h.key)
            if key in h.rows or key in h.deleted:
                continue  # what the turn holds is newer than the database
            h.put(key, h.domain(**{f: getattr(row, f) for f in h.fields}))
            h.from_db.add(key)

    def load(self, name: str, field: str, values: Iterable[Any]) -> list[Any]:
        """Every row of `name` whose `field` is one of the values, read from the database once for the turn."""
        h = self.held[name]
        wanted = [v for v in dict.fromkeys(values) if v is not None]
        if field == h.key:
            missing = [v for v in wanted if v not in h.rows and v not in h.absent and v not in h.deleted]
        else:
            missing = [v for v in wanted if not h.knows_all(field, v)]
        column = h.table.c[field]
        for start in range(0, len(missing), IN_CHUNK):
            chunk = missing[start : start + IN_CHUNK]
            self._take(h, self.connection.execute(select(h.table).where(column.in_(chunk))))
        if field == h.key:
            h.absent.update(v for v in missing if v not in h.rows)
            return [h.rows[v] for v in wanted if v in h.rows]
        h.complete.setdefault(field, set()).update(missing)
        return [h.rows[k] for v in wanted for k in h.keys_with(field, v)]

    def get(self, name: str, key: Any) -> Any:
        found = self.load(name, self.held[name].key, [key])
        return found[0] if found else None

    def matching(self, name: str, criteria: dict[str, Any], made: set[tuple[str, Any]] = frozenset()) -> list[Any]:  # type: ignore[assignment]
        """The held rows meeting every criterion, once the turn holds all of them. `made`: (repository, key)
        of records the asking command has just made, which nothing in the database can refer to yet."""
        h = self.held[name]
        for field, value in criteria.items():
            if (self.refers_to.get((name, field)), value) in made:
                return [o for k in h.keys_with(field, value) if _meets(o := h.rows[k], criteria)]
        if not criteria:
            if WHOLE_TABLE not in h.complete:
                self._take(h, self.connection.execute(select(h.table)))
                h.complete[WHOLE_TABLE] = set()
            return list(h.rows.values())
        anchor = next((f for f, v in criteria.items() if f == h.key or h.knows_all(f, v)), None)
        if anchor is None:
            anchor = next(iter(criteria))
        return [o for o in self.load(name, anchor, [criteria[anchor]]) if _meets(o, criteria)]

    def within(self, name: str, field: str, start: Any, end: Any, criteria: dict[str, Any]) -> list[Any]:
        h = self.held[name]
        column = h.table.c[field]
        query = select(h.table).where(column >= start, column < end, *(h.table.c[f] == v for f, v in criteria.items()))
        self._take(h, self.connection.execute(query))
        return [o for o in h.rows.values() if start <= getattr(o, field) < end and _meets(o, criteria)]

    def audit_head(self) -> tuple[int, str]:
        if self.head is None:
            row = self.connection.execute(
                select(m.AuditRow.seq, m.AuditRow.hash).order_by(m.AuditRow.seq.desc()).limit(1)
            ).first()
            self.head = (row.seq, row.hash) if row else (0, "")
        return self.head

    def next_value(self, sequence: str) -> int | None:
        if sequence not in self.sequences:
            self.sequences[sequence] = self.connection.execute(
                select(m.SequenceRow.next_value).where(m.SequenceRow.name == sequence)
            ).scalar()
        return self.sequences[sequence]

    # Writing

    def commit(self, staged: dict[str, dict[Any, Any]], sequences: dict[str, int], command_id: uuid.UUID) -> None:
        """One command's rows become the turn's, with their entries in the change log."""
        noted: list[tuple[str, Any]] = []
        for name, rows in staged.items():
            h = self.held[name]
            for key, obj in rows.items():
                if obj is None:
                    old = h.rows.get(key)
                    if old is not None:
                        noted.append((h.table.name, old))
                    h.drop(key)
                    if key in h.inserted:
                        del h.inserted[key]  # made and removed within the turn: never written
                    else:
                        h.deleted.add(key)
                    h.updated.discard(key)
                    continue
                old = h.rows.get(key)
                if old is not None and old == obj:
                    continue  # saved unchanged: no write, no change
                h.put(key, obj)
                if key in h.from_db:
                    h.updated.add(key)
                else:
                    h.inserted[key] = None
                    for referring, field in self.referring.get(h.table.name, ()):
                        self.held[referring].complete.setdefault(field, set()).add(key)
                noted.append((h.table.name, obj))
                if name == "audit" and obj.seq > self.audit_head()[0]:
                    self.head = (obj.seq, obj.hash)
        for sequence, value in sequences.items():
            self.sequences[sequence] = value
            self.sequences_changed.add(sequence)
        self.change_entries += changes.entries(
            [changes.note(table, obj, self._lookup) for table, obj in noted if table in changes.FED], command_id
        )

    def _lookup(self, table: str, key: Any) -> Any:
        return self.get(_REPOSITORY_OF[table], key)

    def flush(self) -> None:
        """Everything the turn's commands wrote, in the order the tables refer to each other."""
        ordered = sorted(self.held.values(), key=lambda h: changes.ORDER[h.table.name])
        for h in ordered:
            self._copy(h.table, list(h.table.columns), [_values(h.rows[k], h.fields) for k in h.inserted])
            changed = [h.rows[k] for k in h.updated if k in h.rows and k not in h.inserted]
            if changed:
                statement = (
                    update(h.table)
                    .where(h.table.c[h.key] == bindparam("_key"))
                    .values({f: bindparam(f) for f in h.fields if f != h.key})
                )
                values = [
                    {f: getattr(o, f) for f in h.fields if f != h.key} | {"_key": getattr(o, h.key)} for o in changed
                ]
                self.connection.execute(statement, values)
        for h in reversed(ordered):
            gone = [k for k in h.deleted if k in h.from_db]
            if gone:
                self.connection.execute(delete(h.table).where(h.table.c[h.key].in_(gone)))
        if self.sequences_changed:
            upsert = pg_insert(m.Base.metadata.tables["sequences"])
            numbers = [{"name": s, "next_value": self.sequences[s]} for s in sorted(self.sequences_changed)]
            self.connection.execute(
                upsert.on_conflict_do_update(index_elements=["name"], set_={"next_value": upsert.excluded.next_value}),
                numbers,
            )
        log = schema.changes
        columns = [log.c.command_id, log.c.entity, log.c.entity_id, log.c.branch_code, log.c.reader_id]
        self._copy(log, columns, [_values(e, [c.key for c in columns], dict.get) for e in self.change_entries])
        columns = list(schema.commands.columns)
        self._copy(schema.commands, columns, [_values(o, [c.key for c in columns], dict.get) for o in self.outcomes])

    def _copy(self, table: Table, columns: list[Column[Any]], rows: list[list[Any]]) -> None:
        if not rows:
            return
        is_json = [isinstance(c.type, JSON) for c in columns]
        names = ", ".join(f'"{c.name}"' for c in columns)
        cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as out:
                for row in rows:
                    out.write_row(
                        [
                            Json(v) if j else v.value if isinstance(v, Enum) else v
                            for v, j in zip(row, is_json, strict=True)
                        ]
                    )
        except psycopg.errors.IntegrityError as err:
            raise SlowPath(str(err)) from err


def drawn_number(numbers: dict[str, list[int]], sequence: str, next_free: int | None) -> int:
    """The next number the desk drew from `sequence` for this command: refused when it drew none, or one the
    union already used (below `next_free`, None for a sequence the union never counted)."""
    drawn = numbers.get(sequence)
    if not drawn:
        raise DeskError("union.number_missing", sequence=sequence)
    value = drawn.pop(0)
    if next_free is not None and value < next_free:
        raise DeskError("union.number_reused", sequence=sequence, number=value)
    return value


def _meets(obj: Any, criteria: dict[str, Any]) -> bool:
    return all(getattr(obj, f) == v for f, v in criteria.items())


def _values(obj: Any, fields: list[str], read: Callable[[Any, str], Any] = getattr) -> list[Any]:
    return [read(obj, f) for f in fields]


_REPOSITORY_OF = {row.__tablename__: name for name, (_domain, row) in REPOSITORIES.items()}


def _copy_of(obj: Any) -> Any:
    """A copy the use case may change freely (its dicts too), as a row read again would be."""
    fresh = copy.copy(obj)
    for name, value in vars(obj).items():
        if isinstance(value, dict | list):
            setattr(fresh, name, copy.copy(value))
    return fresh


class TurnRepository:
    """One repository as one command sees it: the turn's rows under the command's own staged changes."""

    def __init__(self, store: TurnStore, name: str, staged: dict[Any, Any], made: set[tuple[str, Any]]) -> None:
        self._store = store
        self._name = name
        self._key = store.held[name].key
        self._staged = staged
        self._made = made

    def _current(self, key: Any) -> Any:
        if key in self._staged:
            return self._staged[key]
        return self._store.get(self._name, key)

    def add(self, obj: Any) -> None:
        key = getattr(obj, self._key)
        # A key the turn does not hold but the database does fails the COPY, and the turn runs again slowly.
        if self._staged.get(key) is not None or key in self._store.held[self._name].rows:
            raise SlowPath(f"{self._name}: {key} is taken")
        self._staged[key] = _copy_of(obj)
        self._made.add((self._name, key))

    def save(self, obj: Any) -> None:
        key = getattr(obj, self._key)
        if self._current(key) is None:
            raise LookupError(f"{self._name}: no row {key} to save")
        self._staged[key] = _copy_of(obj)

    def remove(self, key: Any) -> None:
        if self._current(key) is not None:
            self._staged[key] = None

    def get(self, key: Any) -> Any:
        found = self._current(key)
        return None if found is None else _copy_of(found)

    def _with_staged(self, held: list[Any], keep: Callable[[Any], bool]) -> list[Any]:
        found = [o for o in held if getattr(o, self._key) not in self._staged]
        found += [o for o in self._staged.values() if o is not None and keep(o)]
        return [_copy_of(o) for o in found]

    def where(self, **criteria: Any) -> list[Any]:
        return self._with_staged(self._store.matching(self._name, criteria, self._made), lambda o: _meets(o, criteria))

    def where_in(self, field: str, values: Iterable[Any]) -> list[Any]:
        wanted = list(dict.fromkeys(values))
        chosen = set(wanted)
        return self._with_staged(self._store.load(self._name, field, wanted), lambda o: getattr(o, field) in chosen)

    def within(self, field: str, start: Any, end: Any, **criteria: Any) -> list[Any]:
        def keep(o: Any) -> bool:
            return start <= getattr(o, field) < end and _meets(o, criteria)

        return self._with_staged(self._store.within(self._name, field, start, end, criteria), keep)


class TurnUnitOfWork:
    """The unit of work of one command in a set-based turn: numbers come from what the desk drew, never twice."""

    readers: Repository[Any]
    documents: Repository[Any]
    guardians: Repository[Any]
    cards: Repository[Any]
    events: Repository[Any]
    loans: Repository[Any]
    ledger: Repository[Any]
    audit: Repository[Any]
    branches: Repository[Any]
    staff: Repository[Any]
    attachments: Repository[Any]
    prints: Repository[Any]
    batches: Repository[Any]
    batch_rows: Repository[Any]
    school_classes: Repository[Any]
    refunds: Repository[Any]
    day_ledger: DayLedger

    def __init__(self, store: TurnStore, numbers: dict[str, list[int]], command_id: uuid.UUID) -> None:
        self._store = store
        self._numbers = {name: list(values) for name, values in numbers.items()}
        self._command_id = command_id
        self._staged: dict[str, dict[Any, Any]] = {name: {} for name in REPOSITORIES}
        self._sequences: dict[str, int] = {}
        self._made: set[tuple[str, Any]] = set()
        for name in REPOSITORIES:
            setattr(self, name, TurnRepository(store, name, self._staged[name], self._made))
        self.day_ledger = RepositoryDayLedger(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    def next_number(self, sequence: str) -> int:
        value = drawn_number(self._numbers, sequence, self._sequences.get(sequence, self._store.next_value(sequence)))
        self._sequences[sequence] = value + 1
        return value

    def audit_head(self) -> tuple[int, str]:
        staged = [o for o in self._staged["audit"].values() if o is not None]
        if staged:
            newest = max(staged, key=lambda o: o.seq)
            return newest.seq, newest.hash
        return self._store.audit_head()

    def commit(self) -> None:
        self._store.commit(self._staged, self._sequences, self._command_id)
        self.rollback()

    def rollback(self) -> None:
        for staged in self._staged.values():
            staged.clear()
        self._sequences.clear()
        self._made.clear()
