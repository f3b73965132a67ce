"""Finding cards and readers, and proving that a document shown at the desk belongs to a reader."""

from __future__ import annotations

import uuid

from desk_app.core.entities import LIVE_STATUSES, Card, Reader
from desk_app.core.errors import DeskError
from desk_app.core.messages import CARD_STATUS_NAMES
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput, clean_barcode, clean_chip_uid
from desk_app.core.uow import UnitOfWork


def find_card(uow: UnitOfWork, ref: str) -> Card:
    """A card by its number, its barcode or its chip UID, as a scan or a typed number gives it."""
    text = (ref or "").strip().upper()
    for found in (uow.cards.where(number=text), uow.cards.where(barcode=text)):
        if found:
            return found[0]
    try:
        by_chip = uow.cards.where(chip_uid=clean_chip_uid(text))
    except DeskError:
        by_chip = []
    if by_chip:
        return by_chip[0]
    raise DeskError("card.not_found", card=ref)


def get_reader(uow: UnitOfWork, reader_id: uuid.UUID) -> Reader:
    reader = uow.readers.get(reader_id)
    if reader is None:
        raise DeskError("reader.not_found")
    return reader


def live_cards(uow: UnitOfWork, reader_id: uuid.UUID) -> list[Card]:
    return [card for card in uow.cards.where(reader_id=reader_id) if card.status in LIVE_STATUSES]


def refuse_second_card(uow: UnitOfWork, reader_id: uuid.UUID, except_card_id: uuid.UUID | None = None) -> None:
    """One person, one card: name where the live card was issued, so the reader knows where to go."""
    for card in live_cards(uow, reader_id):
        if card.id == except_card_id:
            continue
        branch = uow.branches.get(card.home_branch_code)
        raise DeskError(
            "card.already_has_card",
            branch_name=branch.name if branch else card.home_branch_code,
            card_number=card.number,
            status=CARD_STATUS_NAMES[card.status.value],
        )


def verify_identity(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID, shown: DocumentInput) -> str:
    """The document shown must be valid today and be one of the reader's: returns its person key."""
    checked = shown.check(ctx.today())
    keys = {doc.person_key for doc in uow.documents.where(reader_id=reader_id)}
    if checked.person_key not in keys:
        raise DeskError("reader.identity_mismatch")
    return checked.person_key


def require_unused_barcode(uow: UnitOfWork, raw: str) -> str:
    barcode = clean_barcode(raw)
    if uow.cards.where(barcode=barcode) or uow.cards.where(number=barcode):
        raise DeskError("card.barcode_taken", barcode=barcode)
    return barcode


def require_unused_chip(uow: UnitOfWork, raw: str | None) -> str | None:
    if not raw:
        return None
    uid = clean_chip_uid(raw)
    if uow.cards.where(chip_uid=uid):
        raise DeskError("card.chip_taken", chip_uid=uid)
    return uid
