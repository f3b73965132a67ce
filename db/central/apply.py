"""Applying a desk's pushed changes at the central database, each exactly once, under the union's rules.

Each change runs in a savepoint of the push's transaction: first its id goes into applied_changes (a
change already there is a duplicate and is skipped), then the row is written, then it is logged in the
change log under the next gap-free sequence number. A change the rules refuse is rolled back to its
savepoint and kept whole in conflicts, for staff to resolve: never a silent overwrite, never a lost record.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Connection, DateTime, String, Table, Uuid, bindparam, delete, func, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert
from sqlalchemy.exc import IntegrityError, ProgrammingError

from db.central.schema import applied_changes, central, change_log, conflicts, desk_audit, person_cards, sync_counter
from db.sync_codec import decode_row
from desk_app.core.entities import LIVE_STATUSES

if TYPE_CHECKING:
    from psycopg import Copy

LIVE = {s.value for s in LIVE_STATUSES}
APPEND_ONLY = {"card_events", "ledger_entries", "staff"}
# Never sent on to other desks: password hashes stay where they were made.
PRIVATE_COLUMNS = {"staff": {"password_hash", "failed_attempts", "locked_until"}}


@dataclass(frozen=True)
class Change:
    change_id: uuid.UUID
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]


class RuleRefused(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def apply_change(connection: Connection, desk_role: str, change: Change) -> str:
    """Returns "applied", "duplicate", "conflict", or "deferred" (what it refers to has not arrived yet:
    pushes from one desk can arrive out of order; the desk keeps it and sends it again)."""
    now = datetime.now(UTC)
    claim = insert(applied_changes).values(
        change_id=change.change_id, desk_role=desk_role, applied_at=now, outcome="applied"
    )
    # New, or deferred before (what it refers to had not arrived): apply it now. Anything else: a duplicate.
    first = connection.execute(
        claim.on_conflict_do_update(
            index_elements=["change_id"],
            set_={"outcome": "applied"},
            where=applied_changes.c.outcome == "deferred",
        ).returning(applied_changes.c.change_id)
    ).first()
    if first is None:
        return "duplicate"
    savepoint = connection.begin_nested()
    try:
        logged = _write(connection, desk_role, change)
        if logged is not None:
            seq = connection.execute(
                update(sync_counter)
                .where(sync_counter.c.id == 1)
                .values(value=sync_counter.c.value + 1)
                .returning(sync_counter.c.value)
            ).scalar_one()
            connection.execute(
                change_log.insert().values(
                    seq=seq,
                    change_id=change.change_id,
                    desk_role=desk_role,
                    entity=change.entity,
                    entity_id=change.entity_id,
                    op=change.op,
                    payload=logged,
                    logged_at=now,
                )
            )
        savepoint.commit()
        return "applied"
    except (RuleRefused, IntegrityError, ProgrammingError) as err:
        if isinstance(err, ProgrammingError) and getattr(err.orig, "sqlstate", "") != "42501":
            raise
        savepoint.rollback()
        missing = _missing_reference(err) if isinstance(err, IntegrityError) else None
        if missing is not None and not _in_conflict(connection, missing):
            connection.execute(
                update(applied_changes)
                .where(applied_changes.c.change_id == change.change_id)
                .values(outcome="deferred")
            )
            return "deferred"
        reason, detail = (err.reason, err.detail) if isinstance(err, RuleRefused) else _integrity(err)
        if missing:
            reason, detail = "depends_on_conflict", f"waits for {missing}"
        connection.execute(
            update(applied_changes).where(applied_changes.c.change_id == change.change_id).values(outcome="conflict")
        )
        connection.execute(
            conflicts.insert().values(
                change_id=change.change_id,
                desk_role=desk_role,
                entity=change.entity,
                entity_id=change.entity_id,
                reason=reason,
                detail=detail[:500],
                payload=change.payload,
                detected_at=now,
            )
        )
        return "conflict"


def _missing_reference(err: IntegrityError | ProgrammingError) -> str | None:
    """The key a foreign key could not find, from PostgreSQL's "Key (x)=(v) is not present" detail."""
    diag = getattr(err.orig, "diag", None)
    if not str(getattr(diag, "constraint_name", "") or "").startswith("fk_"):
        return None
    found = re.search(r"=\((.+?)\) is not present", str(getattr(diag, "message_detail", "") or ""))
    return found.group(1) if found else ""


def _in_conflict(connection: Connection, entity_id: str) -> bool:
    """What the change refers to was itself refused: it can never arrive, so this change is a conflict too."""
    return (
        connection.execute(select(conflicts.c.change_id).where(conflicts.c.entity_id == entity_id)).first() is not None
    )


def _integrity(err: IntegrityError | ProgrammingError) -> tuple[str, str]:
    if isinstance(err, ProgrammingError):  # row-level security: money written in another desk's name
        return "not_permitted", str(getattr(getattr(err.orig, "diag", None), "message_primary", "") or err.orig)
    diag = getattr(err.orig, "diag", None)
    constraint = str(getattr(diag, "constraint_name", "") or "")
    message = str(getattr(diag, "message_primary", "") or err.orig)
    if "barcode" in constraint or "chip_uid" in constraint or "cards_number" in constraint:
        return "card_number_taken", message
    if "refund_of" in constraint:
        return "refund_twice", message
    if constraint.startswith("fk_"):
        return "depends_on_conflict", message
    return "refused", message


def _write(connection: Connection, desk_role: str, change: Change) -> dict[str, Any] | None:
    """Writes the row; returns the payload to log for other desks (None: nothing to pass on)."""
    if change.entity == "audit_log":
        connection.execute(
            insert(desk_audit)
            .values(
                id=uuid.UUID(change.payload["id"]),
                desk_role=desk_role,
                at=datetime.fromisoformat(change.payload["at"]),
                payload=change.payload,
            )
            .on_conflict_do_nothing()
        )
        return None
    table = central.tables.get(change.entity)
    if table is None:
        raise RuleRefused("unknown_entity", change.entity)
    row = decode_row(table, change.payload)
    keys = [c.name for c in table.primary_key.columns]
    if change.op == "delete":
        if change.entity == "cards":
            connection.execute(delete(person_cards).where(person_cards.c.card_id == row["id"]))
        connection.execute(delete(table).where(*(table.c[k] == row[k] for k in keys)))
        return change.payload
    if change.entity == "cards" and row.get("status") == "provisional":
        # The central database is what a provisional card waited for: applied without a conflict, it is
        # confirmed, and every desk (its own included) learns so from the change log.
        row["status"] = "active"
    connection.execute(_upsert(table), row)
    if change.entity == "cards":
        _claim_people(connection, row["id"], row["reader_id"], row["status"] in LIVE)
    elif change.entity == "identity_documents":
        cards = central.tables["cards"]
        live = connection.execute(
            select(cards.c.id).where(cards.c.reader_id == row["reader_id"], cards.c.status.in_(LIVE))
        ).scalars()
        for card_id in live:
            _claim_people(connection, card_id, row["reader_id"], True)
    logged = _passed_on(change)
    if change.entity == "cards":
        logged["status"] = row["status"]
    return logged


def _upsert(table: Table) -> Insert:
    """Insert, or bring the row to the pushed state; append-only tables keep the first copy."""
    keys = [c.name for c in table.primary_key.columns]
    statement = insert(table)
    if table.name in APPEND_ONLY:
        return statement.on_conflict_do_nothing(index_elements=keys)
    columns = [c.name for c in table.columns if c.name not in keys]
    return statement.on_conflict_do_update(index_elements=keys, set_={c: statement.excluded[c] for c in columns})


def _passed_on(change: Change) -> dict[str, Any]:
    """What the change log tells the other desks: the row, without what must stay where it was made."""
    payload = dict(change.payload)
    for column in PRIVATE_COLUMNS.get(change.entity, ()):
        payload.pop(column, None)
    return payload


def _claim_people(connection: Connection, card_id: uuid.UUID, reader_id: uuid.UUID, live: bool) -> None:
    """One live card per person, whichever of their documents they came with (person_cards' primary key)."""
    if not live:
        connection.execute(delete(person_cards).where(person_cards.c.card_id == card_id))
        return
    documents, cards = central.tables["identity_documents"], central.tables["cards"]
    keys = connection.execute(select(documents.c.person_key).where(documents.c.reader_id == reader_id)).scalars()
    for key in set(keys):
        # A concurrent claim of the same key waits here for the other transaction, then sees its row.
        connection.execute(insert(person_cards).values(person_key=key, card_id=card_id).on_conflict_do_nothing())
        holder = connection.execute(select(person_cards.c.card_id).where(person_cards.c.person_key == key)).scalar_one()
        if holder != card_id:
            number = connection.execute(select(cards.c.number).where(cards.c.id == holder)).scalar_one_or_none()
            raise RuleRefused("person_has_card", f"{key.split(':')[0]}: already holds card {number}")


def apply_batch(connection: Connection, desk_role: str, changes: list[Change]) -> list[str]:
    """The same outcome as apply_change for each, in a few statements per run of like rows; if anything in
    the batch is refused, the batch is rolled back and applied change by change to find out which."""
    savepoint = connection.begin_nested()
    try:
        outcomes = _apply_fast(connection, desk_role, changes)
    except (RuleRefused, IntegrityError, ProgrammingError) as err:
        if isinstance(err, ProgrammingError) and getattr(err.orig, "sqlstate", "") != "42501":
            raise
        savepoint.rollback()
        return [apply_change(connection, desk_role, change) for change in changes]
    savepoint.commit()
    return outcomes


def _apply_fast(connection: Connection, desk_role: str, changes: list[Change]) -> list[str]:
    now = datetime.now(UTC)
    # The batch's ids as one array parameter: one statement, compiled once, whatever the batch's size.
    ids = select(
        func.unnest(bindparam("ids", type_=ARRAY(Uuid))),
        bindparam("desk_role", type_=String),
        bindparam("applied_at", type_=DateTime(timezone=True)),
        literal("applied"),
    )
    claim = insert(applied_changes).from_select(["change_id", "desk_role", "applied_at", "outcome"], ids)
    fresh = set(
        connection.execute(
            claim.on_conflict_do_update(
                index_elements=["change_id"],
                set_={"outcome": "applied"},
                where=applied_changes.c.outcome == "deferred",
            ).returning(applied_changes.c.change_id),
            {"ids": [c.change_id for c in changes], "desk_role": desk_role, "applied_at": now},
        ).scalars()
    )
    todo = [c for c in changes if c.change_id in fresh]
    logged: list[tuple[Change, dict[str, Any]]] = []
    for (entity, op), run in itertools.groupby(todo, key=lambda c: (c.entity, c.op)):
        items = list(run)
        if op != "delete" and entity in ("cards", "identity_documents"):
            logged += _cards_or_documents_in_bulk(connection, entity, items)
            continue
        if op == "delete":
            for change in items:
                payload = _write(connection, desk_role, change)
                if payload is not None:
                    logged.append((change, payload))
            continue
        if entity == "audit_log":
            connection.execute(
                insert(desk_audit).on_conflict_do_nothing(),
                [
                    {"id": uuid.UUID(c.payload["id"]), "desk_role": desk_role,
                     "at": datetime.fromisoformat(c.payload["at"]), "payload": c.payload}
                    for c in items
                ],
            )  # fmt: skip
            continue
        table = central.tables.get(entity)
        if table is None:
            raise RuleRefused("unknown_entity", entity)
        _write_rows(connection, table, [decode_row(table, c.payload) for c in items])
        logged += [(change, _passed_on(change)) for change in items]
    if logged:
        last = connection.execute(
            update(sync_counter)
            .where(sync_counter.c.id == 1)
            .values(value=sync_counter.c.value + len(logged))
            .returning(sync_counter.c.value)
        ).scalar_one()
        first = last - len(logged) + 1
        from psycopg.types.json import Jsonb  # psycopg only where the central database is written

        columns = ["seq", "change_id", "desk_role", "entity", "entity_id", "op", "payload", "logged_at"]
        with _copy(connection, "change_log", columns) as copy:
            for i, (c, payload) in enumerate(logged):
                copy.write_row([first + i, c.change_id, desk_role, c.entity, c.entity_id, c.op, Jsonb(payload), now])
    return ["applied" if c.change_id in fresh else "duplicate" for c in changes]


def _cards_or_documents_in_bulk(
    connection: Connection, entity: str, items: list[Change]
) -> list[tuple[Change, dict[str, Any]]]:
    """Cards and documents carry the person rule: written together, then every live card claims its
    people in one statement, and one query says whether any claim went to another card (then the batch
    falls back to change-by-change, which names the refused one)."""
    table = central.tables[entity]
    cards, documents = central.tables["cards"], central.tables["identity_documents"]
    rows = [decode_row(table, c.payload) for c in items]
    logged = []
    for change, row in zip(items, rows, strict=True):
        payload = _passed_on(change)
        if entity == "cards" and row["status"] == "provisional":
            row["status"] = payload["status"] = "active"  # confirmed: see _write
        logged.append((change, payload))
    _write_rows(connection, table, rows)
    if entity == "cards":
        dead = [r["id"] for r in rows if r["status"] not in LIVE]
        if dead:
            connection.execute(delete(person_cards).where(person_cards.c.card_id.in_(dead)))
        live = [r["id"] for r in rows if r["status"] in LIVE]
    else:
        readers = {r["reader_id"] for r in rows}
        live = list(
            connection.execute(
                select(cards.c.id).where(cards.c.reader_id.in_(readers), cards.c.status.in_(LIVE))
            ).scalars()
        )
    if live:
        claims = (
            select(documents.c.person_key, cards.c.id)
            .join(cards, cards.c.reader_id == documents.c.reader_id)
            .where(cards.c.id.in_(live))
            .distinct()
        )
        connection.execute(insert(person_cards).from_select(["person_key", "card_id"], claims).on_conflict_do_nothing())
        clash = connection.execute(
            select(func.count())
            .select_from(cards)
            .join(documents, documents.c.reader_id == cards.c.reader_id)
            .join(person_cards, person_cards.c.person_key == documents.c.person_key)
            .where(cards.c.id.in_(live), person_cards.c.card_id != cards.c.id)
        ).scalar_one()
        if clash:
            raise RuleRefused("person_has_card", "a person in this batch already holds a card")
    return logged


_STAGED_FROM = 64  # rows: fewer go as an executemany, as quick as filling a staging table


def _write_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """The rows written as _upsert writes them, in bulk: COPY into a temporary table shaped like the target,
    then one INSERT ... SELECT with the same ON CONFLICT. The newest copy of a row pushed twice in one run
    wins (the first, for append-only tables), as it would row by row."""
    names = list(rows[0]) if rows else []
    if len(rows) < _STAGED_FROM or any(list(row) != names for row in rows):
        connection.execute(_upsert(table), rows)
        return
    from psycopg.types.json import Jsonb

    stage = f"carddesk_stage_{table.name}"
    keys = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
    columns = ", ".join(f'"{name}"' for name in names)
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    # Emptied at commit: readers' rows do not stay in the server session after the push.
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} (carddesk_pos integer, LIKE {table.name}) ON COMMIT DELETE ROWS"
    )
    connection.exec_driver_sql(f"TRUNCATE {stage}")
    with _copy(connection, stage, ["carddesk_pos", *names]) as copy:
        for pos, row in enumerate(rows):
            copy.write_row(
                [pos, *(Jsonb(row[n]) if n in json_columns and row[n] is not None else row[n] for n in names)]
            )
    if table.name in APPEND_ONLY:
        order, conflict = "ASC", "DO NOTHING"
    else:
        others = [c.name for c in table.columns if not c.primary_key]
        order, conflict = "DESC", "DO UPDATE SET " + ", ".join(f'"{n}" = EXCLUDED."{n}"' for n in others)
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({columns}) SELECT DISTINCT ON ({keys}) {columns} FROM {stage}"  # noqa: S608
        f" ORDER BY {keys}, carddesk_pos {order} ON CONFLICT ({keys}) {conflict}"  # (names from our own schema)
    )


@contextmanager
def _copy(connection: Connection, table: str, columns: list[str]) -> Iterator[Copy]:
    """COPY into a table on the connection's own transaction (psycopg's copy: rows adapted by their types)."""
    import psycopg

    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        yield copy
