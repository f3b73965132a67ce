"""The desk's side of sync: push the outbox in batches, pull the central change log from the desk's cursor,
and bring home the conflicts of this desk's changes.

Push is at-least-once and the central database makes it exactly-once (each change's id is applied once), so
a push cut off anywhere — before the central commit, after it but before the desk heard back — is simply
sent again. Pull is ordered by the central, gap-free sequence and moves the cursor in the same local
transaction that writes the rows, so a pull cut off anywhere is also simply done again.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db.central.apply import Change, apply_batch
from db.central.schema import change_log, conflicts
from db.models import Base, OutboxRow, SyncConflictRow, SyncStateRow
from db.outbox import NO_OUTBOX
from db.sync_codec import decode_row

CURSOR = "pull_cursor"
NOT_PULLED = {"audit_log"}  # each desk's audit chain is its own; the central keeps them all in desk_audit


def pending_changes(local: sessionmaker[Session]) -> int:
    """Changes made at this desk that the central database has not confirmed yet."""
    with local() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


@dataclass
class SyncResult:
    pushed: int = 0
    duplicates: int = 0
    deferred: int = 0
    conflicts: int = 0
    pulled: int = 0
    skipped: int = 0
    open_conflicts: int = 0
    outcomes: dict[str, str] = field(default_factory=dict)


class SyncEngine:
    def __init__(self, local: sessionmaker[Session], central: Engine, desk_role: str) -> None:
        self.local = local
        self.central = central
        self.desk_role = desk_role

    def pending(self) -> int:
        return pending_changes(self.local)

    def push(self, batch: int = 500) -> SyncResult:
        result = SyncResult()
        after = 0
        while True:
            with self.local() as session:  # plain rows: the outbox is read, never changed, here
                rows = session.execute(
                    select(OutboxRow.seq, OutboxRow.change_id, OutboxRow.entity, OutboxRow.entity_id, OutboxRow.op,
                           OutboxRow.payload)
                    .where(OutboxRow.seq > after)
                    .order_by(OutboxRow.seq)
                    .limit(batch)
                ).all()  # fmt: skip
                changes = [(seq, Change(*change)) for seq, *change in rows]
            if not changes:
                return result
            deferred: list[uuid.UUID] = []
            with self.central.begin() as connection:
                outcomes = apply_batch(connection, self.desk_role, [change for _seq, change in changes])
                for (_seq, change), outcome in zip(changes, outcomes, strict=True):
                    result.outcomes[str(change.change_id)] = outcome
                    if outcome == "deferred":
                        result.deferred += 1
                        deferred.append(change.change_id)
                        continue
                    if outcome == "applied":
                        result.pushed += 1
                    elif outcome == "duplicate":
                        result.duplicates += 1
                    else:
                        result.conflicts += 1
            # Only now that the central database has committed: forget them here. Deferred ones stay.
            with self.local.begin() as session:
                sent = OutboxRow.seq.between(changes[0][0], changes[-1][0])
                session.execute(delete(OutboxRow).where(sent, OutboxRow.change_id.not_in(deferred)))
            after = changes[-1][0]

    def pull(self, batch: int = 1000) -> SyncResult:
        result = SyncResult()
        while True:
            with self.local() as session:
                state = session.get(SyncStateRow, CURSOR)
                cursor = int(state.value) if state else 0
            with self.central.connect() as connection:
                rows = connection.execute(
                    select(change_log.c.seq, change_log.c.entity, change_log.c.entity_id, change_log.c.op,
                           change_log.c.payload)
                    .where(change_log.c.seq > cursor)
                    .order_by(change_log.c.seq)
                    .limit(batch)
                ).all()  # fmt: skip
            if not rows:
                return result
            with self.local.begin() as session:
                session.info[NO_OUTBOX] = True
                waiting = {(e, i) for e, i in session.execute(select(OutboxRow.entity, OutboxRow.entity_id))}
                wanted = []
                for seq, entity, entity_id, op, payload in rows:
                    if entity in NOT_PULLED or (entity, entity_id) in waiting:
                        # A change of ours to the same row is still on its way: it is the newer one.
                        result.skipped += 1
                    else:
                        wanted.append((seq, entity, entity_id, op, payload))
                    cursor = seq
                # Runs of the same kind of row go in one statement; a run that clashes goes row by row.
                for (entity, op), run in itertools.groupby(wanted, key=lambda r: (r[1], r[3])):
                    items = list(run)
                    try:
                        with session.begin_nested():
                            _write_local_many(session, entity, op, [r[4] for r in items])
                        result.pulled += len(items)
                        continue
                    except IntegrityError:
                        pass
                    for seq, _entity, entity_id, _op, payload in items:
                        try:
                            with session.begin_nested():
                                _write_local_many(session, entity, op, [payload])
                            result.pulled += 1
                        except IntegrityError as err:
                            # The union's row clashes with one of ours that the central refused (two refunds
                            # of one deposit, say): keep the union's on record as a conflict, not lost.
                            _record_clash(session, seq, entity, entity_id, payload, err)
                            result.skipped += 1
                session.merge(SyncStateRow(key=CURSOR, value=str(cursor)))

    def fetch_conflicts(self) -> int:
        with self.central.connect() as connection:
            found = connection.execute(
                select(conflicts).where(conflicts.c.desk_role == self.desk_role, conflicts.c.resolved_at.is_(None))
            ).all()
        with self.local.begin() as session:
            for row in found:
                if session.get(SyncConflictRow, row.change_id) is None:
                    session.add(
                        SyncConflictRow(
                            change_id=row.change_id,
                            entity=row.entity,
                            entity_id=row.entity_id,
                            reason=row.reason,
                            detail=row.detail,
                            payload=row.payload,
                            detected_at=row.detected_at,
                            resolved_at=None,
                            resolution="",
                        )
                    )
        return len(found)

    def mark_resolved(self, change_id: uuid.UUID, resolution: str) -> None:
        now = datetime.now(UTC)
        with self.central.begin() as connection:
            connection.execute(
                conflicts.update()
                .where(conflicts.c.change_id == change_id)
                .values(resolved_at=now, resolution=resolution)
            )
        with self.local.begin() as session:
            row = session.get(SyncConflictRow, change_id)
            if row is not None:
                row.resolved_at, row.resolution = now, resolution

    def sync(self) -> SyncResult:
        pushed = self.push()
        pulled = self.pull()
        pushed.pulled, pushed.skipped = pulled.pulled, pulled.skipped
        pushed.open_conflicts = self.fetch_conflicts()
        return pushed


def _record_clash(
    session: Session, seq: int, entity: str, entity_id: str, payload: dict[str, Any], err: IntegrityError
) -> None:
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"carddesk-pull/{seq}")
    if session.get(SyncConflictRow, key) is None:
        session.add(
            SyncConflictRow(
                change_id=key,
                entity=entity,
                entity_id=entity_id,
                reason="local_clash",
                detail=str(err.orig)[:500],
                payload=payload,
                detected_at=datetime.now(UTC),
                resolved_at=None,
                resolution="",
            )
        )


def _write_local_many(session: Session, entity: str, op: str, payloads: list[dict[str, Any]]) -> None:
    table = Base.metadata.tables[entity]
    rows = [decode_row(table, p) for p in payloads]
    keys = [c.name for c in table.primary_key.columns]
    if op == "delete":
        for row in rows:
            session.execute(delete(table).where(*(table.c[k] == row[k] for k in keys)))
        return
    if entity == "staff":
        for row in rows:
            row.setdefault("password_hash", "")  # never sent between desks
        session.execute(sqlite_insert(table).on_conflict_do_nothing(index_elements=keys), rows)
        return
    statement = sqlite_insert(table)
    columns = [c.name for c in table.columns if c.name not in keys]
    upsert = statement.on_conflict_do_update(index_elements=keys, set_={c: statement.excluded[c] for c in columns})
    session.execute(upsert, rows)


def enqueue_existing(local: sessionmaker[Session]) -> int:
    """A desk registered after it was used: everything it already holds goes into the outbox once, in an
    order the central database can apply (a row's references first)."""
    from db.sync_codec import SYNCED_TABLES, encode_row

    with local.begin() as session:
        if session.get(SyncStateRow, "enqueued"):
            return 0
        now = datetime.now(UTC)
        count = 0
        for name in SYNCED_TABLES:
            table = Base.metadata.tables[name]
            for row in session.execute(select(table)).all():
                entity_id = ",".join(str(getattr(row, c.name)) for c in table.primary_key.columns)
                session.add(
                    OutboxRow(
                        change_id=uuid.uuid4(),
                        entity=name,
                        entity_id=entity_id,
                        op="upsert",
                        payload=encode_row(table, row),
                        created_at=now,
                    )
                )
                count += 1
        session.add(SyncStateRow(key="enqueued", value=now.isoformat()))
        # Rows the outbox already holds (made since migration 0008) are now sent twice: harmless, as the
        # central database applies each change and the row upserts are idempotent.
        return count
