"""Money taken at the desk for cards: deposits and card fees, written to the ledger in fen."""

from __future__ import annotations

import uuid

from desk_app.core.entities import Card, LedgerEntry, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.messages import format_fen
from desk_app.core.policy import CardType
from desk_app.core.services.context import DeskContext
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork


def next_receipt_no(uow: UnitOfWork, ctx: DeskContext) -> str:
    """Receipts are numbered per desk (branch and desk code, which the central database registers once), so
    money taken offline at two desks of one branch can never carry the same number."""
    branch, desk = ctx.actor.branch_code, ctx.actor.desk_code
    return f"{branch}-{desk}-{uow.next_number(f'receipt:{branch}:{desk}'):08d}"


def physical_card_fee(uow: UnitOfWork, card_type: CardType, reader_id: uuid.UUID) -> int:
    """Chongqing 五（一）: the first physical card is free, each later one costs the card fee."""
    if card_type.card_fee_fen is None:
        return 0
    had_physical = any(card.barcode for card in uow.cards.where(reader_id=reader_id))
    if card_type.first_physical_card_free and not had_physical:
        return 0
    return card_type.card_fee_fen


def take_money(
    uow: UnitOfWork,
    ctx: DeskContext,
    kind: LedgerKind,
    due_fen: int,
    paid_fen: int,
    reader_id: uuid.UUID,
    card: Card | None,
    note: str,
    authorised_by: str = "",
) -> LedgerEntry | None:
    """Refuse unless exactly what is due was taken; then record it in the ledger."""
    if paid_fen != due_fen:
        code = "card.deposit_due" if kind is LedgerKind.DEPOSIT_TAKEN else "card.fee_due"
        raise DeskError(code, amount=format_fen(due_fen), paid=format_fen(paid_fen))
    if due_fen == 0:
        return None
    entry = LedgerEntry(
        id=new_id(),
        reader_id=reader_id,
        card_id=card.id if card else None,
        kind=kind,
        amount_fen=due_fen,
        at=ctx.now(),
        staff_id=ctx.actor.staff_id,
        branch_code=ctx.actor.branch_code,
        desk_code=ctx.actor.desk_code,
        receipt_no=next_receipt_no(uow, ctx),
        note=note,
        authorised_by=f"card:{card.number}" if card else authorised_by,
    )
    uow.ledger.add(entry)
    audit(uow, ctx, kind.value, "ledger", entry.id, None, snapshot(entry))
    return entry
