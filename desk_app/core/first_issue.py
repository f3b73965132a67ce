"""A reader's first-issue facts (when, their age then, their document type), which the yearly statistics
count by: set by the reader's first card, kept by every later one, the earlier of two on a merge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from desk_app.core.entities import Reader


def note_first_issue(
    reader: Reader, earlier: Reader | None, at: datetime, age: int, document_types: Iterable[str]
) -> None:
    """`reader` is the record about to be written for a card issued `at`; `earlier` the stored one, if any."""
    if earlier is not None and earlier.first_issued_at is not None:
        keep_first_issue(reader, earlier)
        return
    types = sorted(document_types)
    reader.first_issued_at, reader.age_at_first_issue = at, age
    reader.first_document_type = types[0] if types else None


def keep_first_issue(reader: Reader, other: Reader) -> None:
    """Gives `reader` the facts of `other` when other's first card came first (or reader has none)."""
    if other.first_issued_at is None:
        return
    if reader.first_issued_at is None or other.first_issued_at < reader.first_issued_at:
        reader.first_issued_at = other.first_issued_at
        reader.age_at_first_issue = other.age_at_first_issue
        reader.first_document_type = other.first_document_type
