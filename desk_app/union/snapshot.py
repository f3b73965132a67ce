"""A branch's rows as one SQLCipher file, for a desk that joins: instead of the change log from its first entry
(every row through JSON and an upsert at the desk), the desk copies the file's tables into its own inside
SQLite, then pulls the change log after the file's cursor.

The file holds what the change log would have brought that desk (`changes.in_branch`), as the rows are now,
without any password hash, and is encrypted with a key of its own that goes with it over TLS: it is never
plain on the desk's disk. The service keeps one per branch for a while (`MAX_AGE`), so desks joining one after
another share it, and builds a new one when it is older or the branch changed much since.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Uuid, cast, func, insert, select

from db.engine import make_engine, new_private_file, sqlite_url
from db.models import Base
from desk_app.union import changes, schema

MAX_AGE = timedelta(hours=1)
# Change log entries of the branch after a file's cursor at which the next desk gets a new file instead.
REBUILD_AFTER = 2 * changes.PAGE
PART = 5000
# Staff first (every row names who did it), then the fed tables in the order they refer to each other.
TABLES = ("staff", *sorted(changes.FED, key=changes.ORDER.__getitem__))


@dataclass(frozen=True)
class Snapshot:
    path: Path
    key: bytes
    cursor: int  # the change log's last entry the file includes
    built_at: datetime


def build(engine: Engine, branch: str, path: Path) -> Snapshot:
    """The branch's rows into a new file at `path`, as of one moment of the union's database."""
    key = secrets.token_bytes(32)
    new_private_file(path)
    target = make_engine(sqlite_url(path), foreign_keys=False, key=key)
    log = schema.changes
    try:
        Base.metadata.create_all(target, tables=[Base.metadata.tables[name] for name in TABLES])
        with (
            engine.connect().execution_options(isolation_level="REPEATABLE READ") as source,
            source.begin(),
            target.begin() as out,
        ):
            cursor = int(source.execute(select(func.coalesce(func.max(log.c.seq), 0))).scalar_one())
            staff: set[Any] = set()
            for name in TABLES[1:]:
                table = Base.metadata.tables[name]
                held = (
                    select(cast(log.c.entity_id, Uuid).label("id"))
                    .where(log.c.entity == name, log.c.seq <= cursor, changes.in_branch(branch))
                    .distinct()
                    .subquery()
                )
                found = source.execution_options(stream_results=True, yield_per=PART).execute(
                    select(table).join(held, held.c.id == table.c.id)
                )
                naming = changes.staff_columns(table)
                for part in found.partitions():
                    out.execute(insert(table), [changes.withheld(name, dict(row._mapping)) for row in part])
                    staff.update(row._mapping[key] for row in part for key in naming)
            members, wanted = Base.metadata.tables["staff"], sorted(staff - {None})
            for start in range(0, len(wanted), PART):
                found = source.execute(select(members).where(members.c.id.in_(wanted[start : start + PART])))
                out.execute(insert(members), [changes.withheld("staff", dict(r._mapping)) for r in found])
    finally:
        target.dispose()
    return Snapshot(path, key, cursor, datetime.now(UTC))


class Snapshots:
    """The service's files, one per branch, built when a desk asks and none is recent enough."""

    def __init__(self, engine: Engine, max_age: timedelta = MAX_AGE) -> None:
        self._engine = engine
        self._max_age = max_age
        self._directory = tempfile.TemporaryDirectory(prefix="carddesk-snapshots-")
        self._made: dict[str, Snapshot] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def of(self, branch: str) -> Snapshot:
        with self._guard:
            lock = self._locks.setdefault(branch, threading.Lock())
        with lock:  # two desks of one branch joining at once wait for one file
            made = self._made.get(branch)
            if made is None or datetime.now(UTC) - made.built_at > self._max_age or self._behind(made, branch):
                path = Path(self._directory.name) / f"{branch}-{secrets.token_hex(8)}.sqlite"
                fresh = build(self._engine, branch, path)
                self._made[branch] = fresh
                if made is not None:
                    made.path.unlink(missing_ok=True)  # a desk still downloading it keeps its open file
                made = fresh
            return made

    def _behind(self, made: Snapshot, branch: str) -> bool:
        """More of the branch changed since the file than a new desk should pull page by page after it."""
        log = schema.changes
        later = select(log.c.seq).where(log.c.seq > made.cursor, changes.in_branch(branch)).limit(REBUILD_AFTER)
        with self._engine.connect() as connection:
            return (
                int(connection.execute(select(func.count()).select_from(later.subquery())).scalar_one())
                >= REBUILD_AFTER
            )

    def close(self) -> None:
        self._directory.cleanup()
