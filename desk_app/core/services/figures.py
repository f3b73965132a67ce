"""The cards behind a statistics figure, for the drill-down: masked, and only for oversight roles."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.permissions import require
from desk_app.core.privacy import mask_document, mask_name
from desk_app.core.services.context import DeskContext
from desk_app.core.uow import UnitOfWork


@dataclass(frozen=True)
class DrillRow:
    card_number: str
    masked_name: str
    masked_document: str
    card_type: str
    status: str
    home_branch: str


def cards_behind(uow: UnitOfWork, ctx: DeskContext, card_ids: list[uuid.UUID], limit: int = 500) -> list[DrillRow]:
    require(uow, ctx, "view_statistics")
    cards = uow.cards.where_in("id", card_ids[:limit])
    readers = {r.id: r for r in uow.readers.where_in("id", {c.reader_id for c in cards})}
    documents: dict[uuid.UUID, str] = {}
    for document in uow.documents.where_in("reader_id", set(readers)):
        documents.setdefault(document.reader_id, document.number)
    rows = []
    for card in sorted(cards, key=lambda c: c.number):
        reader = readers.get(card.reader_id)
        rows.append(
            DrillRow(
                card.number,
                mask_name(reader.name) if reader else "",
                mask_document(documents.get(card.reader_id, "")),
                card.card_type_code,
                card.status.value,
                card.home_branch_code,
            )
        )
    return rows
