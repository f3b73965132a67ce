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
