"""Issue a reader card: one person, one card across the whole union."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desk_app.core.clock import age_on
from desk_app.core.credit_standing import standing
from desk_app.core.eligibility import card_type_for, require_eligible, require_usual_age_at_the_counter
from desk_app.core.entities import Card, CardStatus, Guardian, IdentityDocument, LedgerKind, Loan, Reader
from desk_app.core.errors import DeskError
from desk_app.core.first_issue import note_first_issue
from desk_app.core.guardian_rules import guardian_requirement
from desk_app.core.ids import new_id
from desk_app.core.messages import format_fen
from desk_app.core.passwords import initial_hash, initial_password
from desk_app.core.permissions import require, require_children_desk
from desk_app.core.policy import CardType
from desk_app.core.services.context import DeskContext
from desk_app.core.services.external_cards import ExternalCard
from desk_app.core.services.fees import physical_card_fee, take_money
from desk_app.core.services.inputs import (
    DocumentInput,
    GuardianInput,
    clean_barcode,
    clean_chip_uid,
    clean_name,
    clean_phone,
    clean_text,
)
from desk_app.core.services.lookup import refuse_second_card, require_unused_barcode, require_unused_chip
from desk_app.core.services.recording import audit, changed, record_event, snapshot
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import SPECS, CheckedDocument, NumberKind


@dataclass(frozen=True)
class IssueCardCommand:
    name: str
    phone: str
    documents: tuple[DocumentInput, ...]
    card_type_code: str | None = None
    birth_date: date | None = None
    gender: str | None = None
    address: str = ""
    work_unit: str = ""
    barcode: str | None = None
    chip_uid: str | None = None
    guardian: GuardianInput | None = None
    credit_reference: str | None = None
    deposit_paid_fen: int = 0
    fee_paid_fen: int = 0
    provisional: bool = False
    # Another issuer's card as the reader's card (see services/external_cards.py).
    external: ExternalCard | None = None


@dataclass(frozen=True)
class IssuedCard:
    reader_id: str
    card_id: str
    card_number: str
    barcode: str | None
    is_virtual: bool
    card_type_code: str
    card_type_name: str
    home_branch_code: str
    status: str
    deposit_fen: int
    fee_fen: int
    # Foshan 6.1.1.2: remind the reader to change the default password.
    password_must_change: bool
    # A random initial password (a document with no citizen number): told to the reader now, shown nowhere again.
    initial_password: str = ""


def _deposit_due(uow: UnitOfWork, ctx: DeskContext, card_type: CardType, reader_id: uuid.UUID) -> tuple[int, str]:
    """The card type's deposit, unless its waiver rule finds the reader's record good (the reason is kept)."""
    if card_type.deposit_waiver is None or card_type.deposit_fen == 0:
        return card_type.deposit_fen, ""
    cards = {c.id: c for c in uow.cards.where(reader_id=reader_id)}

    def type_of(loan: Loan) -> CardType | None:
        card = cards.get(loan.card_id)
        return ctx.profile.card_type(card.card_type_code) if card else None

    found = standing(card_type.deposit_waiver, uow.loans.where(reader_id=reader_id), type_of, ctx.today())
    return (0 if found.waived else card_type.deposit_fen), found.reason


def _birth_and_gender(cmd: IssueCardCommand, checked: list[CheckedDocument]) -> tuple[date, str | None]:
    from_doc = next((d for d in checked if d.birth_date is not None), None)
    if from_doc is not None and from_doc.birth_date is not None:
        if cmd.birth_date is not None and cmd.birth_date != from_doc.birth_date:
            raise DeskError(
                "document.birth_date_mismatch",
                doc_name=SPECS[from_doc.doc_type].text,
                from_document=from_doc.birth_date.isoformat(),
                entered=cmd.birth_date.isoformat(),
            )
        return from_doc.birth_date, from_doc.gender or cmd.gender
    if cmd.birth_date is None:
        raise DeskError("reader.birth_date_missing")
    return cmd.birth_date, cmd.gender


def _choose_card_type(ctx: DeskContext, cmd: IssueCardCommand, checked: list[CheckedDocument], age: int) -> CardType:
    return card_type_for(ctx.profile, [d.doc_type for d in checked], age, cmd.card_type_code)


def _check_guardian(ctx: DeskContext, card_type: CardType, age: int, guardian: GuardianInput | None) -> None:
    need = guardian_requirement(card_type, age)
    if not (need.consent_required or need.must_accompany):
        return
    if guardian is None:
        code = "guardian.required" if need.consent_required else "guardian.must_accompany"
        raise DeskError(code, age=age)
    checked = guardian.document.check(ctx.today())
    if checked.birth_date is not None and age_on(checked.birth_date, ctx.today()) < need.guardian_min_age:
        raise DeskError("guardian.too_young", age=need.guardian_min_age)
    clean_name(guardian.name)
    clean_phone(guardian.phone)
    if need.consent_required and not guardian.consent_signed:
        raise DeskError("guardian.consent_missing")
    if need.must_accompany and not guardian.present:
        raise DeskError("guardian.must_accompany", age=age)


def _existing_reader(uow: UnitOfWork, ctx: DeskContext, checked: list[CheckedDocument]) -> Reader | None:
    """The person as the union already knows them, by any of their documents; refuse a second card."""
    found: Reader | None = None
    for doc in checked:
        for known in uow.documents.where(person_key=doc.person_key):
            refuse_second_card(uow, known.reader_id)
            found = found or uow.readers.get(known.reader_id)
    return found


def _card_number(uow: UnitOfWork, ctx: DeskContext) -> str:
    # Branch and desk in the number keep two desks working offline from handing out the same one.
    branch, desk = ctx.actor.branch_code, ctx.actor.desk_code
    seq = uow.next_number(f"virtual:{branch}:{desk}")
    return f"{ctx.profile.card_number_prefix}{branch}{desk}{seq:06d}"


# CardDesk's choice (the seed names no check): the reference number the credit platform gave the check.
_CREDIT_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{5,39}")


def require_credit_reference(reference: str | None) -> None:
    text = (reference or "").strip()
    if not text:
        raise DeskError("credit.attestation_required")
    if not _CREDIT_REFERENCE.fullmatch(text):
        raise DeskError("credit.reference_format", reference=text[:40])


def _save_reader(
    uow: UnitOfWork,
    ctx: DeskContext,
    cmd: IssueCardCommand,
    existing: Reader | None,
    birth: date,
    gender: str | None,
    password_hash: str,
    age: int,
    document_types: list[str],
) -> Reader:
    now = ctx.now()
    fresh = Reader(
        id=existing.id if existing else new_id(),
        name=clean_name(cmd.name),
        gender=gender,
        birth_date=birth,
        phone=clean_phone(cmd.phone),
        address=clean_text(cmd.address, 200, "通讯地址"),
        work_unit=clean_text(cmd.work_unit, 200, "工作单位/学校班级"),
        home_branch_code=ctx.actor.branch_code,
        password_hash=password_hash,
        password_must_change=True,
        created_at=existing.created_at if existing else now,
        updated_at=now,
    )
    note_first_issue(fresh, existing, now, age, document_types)
    if existing is None:
        uow.readers.add(fresh)
        audit(uow, ctx, "register", "reader", fresh.id, None, snapshot(fresh))
    else:
        # A person whose earlier card was cancelled comes back: same reader record, details brought up to date.
        uow.readers.save(fresh)
        old, new = changed(snapshot(existing), snapshot(fresh))
        audit(uow, ctx, "re_register", "reader", fresh.id, old, new)
    return fresh


def issue_card(uow: UnitOfWork, ctx: DeskContext, cmd: IssueCardCommand) -> IssuedCard:
    staff = require(uow, ctx, "issue_card")
    today = ctx.today()
    if not cmd.documents:
        raise DeskError("reader.no_document")
    checked = [d.check(today) for d in cmd.documents]
    birth, gender = _birth_and_gender(cmd, checked)
    age = age_on(birth, today)
    card_type = _choose_card_type(ctx, cmd, checked, age)
    admitting = require_eligible(card_type, [d.doc_type for d in checked], age)
    require_usual_age_at_the_counter(card_type, age)
    _check_guardian(ctx, card_type, age, cmd.guardian)
    if guardian_requirement(card_type, age).children_desk:
        require_children_desk(staff)
    if card_type.credit_check_required:
        require_credit_reference(cmd.credit_reference)
    ctx.profile.branch(ctx.actor.branch_code)  # an unknown branch is refused before anything is read

    existing = _existing_reader(uow, ctx, checked)
    if cmd.external is not None:
        if uow.cards.where(barcode=cmd.external.lookup) or uow.cards.where(number=cmd.external.number):
            raise DeskError("card.barcode_taken", barcode=cmd.external.number)
        barcode: str | None = cmd.external.lookup
    elif cmd.barcode:
        barcode = require_unused_barcode(uow, cmd.barcode)
    elif admitting in card_type.virtual_for:
        barcode = None
    else:
        raise DeskError("card.barcode_required", card_type_name=card_type.text)
    chip_uid = require_unused_chip(uow, cmd.chip_uid)

    admitting_doc = next(d for d in checked if d.doc_type == admitting)
    initial = initial_password(
        ctx.profile.service.default_password,
        admitting_doc.number,
        SPECS[admitting_doc.doc_type].number_kind is NumberKind.CITIZEN_NUMBER,
    )
    document_types = [d.doc_type.value for d in checked]
    reader = _save_reader(uow, ctx, cmd, existing, birth, gender, initial_hash(initial), age, document_types)
    known = {(d.person_key, d.doc_type) for d in uow.documents.where(reader_id=reader.id)}
    for doc in checked:
        if (doc.person_key, doc.doc_type) in known:
            continue
        record = IdentityDocument(
            id=new_id(),
            reader_id=reader.id,
            doc_type=doc.doc_type,
            number=doc.number,
            person_key=doc.person_key,
            valid_until=doc.valid_until,
            nationality=doc.nationality,
            recorded_at=ctx.now(),
        )
        uow.documents.add(record)
        audit(uow, ctx, "add_document", "identity_document", record.id, None, snapshot(record))

    if cmd.guardian is not None:
        g = cmd.guardian
        g_doc = g.document.check(today)
        guardian = Guardian(
            id=new_id(),
            minor_reader_id=reader.id,
            name=clean_name(g.name),
            relationship=clean_text(g.relationship, 20, "与读者关系"),
            doc_type=g_doc.doc_type,
            doc_number=g_doc.number,
            phone=clean_phone(g.phone),
            consent_signed_at=ctx.now() if g.consent_signed else None,
        )
        uow.guardians.add(guardian)
        audit(uow, ctx, "link_guardian", "guardian", guardian.id, None, snapshot(guardian))

    fee = physical_card_fee(uow, card_type, reader.id) if barcode and cmd.external is None else 0
    status = CardStatus.PROVISIONAL if cmd.provisional else CardStatus.ACTIVE
    card = Card(
        id=new_id(),
        reader_id=reader.id,
        number=cmd.external.number if cmd.external else barcode or _card_number(uow, ctx),
        barcode=barcode,
        chip_uid=chip_uid,
        card_type_code=card_type.code,
        home_branch_code=ctx.actor.branch_code,
        status=status,
        is_virtual=barcode is None,
        issued_at=ctx.now(),
        issuer=cmd.external.issuer_code if cmd.external else None,
        age_at_first_issue=reader.age_at_first_issue,
        first_document_type=reader.first_document_type,
    )
    uow.cards.add(card)
    deposit_due, waiver_reason = _deposit_due(uow, ctx, card_type, reader.id)
    if waiver_reason and deposit_due and cmd.deposit_paid_fen != deposit_due:
        raise DeskError("card.credit_standing", reason=waiver_reason, amount=format_fen(deposit_due))
    record_event(
        uow,
        ctx,
        card,
        "issue",
        None,
        {
            "card_type": card_type.code,
            "admitted_by": admitting.value,
            "credit_reference": (cmd.credit_reference or "").strip(),
            # Statistics count cards by age band at issue; kept here so they survive anonymisation.
            "age_at_issue": age,
            "document_types": sorted(document_types),
            **({"deposit_waiver": waiver_reason, "deposit_fen": deposit_due} if waiver_reason else {}),
        },
    )
    audit(uow, ctx, "issue", "card", card.id, None, snapshot(card))
    take_money(uow, ctx, LedgerKind.DEPOSIT_TAKEN, deposit_due, cmd.deposit_paid_fen, reader.id, card, "借阅证押金")
    take_money(uow, ctx, LedgerKind.CARD_FEE, fee, cmd.fee_paid_fen, reader.id, card, "工本费")
    uow.commit()
    return IssuedCard(
        reader_id=str(reader.id),
        card_id=str(card.id),
        card_number=card.number,
        barcode=card.barcode,
        is_virtual=card.is_virtual,
        card_type_code=card_type.code,
        card_type_name=card_type.name_zh,
        home_branch_code=card.home_branch_code,
        status=card.status.value,
        deposit_fen=deposit_due,
        fee_fen=fee,
        password_must_change=True,
        initial_password=initial.value if initial.tell_reader else "",
    )


# (repository, field, values) -> every record whose field is one of the values.
Load = Callable[[str, str, Iterable[Any]], list[Any]]


def read_for_issues(load: Load, runs: list[tuple[IssueCardCommand, date]]) -> None:
    """What issue_card reads, for many issues at once (the union runs a desk's pushed issues together): the
    people's documents, their readers with their cards, documents and loans, and the barcodes and chips."""
    keys, barcodes, chips = [], [], []
    for cmd, today in runs:
        for document in cmd.documents:
            try:
                keys.append(document.check(today).person_key)
            except (DeskError, ValueError):
                continue  # refused when the issue runs
        try:
            if cmd.external is not None:
                barcodes += [cmd.external.lookup, cmd.external.number]
            elif cmd.barcode:
                barcodes.append(clean_barcode(cmd.barcode))
            if cmd.chip_uid:
                chips.append(clean_chip_uid(cmd.chip_uid))
        except (DeskError, ValueError):
            continue
    readers = {d.reader_id for d in load("documents", "person_key", keys)}
    load("readers", "id", readers)
    for name in ("documents", "cards", "loans"):
        load(name, "reader_id", readers)
    load("cards", "barcode", barcodes)
    load("cards", "number", barcodes)
    load("cards", "chip_uid", chips)
