"""What staff do with a change the central database refused: the desk's own card is cancelled (the person
keeps the card the union already knows), with the event and audit record every card change has."""

from __future__ import annotations

import uuid

from desk_app.core.entities import LIVE_STATUSES, CardStatus
from desk_app.core.errors import DeskError
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.recording import move_card
from desk_app.core.uow import UnitOfWork


def cancel_refused_card(uow: UnitOfWork, ctx: DeskContext, card_id: uuid.UUID, reason: str) -> str:
    """Returns the cancelled card's number."""
    require(uow, ctx, "resolve_conflict")
    card = uow.cards.get(card_id)
    if card is None:
        raise DeskError("card.not_found", card=str(card_id))
    if card.status in LIVE_STATUSES:
        move_card(uow, ctx, card, "cancel", CardStatus.CANCELLED, {"reason": f"sync_conflict:{reason}"})
    uow.commit()
    return card.number
