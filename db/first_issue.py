"""Fills the first-issue facts statistics count by, for rows recorded before they had columns (migrations 0015
and u0002): each reader's from their earliest "issue" card event, each card's from its reader, each card
event's (the card's type and its reader's facts) from its card."""

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
# UPDATE ... FROM: SQLite 3.33 and PostgreSQL alike.
_CARDS = """UPDATE cards SET age_at_first_issue = r.age_at_first_issue, first_document_type = r.first_document_type
 FROM readers r WHERE r.id = cards.reader_id AND cards.age_at_first_issue IS NULL"""
_EVENTS = """UPDATE card_events SET card_type_code = c.card_type_code, age_at_first_issue = c.age_at_first_issue,
 first_document_type = c.first_document_type FROM cards c WHERE c.id = card_events.card_id
 AND card_events.card_type_code IS NULL"""


def backfill_first_issue(connection: Connection) -> None:
    at, age, document = (_FIRST.format(columns=c) for c in _COLUMNS[connection.dialect.name])
    sets = f"first_issued_at = {at}, age_at_first_issue = {age}, first_document_type = {document}"
    connection.execute(text(f"UPDATE readers SET {sets} WHERE first_issued_at IS NULL"))  # noqa: S608 (constants)
    connection.execute(text(_CARDS))
    connection.execute(text(_EVENTS))
