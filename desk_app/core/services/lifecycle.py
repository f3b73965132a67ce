"""Loss, restore, cancel, replace, bind and confirm: every card transition of the seeds."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.core.card_transitions import card_refusals, reader_refusals, require_allowed
from desk_app.core.entities import LIVE_STATUSES, Card, CardStatus, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import physical_card_fee, take_money
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.lookup import (
    find_card,
    refuse_second_card,
    require_unused_barcode,
    require_unused_chip,
    verify_identity,
)
from desk_app.core.services.recording import audit, changed, move_card, record_event, snapshot
from desk_app.core.text_rules import clean_free_text
from desk_app.core.uow import UnitOfWork


@dataclass(frozen=True)
class CardOutcome:
    card_id: str
    card_number: str
    status: str
    fee_fen: int = 0
    reader_id: str = ""  # whose card: the views showing that reader refresh


def _outcome(card: Card, fee: int = 0) -> CardOutcome:
    return CardOutcome(str(card.id), card.number, card.status.value, fee, str(card.reader_id))


def report_loss(uow: UnitOfWork, ctx: DeskContext, card_ref: str, channel: str = "counter") -> CardOutcome:
    """Foshan A.4.1: at any member library, also by telephone; the card is blocked from this moment."""
    require(uow, ctx, "report_loss")
    card = find_card(uow, card_ref)
    require_allowed(card_refusals(uow, ctx, card, "report_loss"))
    move_card(uow, ctx, card, "report_loss", CardStatus.LOST, {"channel": channel, "blocked_at": ctx.now()})
    uow.commit()
    return _outcome(card)


def report_loss_by_phone(
    uow: UnitOfWork, ctx: DeskContext, card_ref: str, caller: str, asked: list[str], correct: int
) -> CardOutcome:
    """Foshan A.4.1: the caller is checked with the library's questions; which were asked and how many were
    right is recorded (never the answers); from this moment the card is blocked, losses before stay the
    reader's."""
    require(uow, ctx, "report_loss")
    if not ctx.profile.service.phone_loss:
        raise DeskError("loss.no_phone_reports", library=ctx.profile.name_zh)
    caller = clean_free_text(caller, 50, "来电人")
    unknown = [q for q in asked if q not in ctx.profile.phone_loss_questions]
    if unknown or len(set(asked)) < ctx.profile.phone_loss_min_correct:
        raise DeskError("loss.questions", needed=ctx.profile.phone_loss_min_correct)
    card = find_card(uow, card_ref)
    if correct < ctx.profile.phone_loss_min_correct:
        audit(
            uow,
            ctx,
            "phone_loss_refused",
            "card",
            card.id,
            None,
            {"asked": sorted(set(asked)), "correct": correct, "caller": caller},
        )
        uow.commit()
        raise DeskError("loss.not_verified")
    require_allowed(card_refusals(uow, ctx, card, "report_loss"))
    move_card(
        uow,
        ctx,
        card,
        "report_loss",
        CardStatus.LOST,
        {
            "channel": "phone",
            "blocked_at": ctx.now(),
            "caller": caller,
            "questions_asked": sorted(set(asked)),
            "correct": correct,
        },
    )
    uow.commit()
    return _outcome(card)


def restore_card(
    uow: UnitOfWork, ctx: DeskContext, card_ref: str, shown: DocumentInput, reason: str = "card_found"
) -> CardOutcome:
    """Foshan 6.3.2 / A.4.2: any branch, once the card is found or the ID card reissued, identity checked."""
    require(uow, ctx, "restore_card")
    card = find_card(uow, card_ref)
    require_allowed(card_refusals(uow, ctx, card, "restore"))
    verify_identity(uow, ctx, card.reader_id, shown)
    move_card(uow, ctx, card, "restore", CardStatus.ACTIVE, {"reason": reason})
    uow.commit()
    return _outcome(card)


def cancel_card(uow: UnitOfWork, ctx: DeskContext, card_ref: str, shown: DocumentInput) -> CardOutcome:
    require(uow, ctx, "cancel_card")
    card = find_card(uow, card_ref)
    require_allowed(card_refusals(uow, ctx, card, "cancel"))
    verify_identity(uow, ctx, card.reader_id, shown)
    require_allowed(reader_refusals(uow, ctx, card, "cancel"))
    move_card(uow, ctx, card, "cancel", CardStatus.CANCELLED)
    uow.commit()
    return _outcome(card)


def replace_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    card_ref: str,
    shown: DocumentInput,
    new_barcode: str,
    new_chip_uid: str | None = None,
    fee_paid_fen: int = 0,
) -> CardOutcome:
    """A new physical card for a lost one; "一卡通" only after loss and cancellation (Foshan A.4.4)."""
    require(uow, ctx, "replace_card")
    old = find_card(uow, card_ref)
    card_type = ctx.profile.card_type(old.card_type_code)
    verify_identity(uow, ctx, old.reader_id, shown)
    refusals = card_refusals(uow, ctx, old, "replace")
    require_allowed(sorted(refusals, key=lambda r: r.code != "card.home_branch_only"))  # the branch is said first
    refuse_second_card(uow, old.reader_id, except_card_id=old.id)
    barcode = require_unused_barcode(uow, new_barcode)
    chip = require_unused_chip(uow, new_chip_uid)
    fee = physical_card_fee(uow, card_type, old.reader_id)
    if old.status is CardStatus.LOST:
        move_card(uow, ctx, old, "replace", CardStatus.REPLACED)
    new = Card(
        id=new_id(),
        reader_id=old.reader_id,
        number=barcode,
        barcode=barcode,
        chip_uid=chip,
        card_type_code=old.card_type_code,
        home_branch_code=old.home_branch_code,
        status=CardStatus.ACTIVE,
        is_virtual=False,
        issued_at=ctx.now(),
        replaces_card_id=old.id,
        age_at_first_issue=old.age_at_first_issue,
        first_document_type=old.first_document_type,
    )
    uow.cards.add(new)
    record_event(uow, ctx, new, "issue_replacement", None, {"replaces": str(old.id), "replaces_number": old.number})
    audit(uow, ctx, "issue_replacement", "card", new.id, None, snapshot(new))
    take_money(uow, ctx, LedgerKind.CARD_FEE, fee, fee_paid_fen, old.reader_id, new, "补办工本费")
    uow.commit()
    return _outcome(new, fee)


def _bind(
    uow: UnitOfWork, ctx: DeskContext, card: Card, barcode: str, chip_uid: str | None, fee_paid_fen: int
) -> CardOutcome:
    require_allowed(card_refusals(uow, ctx, card, "bind"))
    if card.barcode:
        raise DeskError("card.already_physical", barcode=card.barcode)
    clean = require_unused_barcode(uow, barcode)
    chip = require_unused_chip(uow, chip_uid)
    fee = physical_card_fee(uow, ctx.profile.card_type(card.card_type_code), card.reader_id)
    before = snapshot(card)
    card.barcode, card.chip_uid, card.is_virtual = clean, chip, False
    uow.cards.save(card)
    record_event(uow, ctx, card, "bind", card.status, {"barcode": clean, "chip_uid": chip})
    old, new = changed(before, snapshot(card))
    audit(uow, ctx, "bind", "card", card.id, old, new)
    take_money(uow, ctx, LedgerKind.CARD_FEE, fee, fee_paid_fen, card.reader_id, card, "实体卡工本费")
    uow.commit()
    return _outcome(card, fee)


def bind_physical_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    card_ref: str,
    barcode: str,
    chip_uid: str | None = None,
    fee_paid_fen: int = 0,
) -> CardOutcome:
    """Give a virtual (online or ID-document) card a physical card from stock; the number stays the account."""
    require(uow, ctx, "bind_physical_card")
    return _bind(uow, ctx, find_card(uow, card_ref), barcode, chip_uid, fee_paid_fen)


def card_for_document(uow: UnitOfWork, ctx: DeskContext, shown: DocumentInput) -> Card:
    """The live card of whoever the document shown belongs to, found through any of their documents."""
    checked = shown.check(ctx.today())
    for document in uow.documents.where(person_key=checked.person_key):
        live = [c for c in uow.cards.where(reader_id=document.reader_id) if c.status in LIVE_STATUSES]
        if live:
            return live[0]
    raise DeskError("card.none_for_document")


def activate_physical_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    shown: DocumentInput,
    barcode: str,
    chip_uid: str | None = None,
    fee_paid_fen: int = 0,
) -> CardOutcome:
    """Chongqing / Shenzhen: a reader registered online comes to any branch with their document; the desk finds
    the online card by it and gives it a physical card, the same account (free the first time)."""
    require(uow, ctx, "bind_physical_card")
    return _bind(uow, ctx, card_for_document(uow, ctx, shown), barcode, chip_uid, fee_paid_fen)


def confirm_provisional(uow: UnitOfWork, ctx: DeskContext, card_ref: str) -> CardOutcome:
    """A card issued offline becomes active once the central database accepts it."""
    require(uow, ctx, "confirm_provisional")
    card = find_card(uow, card_ref)
    require_allowed(card_refusals(uow, ctx, card, "confirm"))
    move_card(uow, ctx, card, "confirm", CardStatus.ACTIVE)
    uow.commit()
    return _outcome(card)
