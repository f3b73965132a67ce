"""Readers through the union service: a search by an identifier the clerk has in hand, answered with masked
summaries; the full details with a reason; a reader fetched to be served at a desk. Each is recorded.

A search needs a card number, a document number or a phone (never a bare name: the union's register is not
browsed by name from a counter), and a staff member's session at that desk, as every look does.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.orm import sessionmaker

from db.models import Base
from db.queries import SqlReaderDirectory
from desk_app.core.entities import Actor
from desk_app.core.policy import Profile
from desk_app.core.services.audit_log import ReaderDetails, view_reader_details
from desk_app.core.services.context import DeskContext
from desk_app.core.views import ReaderSummary
from desk_app.union import schema
from desk_app.union.apply import ChainedUnitOfWork
from desk_app.union.changes import ORDER, outgoing_row, staff_named, staff_rows
from desk_app.union.store import EnrolledDesk

MAX_RESULTS = 20
# A reader's rows a desk needs to serve them, references first (the change feed carries later changes).
SERVED_TABLES = ("readers", "identity_documents", "guardians", "cards", "card_events", "loans", "ledger_entries",
                 "refund_requests", "attachments")  # fmt: skip


def _record(connection: Connection, desk: EnrolledDesk, staff: uuid.UUID, now: datetime, kind: str,
            reader: uuid.UUID | None, reason: str = "") -> None:  # fmt: skip
    connection.execute(
        insert(schema.lookups).values(
            desk_id=desk.id, staff_id=staff, at=now, kind=kind, reader_id=reader, reason=reason[:200]
        )
    )


def search(engine: Engine, desk: EnrolledDesk, staff: uuid.UUID, text: str, now: datetime) -> list[ReaderSummary]:
    term = text.strip()
    if not any(ch.isdigit() for ch in term):
        return []  # a name is searched at the desk, among the readers it holds
    found = SqlReaderDirectory(sessionmaker(engine)).search(term, MAX_RESULTS)
    seen: list[uuid.UUID | None] = [uuid.UUID(summary.reader_id) for summary in found] or [None]
    with engine.begin() as connection:
        for reader in seen:
            _record(connection, desk, staff, now, "search", reader)
    return found


def details(
    engine: Engine, profile: Profile, desk: EnrolledDesk, staff: uuid.UUID, reader_id: uuid.UUID, reason: str,
    now: datetime,
) -> ReaderDetails:  # fmt: skip
    """The core's audited view, run at the union for that staff member at that desk (its audit record is the
    union's), and noted with its reason."""
    ctx = DeskContext(Actor(staff, desk.branch_code, desk.desk_code), profile, lambda: now)
    with ChainedUnitOfWork(sessionmaker(engine)) as uow:
        shown = view_reader_details(uow, ctx, reader_id, reason)
    with engine.begin() as connection:
        _record(connection, desk, staff, now, "details", reader_id, reason)
    return shown


def serve(
    engine: Engine, desk: EnrolledDesk, staff: uuid.UUID, reader_id: uuid.UUID, now: datetime
) -> list[dict[str, Any]]:
    """The reader's rows as they are now (no password hash), for the desk that serves them; from now on the
    desk's pull carries their changes for the days it holds served readers."""
    rows: list[dict[str, Any]] = []
    named: set[uuid.UUID] = set()
    with engine.begin() as connection:
        for name in sorted(SERVED_TABLES, key=ORDER.__getitem__):
            table = Base.metadata.tables[name]
            if name == "readers":
                where = table.c.id == reader_id
            elif name == "attachments":
                where = (table.c.owner == "reader") & (table.c.owner_id == str(reader_id))
            elif name == "guardians":
                where = table.c.minor_reader_id == reader_id
            elif name == "card_events":
                cards = Base.metadata.tables["cards"]
                where = table.c.card_id.in_(select(cards.c.id).where(cards.c.reader_id == reader_id))
            else:
                where = table.c.reader_id == reader_id
            for row in connection.execute(select(table).where(where)):
                rows.append({"entity": name, "id": str(row.id), "row": outgoing_row(table, row)})
                named |= staff_named(table, row)
        if rows:
            _record(connection, desk, staff, now, "serve", reader_id)
        people = staff_rows(connection, named)
    return people + rows
