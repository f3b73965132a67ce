"""Fills each reader's first-issue facts (when, age, document type) from their earliest "issue" card event,
for readers recorded before the facts had columns of their own (migrations 0015 and u0002)."""

from __future__ import annotations

from sqlalchemy import Connection, text

# The earliest issue event of the reader's cards; its detail holds the age and the sorted document types.
_FIRST = """(SELECT {columns} FROM card_events e JOIN cards c ON c.id = e.card_id
 WHERE c.reader_id = readers.id AND e.kind = 'issue' ORDER BY e.at LIMIT 1)"""
_COLUMNS = {
    "sqlite": (
        "e.at",
        "json_extract(e.detail, '$.age_at_issue')",
        "json_extract(e.detail, '$.document_types[0]')",
    ),
    "postgresql": (
        "e.at",
        "(e.detail ->> 'age_at_issue')::integer",
        "e.detail -> 'document_types' ->> 0",
    ),
}


def backfill_first_issue(connection: Connection) -> None:
    at, age, document = (_FIRST.format(columns=c) for c in _COLUMNS[connection.dialect.name])
    sets = f"first_issued_at = {at}, age_at_first_issue = {age}, first_document_type = {document}"
    connection.execute(text(f"UPDATE readers SET {sets} WHERE first_issued_at IS NULL"))  # noqa: S608 (constants)
