"""Every change to a synced table writes an outbox row in the same flush, so in the same transaction:
a change is never made without its record for the central database, and never recorded without being made."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Base, OutboxRow
from db.sync_codec import SYNCED_TABLES, encode_row
from desk_app.core.clock import utc_now

# Sessions that write what the central database sent (a pull) must not send it back.
NO_OUTBOX = "carddesk_no_outbox"


def _capture(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(NO_OUTBOX):
        return
    # Changed rows before new ones: a replacement releases the old card before the new one claims the person.
    changes: list[tuple[Base, str]] = [(o, "upsert") for o in session.dirty if session.is_modified(o)]
    changes += [(o, "upsert") for o in session.new]
    changes += [(o, "delete") for o in session.deleted]
    now = utc_now()
    with session.no_autoflush:
        for row, op in changes:
            if not isinstance(row, Base) or isinstance(row, OutboxRow):
                continue
            table = Base.metadata.tables[row.__tablename__]
            if table.name not in SYNCED_TABLES:
                continue
            entity_id = ",".join(str(getattr(row, c.name)) for c in table.primary_key.columns)
            payload = encode_row(table, row)
            waiting = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.entity == table.name, OutboxRow.entity_id == entity_id)
                .order_by(OutboxRow.seq)
            ).all()
            if op == "upsert" and waiting:
                # One unsent change per row, holding its latest state, in the place of the first: the outbox
                # stays as small as the changed rows, and an erased value does not linger in an older copy.
                # A new change id, so a push already reading the old one cannot delete this one.
                first = waiting[0]
                first.change_id, first.op, first.payload, first.created_at = uuid.uuid4(), op, payload, now
                for stale in waiting[1:]:
                    session.delete(stale)
                continue
            for stale in waiting:
                session.delete(stale)
            session.add(
                OutboxRow(
                    change_id=uuid.uuid4(),
                    entity=table.name,
                    entity_id=entity_id,
                    op=op,
                    payload=payload,
                    created_at=now,
                )
            )


def record_changes(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    event.listen(factory, "before_flush", _capture)
    return factory
