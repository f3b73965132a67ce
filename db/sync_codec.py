"""Rows to JSON and back, by the table's own column types, for the outbox and the central change log."""

from __future__ import annotations

import base64
import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, LargeBinary, Table, Uuid

from db.types import UTCDateTime

# The tables whose rows travel between a desk and the central database (branches come from `central init`).
SYNCED_TABLES = (
    "staff",
    "readers",
    "identity_documents",
    "guardians",
    "cards",
    "card_events",
    "loans",
    "ledger_entries",
    "batches",
    "batch_rows",
    "audit_log",
)


def encode_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def encode_row(table: Table, row: Any) -> dict[str, Any]:
    return {c.name: encode_value(getattr(row, c.key)) for c in table.columns}


def decode_row(table: Table, payload: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in payload:
            continue
        value = payload[column.name]
        if value is not None:
            kind = column.type
            if isinstance(kind, Uuid):
                value = uuid.UUID(value)
            elif isinstance(kind, UTCDateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(kind, Date):
                value = date.fromisoformat(value)
            elif isinstance(kind, LargeBinary):
                value = base64.b64decode(value)
        out[column.name] = value
    return out
