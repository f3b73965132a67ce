"""What the UI and the CLI are given: frozen dataclasses, never live database objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ReaderSummary:
    reader_id: str
    name: str
    masked_document: str
    masked_phone: str
    card_number: str | None
    card_status: str | None
    home_branch_code: str
    home_branch_name: str


class ReaderDirectory(Protocol):
    def search(self, text: str, limit: int = 50) -> list[ReaderSummary]: ...


def mask_document(number: str) -> str:
    """Lists show only the first three and last four characters of a document number."""
    if len(number) <= 7:
        return number[:1] + "*" * (len(number) - 1)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(phone: str) -> str:
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
