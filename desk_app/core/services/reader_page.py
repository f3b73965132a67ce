"""Everything the counter needs about one reader on one page, masked as the screen shows it: cards with their
history, loans and overdues, fines and where they were incurred, deposit and pre-deposit, guardian and
consent, and the actions that fit the current card (with what blocks the others). Full details are a separate,
audited reveal (`audit_log.view_reader_details`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.clock import age_on, local_minute
from desk_app.core.entities import LIVE_STATUSES, Card
from desk_app.core.messages import ACTION_NAMES, CARD_STATUS_NAMES, Text
from desk_app.core.money import balances
from desk_app.core.privacy import mask_document, mask_name, mask_phone
from desk_app.core.services.attachments import latest
from desk_app.core.services.card_preview import ACTIONS, preview
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fines import FineView, fines_at_desk
from desk_app.core.services.paperwork import resolve_reader
from desk_app.core.services.print_history import PrintRecord, history
from desk_app.core.uow import UnitOfWork


@dataclass(frozen=True)
class CardLine:
    number: str
    card_type: Text
    status: str
    status_name: Text
    home_branch: str
    issued: str  # the library's time
    history: tuple[tuple[str, Text, str], ...]  # (when, what, at which branch), oldest first


@dataclass(frozen=True)
class LoanLine:
    title: str
    due: str
    overdue_days: int
    branch: str


@dataclass(frozen=True)
class ActionLine:
    action: str
    allowed: bool
    why_not: tuple[Text, ...]


@dataclass(frozen=True)
class ReaderPage:
    reader_id: str
    name: str
    masked_document: str
    masked_phone: str
    age: int
    home_branch: str
    current_card: str | None  # the card the actions are for (the live one, else the newest)
    cards: tuple[CardLine, ...]
    loans: tuple[LoanLine, ...]
    fines: tuple[FineView, ...]
    deposit_fen: int
    pre_deposit_fen: int
    guardian: str  # masked name and relationship, and whether consent is signed; "" when none
    actions: tuple[ActionLine, ...]
    fitting: str | None  # the action a tap most likely came for (restore for a lost card)
    photo: bytes | None = None  # taken at the desk (the chip's own photo needs the vendor's decoder)
    prints: tuple[PrintRecord, ...] = ()  # the reader's kept documents, newest first


def _branch(uow: UnitOfWork, code: str) -> str:
    found = uow.branches.get(code)
    return found.name if found else code


def _current(cards: list[Card]) -> Card | None:
    newest = sorted(cards, key=lambda c: c.issued_at, reverse=True)
    return next((c for c in newest if c.status in LIVE_STATUSES), newest[0] if newest else None)


def reader_page(uow: UnitOfWork, ctx: DeskContext, reader_ref: str) -> ReaderPage:
    reader = resolve_reader(uow, reader_ref)
    zone = ctx.profile.timezone
    cards = uow.cards.where(reader_id=reader.id)
    lines = []
    for card in sorted(cards, key=lambda c: c.issued_at, reverse=True):
        events = sorted(uow.events.where(card_id=card.id), key=lambda e: e.at)
        past = tuple(
            (local_minute(e.at, zone), ACTION_NAMES.get(e.kind, Text(e.kind, e.kind)), _branch(uow, e.branch_code))
            for e in events
        )
        card_type = ctx.profile.card_type(card.card_type_code)
        lines.append(
            CardLine(
                card.barcode or card.number,
                Text(card_type.name_zh, card_type.name_en),
                card.status.value,
                CARD_STATUS_NAMES[card.status.value],
                _branch(uow, card.home_branch_code),
                local_minute(card.issued_at, zone),
                past,
            )
        )
    today = ctx.today()
    loans = tuple(
        LoanLine(
            loan.title, loan.due_date.isoformat(), max(0, (today - loan.due_date).days), _branch(uow, loan.branch_code)
        )
        for loan in sorted(uow.loans.where(reader_id=reader.id), key=lambda loan: loan.due_date)
        if loan.returned_on is None
    )
    held = balances(uow.ledger.where(reader_id=reader.id))
    documents = sorted(uow.documents.where(reader_id=reader.id), key=lambda d: d.recorded_at)
    guardians = uow.guardians.where(minor_reader_id=reader.id)
    guardian = ""
    if guardians:
        g = guardians[0]
        signed = "已签授权" if g.consent_signed_at else "未签授权"
        guardian = f"{mask_name(g.name)}（{g.relationship}，{signed}）"
    current = _current(cards)
    actions: list[ActionLine] = []
    fitting = None
    if current is not None:
        for action in ACTIONS:
            shown = preview(uow, ctx, current.number, action)
            actions.append(ActionLine(action, shown.allowed, tuple(shown.blockers)))
        status = current.status.value
        fitting = {"lost": "restore", "pending_consent": "consent"}.get(status)
    return ReaderPage(
        reader_id=str(reader.id),
        name=reader.name,
        masked_document=mask_document(documents[0].number) if documents else "",
        masked_phone=mask_phone(reader.phone) if reader.phone else "",
        age=age_on(reader.birth_date, today),
        home_branch=_branch(uow, current.home_branch_code) if current else "",
        current_card=current.number if current else None,
        cards=tuple(lines),
        loans=loans,
        fines=tuple(fines_at_desk(uow, ctx, reader.id)),
        deposit_fen=held.deposit_fen,
        pre_deposit_fen=held.pre_deposit_fen,
        guardian=guardian,
        actions=tuple(actions),
        fitting=fitting,
        photo=latest(uow, "reader", str(reader.id), "photo"),
        prints=tuple(history(uow, reader.id)),
    )


def reader_id_of(uow: UnitOfWork, reader_ref: str) -> uuid.UUID:
    return resolve_reader(uow, reader_ref).id
