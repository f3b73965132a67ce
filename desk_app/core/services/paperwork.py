"""Filling the paper forms from records: what each document shows, read in one unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from desk_app.core.clock import age_on, local_date
from desk_app.core.entities import LIVE_STATUSES, Card, IdentityDocument, Reader, RefundRequest
from desk_app.core.errors import DeskError
from desk_app.core.guardian_rules import PIPL_CONSENT_UNDER, guardian_requirement
from desk_app.core.money import balances
from desk_app.core.policy import CardType, Profile
from desk_app.core.services.attachments import latest
from desk_app.core.services.context import DeskContext
from desk_app.core.services.lookup import find_card, get_reader
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import SPECS, DocumentType
from forms.paper_forms import (
    NEUTRAL_CONSENT_TEXT,
    NEUTRAL_CONSENT_TITLE,
    CardFaceData,
    GuardianConsentData,
    ProxyData,
    ReceiptData,
    RefundData,
    RegistrationData,
    Signer,
)

GENDERS = {"M": "男", "F": "女", None: ""}
SIGNER_LABELS = {"reader": "读者签名：", "guardian": "监护人签名："}


def resolve_reader(uow: UnitOfWork, ref: str) -> Reader:
    """A reader by id, or by any card number, barcode or chip UID of theirs."""
    try:
        return get_reader(uow, uuid.UUID(ref))
    except ValueError:
        return get_reader(uow, find_card(uow, ref).reader_id)


def _main_document(uow: UnitOfWork, reader: Reader) -> IdentityDocument | None:
    documents = sorted(uow.documents.where(reader_id=reader.id), key=lambda d: d.recorded_at)
    resident = [d for d in documents if d.doc_type is DocumentType.RESIDENT_ID]
    chosen = resident or documents
    return chosen[0] if chosen else None


def _current_card(uow: UnitOfWork, reader: Reader) -> Card | None:
    cards = sorted(uow.cards.where(reader_id=reader.id), key=lambda c: c.issued_at, reverse=True)
    return next((c for c in cards if c.status in LIVE_STATUSES), cards[0] if cards else None)


def _branch_name(uow: UnitOfWork, code: str) -> str:
    branch = uow.branches.get(code)
    return branch.name if branch else code


def registration(uow: UnitOfWork, ctx: DeskContext, reader_ref: str) -> RegistrationData:
    reader = resolve_reader(uow, reader_ref)
    doc = _main_document(uow, reader)
    card = _current_card(uow, reader)
    guardians = uow.guardians.where(minor_reader_id=reader.id)
    guardian = guardians[0] if guardians else None
    card_type = ctx.profile.card_type(card.card_type_code) if card else None
    values = {
        "name": reader.name,
        "gender": GENDERS.get(reader.gender, ""),
        "birth_date": reader.birth_date.isoformat(),
        "phone": reader.phone,
        "document_type": SPECS[doc.doc_type].name_zh if doc else "",
        "document_number": doc.number if doc else "",
        "card_number": card.number if card else "",
        "card_type": card_type.name_zh if card_type else "",
        "issued_on": local_date(card.issued_at, ctx.profile.timezone).isoformat() if card else "",
        "work_unit": reader.work_unit,
        "address": reader.address,
        "guardian_name": guardian.name if guardian else "",
        "guardian_relationship": guardian.relationship if guardian else "",
        "guardian_document": guardian.doc_number if guardian else "",
        "guardian_phone": guardian.phone if guardian else "",
        "home_branch": _branch_name(uow, card.home_branch_code if card else reader.home_branch_code),
    }
    issued_on = local_date(card.issued_at, ctx.profile.timezone) if card else ctx.today()
    age = age_on(reader.birth_date, issued_on)
    signers = guardian_requirement(card_type, age).signers if card_type else ("reader",)
    return RegistrationData(
        union=ctx.profile.name_zh,
        values=values,
        signers=tuple(Signer(role, SIGNER_LABELS[role]) for role in signers),
        photo=latest(uow, "reader", str(reader.id), "photo"),
    )


def consent_wording(profile: Profile, card_type: CardType | None = None) -> tuple[str, str]:
    """The consent's title and text ({child} left for the minor's name): the seed's own wording where the
    profile has one, else a neutral consent that states the profile's rule for this card type."""
    if profile.service.consent.title:
        return profile.service.consent.title, profile.service.consent.text
    types = [card_type] if card_type is not None else list(profile.card_types)
    ages = [ct.consent_under_age or PIPL_CONSENT_UNDER for ct in types if not ct.consent_always]
    always = [ct for ct in types if ct.consent_always]
    if always and not ages:
        rule = f"依{profile.name_zh}规定，办理“{always[0].name_zh}”须监护人授权同意。"
    else:
        rule = f"依{profile.name_zh}规定，未满{max(ages)}周岁的读者申请办理借阅证应由监护人签字同意。"
    library = profile.name_zh
    return (
        NEUTRAL_CONSENT_TITLE.format(library=library),
        NEUTRAL_CONSENT_TEXT.format(child="{child}", library=library, rule=rule),
    )


def blank_guardian_consent(ctx: DeskContext) -> GuardianConsentData:
    title, text = consent_wording(ctx.profile)
    return GuardianConsentData("", "", "", "", "", "", None, None, title, text)


def guardian_consent(uow: UnitOfWork, ctx: DeskContext, reader_ref: str) -> GuardianConsentData:
    reader = resolve_reader(uow, reader_ref)
    guardians = uow.guardians.where(minor_reader_id=reader.id)
    if not guardians:
        raise DeskError("paper.no_guardian")
    g = max(guardians, key=lambda item: item.consent_signed_at or ctx.now())
    doc = _main_document(uow, reader)
    card = _current_card(uow, reader)
    title, text = consent_wording(ctx.profile, ctx.profile.card_type(card.card_type_code) if card else None)
    return GuardianConsentData(
        minor_name=reader.name,
        minor_document=doc.number if doc else "",
        guardian_name=g.name,
        guardian_relationship=g.relationship,
        guardian_document=g.doc_number,
        guardian_phone=g.phone,
        signed_on=local_date(g.consent_signed_at, ctx.profile.timezone) if g.consent_signed_at else None,
        signature=latest(uow, "guardian", str(g.id), "signature"),
        title=title,
        text=text,
    )


def deposit_held_fen(uow: UnitOfWork, reader_id: uuid.UUID) -> int:
    """The deposit the system holds: taken minus refunded, derived from the ledger, never stored."""
    return balances(uow.ledger.where(reader_id=reader_id)).deposit_fen


def current_refund(uow: UnitOfWork, reader_id: uuid.UUID) -> RefundRequest | None:
    """The reader's newest refund request that still stands (applied to archived), if any."""
    standing = [r for r in uow.refunds.where(reader_id=reader_id) if r.status not in ("withdrawn", "refused")]
    return max(standing, key=lambda r: r.created_at, default=None)


def _refund_amount_fen(uow: UnitOfWork, reader_id: uuid.UUID, request: RefundRequest | None) -> int:
    """What the application asks back: the sum its request planned once payment began (the ledger then holds
    nothing, as after paying), else the deposit the system holds now."""
    if request is not None and request.plan.get("entries"):
        return int(request.plan["deposit_fen"])
    if request is not None and request.legacy is not None:
        return int(request.legacy["amount_fen"])
    return deposit_held_fen(uow, reader_id)


def refund_application(uow: UnitOfWork, ctx: DeskContext, reader_ref: str, on: date | None = None) -> RefundData:
    """Appendix C as the reader (or agent) signs it: filled from their refund request when there is one, so it
    prints the same before and after the money moved, for the archive."""
    reader = resolve_reader(uow, reader_ref)
    request = current_refund(uow, reader.id)
    held = _refund_amount_fen(uow, reader.id, request)
    if held <= 0:
        raise DeskError("paper.no_deposit")
    doc = _main_document(uow, reader)
    card = uow.cards.get(request.card_id) if request is not None and request.card_id else _current_card(uow, reader)
    values = {
        "card_number": card.number if card else "",
        "name": reader.name,
        "gender": GENDERS.get(reader.gender, ""),
        "phone": reader.phone,
        "document_number": doc.number if doc else "",
        "work_unit": reader.work_unit,
        "address": reader.address,
        "amount": f"¥{held // 100}.{held % 100:02d}",
        "signature": "",
    }
    applied_on = local_date(request.created_at, ctx.profile.timezone) if request is not None else ctx.today()
    return RefundData(
        ctx.profile.name_zh, values, SPECS[doc.doc_type].refund_form_box if doc else None, on or applied_on
    )


def refund_agent(uow: UnitOfWork, reader_ref: str) -> Agent | None:
    """The agent named on the reader's refund request, when an agent applied for them."""
    request = current_refund(uow, resolve_reader(uow, reader_ref).id)
    if request is None or request.applicant.get("kind") != "agent":
        return None
    applicant = request.applicant
    return Agent(str(applicant["name"]), DocumentType(applicant["doc_type"]), str(applicant["doc_number"]))


@dataclass(frozen=True)
class Agent:
    name: str
    doc_type: DocumentType
    doc_number: str


def proxy_authorisation(uow: UnitOfWork, ctx: DeskContext, reader_ref: str, agent: Agent | None) -> ProxyData:
    refund = refund_application(uow, ctx, reader_ref)
    agent = agent or refund_agent(uow, reader_ref)
    reader = resolve_reader(uow, reader_ref)
    doc = _main_document(uow, reader)
    return ProxyData(
        union=ctx.profile.name_zh,
        principal=reader.name,
        principal_doc_type=SPECS[doc.doc_type].name_zh if doc else "",
        principal_doc=doc.number if doc else "",
        agent=agent.name if agent else "",
        agent_doc_type=SPECS[agent.doc_type].name_zh if agent else "",
        agent_doc=agent.doc_number if agent else "",
        card_number=refund.values["card_number"],
        refund=refund,
    )


def receipt(uow: UnitOfWork, ctx: DeskContext, receipt_no: str) -> ReceiptData:
    found = uow.ledger.where(receipt_no=receipt_no.strip())
    if not found:
        raise DeskError("paper.no_receipt", receipt=receipt_no)
    entry = found[0]
    reader = get_reader(uow, entry.reader_id)
    card = uow.cards.get(entry.card_id) if entry.card_id else None
    staff = uow.staff.get(entry.staff_id)
    when = entry.at.astimezone(ZoneInfo(ctx.profile.timezone)).strftime("%Y-%m-%d %H:%M")
    return ReceiptData(
        library=ctx.profile.name_zh,
        branch=_branch_name(uow, entry.branch_code),
        receipt_no=entry.receipt_no or "",
        kind=entry.kind.value,
        amount_fen=entry.amount_fen,
        reader_name=reader.name,
        card_number=card.number if card else "",
        when=when,
        staff=staff.display_name if staff else "",
        note=entry.note,
        # A fine taken for another member library says so on the receipt.
        on_behalf_of=_branch_name(uow, entry.for_branch_code)
        if entry.for_branch_code and entry.for_branch_code != entry.branch_code
        else "",
    )


def card_face(uow: UnitOfWork, ctx: DeskContext, reader_ref: str) -> CardFaceData:
    reader = resolve_reader(uow, reader_ref)
    card = _current_card(uow, reader)
    if card is None:
        raise DeskError("paper.no_card")
    return CardFaceData(
        union=ctx.profile.name_zh,
        library=_branch_name(uow, card.home_branch_code),
        card_type=ctx.profile.card_type(card.card_type_code).name_zh,
        card_number=card.barcode or card.number,
        holder=reader.name,
    )
