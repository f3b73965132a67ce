"""The union's change feed: which rows each applied command changed, and what a desk may pull of them.

A desk holds its own branch's readers and the readers it served lately, never the union: the feed is scoped
by the row's branch (a reader's rows by the reader's home branch) or by the reader having been served at that
desk within the days it asks for (at most `MAX_SERVED_DAYS`). Rows go out as they are now, never as they were,
so an erased value does not linger; a reader's password hash and staff password hashes never leave the union.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    Table,
    and_,
    cast,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from db.models import Base
from db.sync_codec import encode_row
from desk_app.union import schema

# The tables a desk holds rows of. Branches come from the profile; staff only as the names behind a row;
# audit records are each desk's own (the union keeps the heads); sequences and print records stay local.
FED = (
    "readers", "identity_documents", "guardians", "cards", "card_events", "loans", "ledger_entries",
    "refund_requests", "batches", "batch_rows", "school_classes", "attachments",
)  # fmt: skip
ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
MAX_SERVED_DAYS = 90
PAGE = 2000
CHANGES = "carddesk_union_changes"


# (table name, key) -> that row (an ORM row or the core's dataclass), or None.
Lookup = Callable[[str, Any], Any]
Noted = tuple[str, str, str | None, uuid.UUID | None]
MODELS = {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


def capture(session: Session, _context: Any, _instances: Any) -> None:
    """before_flush: note each changed row of a fed table with the branch whose desks hold it."""
    noted: list[Noted] = session.info.setdefault(CHANGES, [])
    rows = [o for o in session.dirty if session.is_modified(o)] + list(session.new) + list(session.deleted)
    with session.no_autoflush:
        for row in rows:
            if isinstance(row, Base) and row.__tablename__ in FED:
                noted.append(note(row.__tablename__, row, lambda name, key: session.get(MODELS[name], key)))


def entity_id(name: str, row: Any) -> str:
    """How the change log names a row of the table `name` (its key; a composite key joined by commas)."""
    return ",".join(str(getattr(row, c.key)) for c in Base.metadata.tables[name].primary_key.columns)


def note(name: str, row: Any, lookup: Lookup) -> Noted:
    """A changed row of the fed table `name` with the branch whose desks hold it and the reader it is of."""
    entity = entity_id(name, row)
    reader_id = row.id if name == "readers" else _reader_of(row)
    if reader_id is None and name == "card_events":
        card = lookup("cards", row.card_id)  # an event is the card holder's, wherever it happened
        reader_id = card.reader_id if card is not None else None
    branch = getattr(row, "home_branch_code", None) or getattr(row, "branch_code", None)
    if reader_id is not None and name != "readers":
        reader = lookup("readers", reader_id)
        branch = reader.home_branch_code if reader is not None else branch
    elif name == "attachments":
        reader_id = _attachment_reader(row, lookup)
        reader = lookup("readers", reader_id) if reader_id is not None else None
        branch = reader.home_branch_code if reader is not None else None
    elif name == "batch_rows":
        batch = lookup("batches", row.batch_id)
        branch = batch.branch_code if batch is not None else None
    return name, entity, branch, reader_id


def _attachment_reader(row: Any, lookup: Lookup) -> uuid.UUID | None:
    """A photo or signature belongs to its reader; a refund's scans to the refund's reader."""
    try:
        owner_id = uuid.UUID(str(row.owner_id))
    except ValueError:
        return None
    if row.owner == "reader":
        return owner_id
    if row.owner == "refund":
        request = lookup("refund_requests", owner_id)
        return request.reader_id if request is not None else None
    return None


def _reader_of(row: Any) -> uuid.UUID | None:
    found = getattr(row, "reader_id", None) or getattr(row, "minor_reader_id", None)
    return found if isinstance(found, uuid.UUID) else None


def entries(noted: list[Noted], command_id: uuid.UUID) -> list[dict[str, Any]]:
    """The change log's entries for one command: each row once, parents before the rows that refer to them."""
    seen: set[tuple[str, str]] = set()
    found = []
    for entity, entity_id, branch, reader_id in sorted(noted, key=lambda n: ORDER[n[0]]):
        if (entity, entity_id) in seen:
            continue
        seen.add((entity, entity_id))
        found.append(
            {"command_id": command_id, "entity": entity, "entity_id": entity_id, "branch_code": branch,
             "reader_id": reader_id}
        )  # fmt: skip
    return found


def record(session: Session, command_id: uuid.UUID) -> None:
    """Into the change log, in the command's own savepoint: a refused command leaves no entry."""
    found = entries(session.info.pop(CHANGES, []), command_id)
    if found:
        session.execute(insert(schema.changes), found)


def note_existing(connection: Connection, command_id: uuid.UUID) -> int:
    """Rows written before the change log existed (demo data, a union moved from the old central database)
    are noted once, as if one command had made them, so that a new desk's first pull brings its branch."""
    noted = 0
    c = schema.changes
    readers = Base.metadata.tables["readers"]
    batches = Base.metadata.tables["batches"]
    for name in sorted(FED, key=ORDER.__getitem__):
        table = Base.metadata.tables[name]
        reader_column = table.c.get("reader_id", table.c.get("minor_reader_id"))
        if name == "readers":
            query = select(table.c.id, table.c.home_branch_code, table.c.id)
        elif reader_column is not None:
            query = select(table.c.id, readers.c.home_branch_code, reader_column).join(
                readers, readers.c.id == reader_column
            )
        elif name == "card_events":
            cards = Base.metadata.tables["cards"]
            query = (
                select(table.c.id, readers.c.home_branch_code, cards.c.reader_id)
                .join(cards, cards.c.id == table.c.card_id)
                .join(readers, readers.c.id == cards.c.reader_id)
            )
        elif name == "batch_rows":
            query = select(table.c.id, batches.c.branch_code, literal(None)).join(
                batches, batches.c.id == table.c.batch_id
            )
        elif name == "attachments":
            noted += _note_attachments(connection, command_id)
            continue
        else:
            branch_column = table.c.get("branch_code")
            query = select(table.c.id, branch_column if branch_column is not None else literal(None), literal(None))
        already = select(c.c.entity_id).where(c.c.entity == name)
        found = connection.execute(query.where(cast(table.c.id, String).not_in(already))).all()
        if found:
            connection.execute(
                insert(c),
                [
                    {"command_id": command_id, "entity": name, "entity_id": str(row[0]), "branch_code": row[1],
                     "reader_id": row[2]}
                    for row in found
                ],
            )  # fmt: skip
        noted += len(found)
    return noted


def _note_attachments(connection: Connection, command_id: uuid.UUID) -> int:
    c = schema.changes
    table = Base.metadata.tables["attachments"]
    readers = Base.metadata.tables["readers"]
    requests = Base.metadata.tables["refund_requests"]
    already = select(c.c.entity_id).where(c.c.entity == "attachments")
    own = select(table.c.id, readers.c.home_branch_code, readers.c.id).join(
        readers, and_(table.c.owner == "reader", cast(readers.c.id, String) == table.c.owner_id)
    )
    scans = (
        select(table.c.id, readers.c.home_branch_code, readers.c.id)
        .join(requests, and_(table.c.owner == "refund", cast(requests.c.id, String) == table.c.owner_id))
        .join(readers, readers.c.id == requests.c.reader_id)
    )
    found = [
        *connection.execute(own.where(cast(table.c.id, String).not_in(already))).all(),
        *connection.execute(scans.where(cast(table.c.id, String).not_in(already))).all(),
    ]
    if found:
        connection.execute(
            insert(c),
            [{"command_id": command_id, "entity": "attachments", "entity_id": str(r[0]), "branch_code": r[1],
              "reader_id": r[2]} for r in found],
        )  # fmt: skip
    return len(found)


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]  # {"entity", "id", "row"} (row None: deleted), references first
    cursor: int
    more: bool


def in_branch(branch: str) -> ColumnElement[bool]:
    """Change log entries a desk of the branch holds whoever it served: its branch's, and the union's own
    lists (school classes)."""
    c = schema.changes
    return or_(c.c.branch_code == branch, and_(c.c.branch_code.is_(None), c.c.reader_id.is_(None)))


def served_by(desk_id: uuid.UUID, served_days: int, now: datetime) -> Select[tuple[uuid.UUID]]:
    """The readers a desk served in the last days (its commands named them, or it fetched them to serve)."""
    c = schema.changes
    since = now - timedelta(days=max(0, min(served_days, MAX_SERVED_DAYS)))
    return union_all(
        select(c.c.reader_id)
        .join(schema.commands, schema.commands.c.id == c.c.command_id)
        .where(schema.commands.c.desk_id == desk_id, schema.commands.c.at >= since, c.c.reader_id.is_not(None)),
        select(schema.lookups.c.reader_id).where(
            schema.lookups.c.desk_id == desk_id, schema.lookups.c.kind == "serve", schema.lookups.c.at >= since
        ),
    )  # type: ignore[return-value]


def page_for(
    connection: Connection,
    desk_id: uuid.UUID,
    branch: str,
    after: int,
    served_days: int,
    now: datetime,
    limit: int = PAGE,
) -> Page:
    c = schema.changes
    served = served_by(desk_id, served_days, now)
    found = connection.execute(
        select(c.c.seq, c.c.entity, c.c.entity_id)
        .where(
            c.c.seq > after,
            or_(in_branch(branch), c.c.reader_id.in_(served)),
        )
        .order_by(c.c.seq)
        .limit(limit + 1)
    ).all()
    more = len(found) > limit
    found = found[:limit]
    cursor = found[-1].seq if found else after
    wanted: dict[str, dict[str, None]] = {}  # each table's rows once, in the order they changed
    for _seq, entity, entity_id in found:
        wanted.setdefault(entity, {})[entity_id] = None
    rows: list[dict[str, Any]] = []
    staff_ids: set[uuid.UUID] = set()
    for entity in sorted(wanted, key=ORDER.__getitem__):
        table = Base.metadata.tables[entity]
        ids = [uuid.UUID(i) for i in wanted[entity]]
        current = {str(r.id): r for r in connection.execute(select(table).where(table.c.id.in_(ids)))}
        for entity_id in wanted[entity]:
            row = current.get(entity_id)
            rows.append({"entity": entity, "id": entity_id, "row": outgoing_row(table, row) if row else None})
            if row is not None:
                staff_ids |= staff_named(table, row)
    staff = staff_rows(connection, staff_ids)
    return Page(staff + rows, cursor, more)


def rows_for(
    connection: Connection, desk_id: uuid.UUID, branch: str, wanted: list[tuple[str, str]], now: datetime
) -> list[dict[str, Any]]:
    """Named rows as the union has them now, each only if this desk may hold it (its branch's, or a reader it
    served in the longest days a desk may keep them); otherwise, or if the union never had it, row None."""
    c = schema.changes
    served = served_by(desk_id, MAX_SERVED_DAYS, now)
    found: list[dict[str, Any]] = []
    for entity, entity_id in wanted:
        table = Base.metadata.tables.get(entity)
        row = None
        if entity in FED and table is not None:
            allowed = connection.execute(
                select(c.c.seq)
                .where(
                    c.c.entity == entity, c.c.entity_id == entity_id, or_(in_branch(branch), c.c.reader_id.in_(served))
                )
                .limit(1)
            ).first()
            if allowed is not None:
                key = table.primary_key.columns[0]
                row = connection.execute(select(table).where(cast(key, String) == entity_id)).first()
        found.append(
            {"entity": entity, "id": entity_id, "row": outgoing_row(table, row) if row and table is not None else None}
        )
    return found


# What never leaves the union, whatever carries a row to a desk: a reader's password is checked at the union,
# never at a desk; staff come as the names behind the rows, with no verifier and no lock-out state.
WITHHELD: dict[str, dict[str, Any]] = {
    "readers": {"password_hash": ""},
    "staff": {"password_hash": "", "failed_attempts": 0, "locked_until": None},
}


def withheld(table: str, values: dict[str, Any]) -> dict[str, Any]:
    return values | WITHHELD.get(table, {})


def outgoing_row(table: Table, row: Any) -> dict[str, Any]:
    return withheld(table.name, encode_row(table, row))


def staff_columns(table: Table) -> list[str]:
    """The table's columns that name a staff member (who issued, who took the money)."""
    return [c.key for c in table.columns if any(fk.column.table.name == "staff" for fk in c.foreign_keys)]


def staff_named(table: Table, row: Any) -> set[uuid.UUID]:
    return {value for key in staff_columns(table) if isinstance(value := getattr(row, key), uuid.UUID)}


def staff_rows(connection: Connection, ids: set[uuid.UUID]) -> list[dict[str, Any]]:
    """The names behind the rows (who issued, who took the money), without any password hash."""
    if not ids:
        return []
    table = Base.metadata.tables["staff"]
    found = connection.execute(select(table).where(table.c.id.in_(ids))).all()
    return [{"entity": "staff", "id": str(row.id), "row": outgoing_row(table, row)} for row in found]
