"""Review of an imported batch: edit or delete rows, approve them (free online cards), record consent.

As the Chongqing platform works: the school's list is reviewed by the library, approval opens an online card
for each accepted pupil, and the card works only once the guardian's authorisation (授权书) is received.
Physical cards are bound later at any branch with the pupil's document (bind_physical_card).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from desk_app.core.batch.columns import DOCUMENT_TYPE_NAMES, template_for
from desk_app.core.batch.reading import RawRow, SheetRows
from desk_app.core.batch.review import ACCEPTED, EXISTS, REJECTED, REVIEW, holders, review_rows
from desk_app.core.card_transitions import card_refusals, require_allowed
from desk_app.core.clock import age_on
from desk_app.core.entities import Batch, BatchRow, Card, CardStatus, Guardian, IdentityDocument, Reader
from desk_app.core.errors import DeskError
from desk_app.core.first_issue import note_first_issue
from desk_app.core.guardian_rules import guardian_requirement
from desk_app.core.ids import new_id
from desk_app.core.passwords import initial_hash, initial_password
from desk_app.core.permissions import require
from desk_app.core.policy import CardType
from desk_app.core.privacy import mask_name
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput, clean_name, clean_text
from desk_app.core.services.lookup import find_card, get_reader
from desk_app.core.services.recording import audit, changed, move_card, record_event, snapshot
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import SPECS, CheckedDocument, DocumentType, NumberKind, check_document

APPROVED = "approved"
APPROVAL_CHUNK = 200


@dataclass(frozen=True)
class BatchProgress:
    id: str
    name: str
    file_label: str
    branch_code: str
    created_at: str
    status: str
    counts: dict[str, int]


def _batch(uow: UnitOfWork, batch_id: uuid.UUID) -> Batch:
    batch = uow.batches.get(batch_id)
    if batch is None:
        raise DeskError("batch.not_found", batch=str(batch_id))
    return batch


def _row(uow: UnitOfWork, batch_id: uuid.UUID, row: int) -> BatchRow:
    found = uow.batch_rows.where(batch_id=batch_id, row=row)
    if not found:
        raise DeskError("batch.row_not_found", row=row)
    if found[0].status == APPROVED:
        raise DeskError("batch.row_approved", row=row)
    return found[0]


def progress(uow: UnitOfWork) -> list[BatchProgress]:
    """Every batch with how far its review has come."""
    result = []
    for batch in sorted(uow.batches.where(), key=lambda b: b.created_at, reverse=True):
        counts: dict[str, int] = {}
        for row in uow.batch_rows.where(batch_id=batch.id):
            counts[row.status] = counts.get(row.status, 0) + 1
        result.append(
            BatchProgress(
                str(batch.id),
                batch.name,
                batch.file_label,
                batch.branch_code,
                batch.created_at.isoformat(),
                batch.status,
                counts,
            )
        )
    return result


def edit_row(uow: UnitOfWork, ctx: DeskContext, batch_id: uuid.UUID, row: int, changes: dict[str, str]) -> BatchRow:
    """Correct a row before approval; it is reviewed again as if the unit had sent it right: against the
    union, and against the batch's other rows (the same person twice is refused)."""
    require(uow, ctx, "edit_batch")
    template = template_for(ctx.profile)
    unknown = sorted(set(changes) - set(template.editable))
    if unknown or not changes:
        raise DeskError("batch.unknown_field", fields="、".join(unknown) or "—", allowed=", ".join(template.editable))
    batch, record = _batch(uow, batch_id), _row(uow, batch_id, row)
    values: dict[str, object] = {
        "id_number": record.id_number,
        "name": record.name,
        **record.fields,
        "doc_type": _doc_type_name(record.doc_type),
    }
    values.update(changes)
    sheet = SheetRows(batch.file_label, "", (RawRow(row, values),), True)
    card_type = ctx.profile.card_type(batch.card_type_code)
    outcome = review_rows(uow, sheet, card_type, ctx.today(), batch.summary.get("school"), template)[0]
    if outcome.status not in (REJECTED, EXISTS) and outcome.person_key:
        for other in uow.batch_rows.where(batch_id=batch_id):
            if other.row != row and other.status != REJECTED and _person_key(other, ctx.today()) == outcome.person_key:
                outcome = replace(outcome, status=REJECTED, reasons=(*outcome.reasons, f"与第 {other.row} 行是同一人"))
                break
    before = snapshot(record)
    record.id_number, record.name, record.status = outcome.id_number, outcome.name, outcome.status
    record.reasons, record.fields, record.doc_type = list(outcome.reasons), dict(outcome.fields), outcome.doc_type
    uow.batch_rows.save(record)
    old, new = changed(before, snapshot(record))
    audit(uow, ctx, "edit_batch_row", "batch", batch.id, old, new, reason=f"row {row}")
    uow.commit()
    return record


def _doc_type_name(doc_type: str) -> str:
    """The name a list writes for a document type (the review reads names, as a unit types them)."""
    return next((name for name, code in DOCUMENT_TYPE_NAMES.items() if code == doc_type), doc_type)


def _person_key(record: BatchRow, today: date) -> str:
    try:
        return check_document(record.doc_type, record.id_number, today).person_key
    except DeskError:
        return ""


def confirm_row(uow: UnitOfWork, ctx: DeskContext, batch_id: uuid.UUID, row: int, reason: str) -> BatchRow:
    """A supervisor accepts a row that went to review (an older pupil the school vouches for), saying why."""
    require(uow, ctx, "approve_batch")
    record = _row(uow, batch_id, row)
    if record.status != REVIEW:
        raise DeskError("batch.row_not_in_review", row=row)
    why = clean_text(reason, 100, "确认原因")
    if not why:
        raise DeskError("batch.confirm_reason")
    before = snapshot(record)
    record.status, record.reasons = ACCEPTED, [*record.reasons, f"主管确认：{why}"]
    uow.batch_rows.save(record)
    old, new = changed(before, snapshot(record))
    audit(uow, ctx, "confirm_batch_row", "batch", batch_id, old, new, reason=f"row {row}: {why}")
    uow.commit()
    return record


def delete_row(uow: UnitOfWork, ctx: DeskContext, batch_id: uuid.UUID, row: int) -> None:
    require(uow, ctx, "edit_batch")
    record = _row(uow, batch_id, row)
    uow.batch_rows.remove(record.id)
    audit(uow, ctx, "delete_batch_row", "batch", batch_id, snapshot(record), None, reason=f"row {row}")
    uow.commit()


def approve(
    uow: UnitOfWork, ctx: DeskContext, batch_id: uuid.UUID, rows: list[int] | None = None, close: bool | None = None
) -> dict[str, int]:
    """Open an online card for each accepted row (all, or those named); returns how many of each outcome.
    `close` (by default: when no rows are named) marks the batch approved. A desk approves a long batch in
    turns of `APPROVAL_CHUNK` rows (`approval_turns`), each turn a command of its own."""
    require(uow, ctx, "approve_batch")
    batch = _batch(uow, batch_id)
    card_type = ctx.profile.card_type(batch.card_type_code)
    counts = {APPROVED: 0, EXISTS: 0, "skipped": 0}
    for record in _chosen(uow, batch_id, rows):
        if record.status != ACCEPTED:
            counts["skipped"] += 1
            continue
        checked = check_document(record.doc_type, record.id_number, ctx.today())
        holder = holders(uow, [checked.person_key]).get(checked.person_key)
        if holder is not None and holder.live_card:
            record.status, record.reasons = EXISTS, [*record.reasons, f"审核时发现：{holder.live_card}"]
            uow.batch_rows.save(record)
            counts[EXISTS] += 1
            continue
        reader_id = _open_card(
            uow,
            ctx,
            batch,
            record,
            checked,
            card_type,
            holder.reader_id if holder is not None else None,
        )
        record.status, record.fields = APPROVED, {**record.fields, "reader_id": str(reader_id)}
        uow.batch_rows.save(record)
        counts[APPROVED] += 1
    closing = rows is None if close is None else close
    if closing:
        batch.status = APPROVED
        uow.batches.save(batch)
    audit(
        uow,
        ctx,
        "approve_batch",
        "batch",
        batch.id,
        None,
        counts,
        reason="whole batch" if rows is None else f"rows {rows}" + ("; batch approved" if closing else ""),
    )
    uow.commit()
    return counts


def _chosen(uow: UnitOfWork, batch_id: uuid.UUID, rows: list[int] | None) -> list[BatchRow]:
    """The batch's rows an approval is about (all, or those named), in the spreadsheet's order."""
    found = uow.batch_rows.where(batch_id=batch_id)
    return sorted((r for r in found if rows is None or r.row in rows), key=lambda r: r.row)


def approval_turns(uow: UnitOfWork, batch_id: uuid.UUID, rows: list[int] | None = None) -> tuple[list[list[int]], int]:
    """The accepted rows of an approval (all, or those named) in turns of `APPROVAL_CHUNK`, and how many of
    the chosen rows are not accepted: a long approval lets the desk's other work in between, and each turn
    is whole (an approved row is not chosen again when the approval is run again after a cut)."""
    _batch(uow, batch_id)
    chosen = _chosen(uow, batch_id, rows)
    accepted = [r.row for r in chosen if r.status == ACCEPTED]
    turns = [accepted[i : i + APPROVAL_CHUNK] for i in range(0, len(accepted), APPROVAL_CHUNK)]
    return turns, len(chosen) - len(accepted)


def _open_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    batch: Batch,
    record: BatchRow,
    checked: CheckedDocument,
    card_type: CardType,
    former_reader: uuid.UUID | None,
) -> uuid.UUID:
    """An online card for the row: a new reader, or a former reader's account reopened (every card of theirs
    cancelled, one person one reader record). It waits for the guardian's consent only where the rules ask."""
    now = ctx.now()
    fields = record.fields
    birth = checked.birth_date or date.fromisoformat(str(fields["birth_date"]))
    age = age_on(birth, ctx.today())
    initial = initial_password(
        ctx.profile.service.default_password,
        record.id_number,
        SPECS[checked.doc_type].number_kind is NumberKind.CITIZEN_NUMBER,
    )
    reader = Reader(
        former_reader or new_id(),
        record.name,
        checked.gender,
        birth,
        str(fields.get("phone", "")),
        "",
        f"{batch.name} {fields.get('class_name', '')}".strip(),
        batch.branch_code,
        # A random password is told to nobody: the reader resets it at a desk with their document.
        initial_hash(initial),
        True,
        now,
        now,
    )
    before = None if former_reader is None else get_reader(uow, former_reader)
    note_first_issue(reader, before, now, age, [checked.doc_type.value])
    if before is None:
        uow.readers.add(reader)
        audit(uow, ctx, "register", "reader", reader.id, None, snapshot(reader), reason=f"batch {batch.name}")
    else:
        reader.created_at = before.created_at
        uow.readers.save(reader)
        old, new = changed(snapshot(before), snapshot(reader))
        audit(uow, ctx, "re_register", "reader", reader.id, old, new, reason=f"batch {batch.name}")
    known = {(d.person_key, d.doc_type) for d in uow.documents.where(reader_id=reader.id)}
    if (checked.person_key, checked.doc_type) not in known:
        uow.documents.add(
            IdentityDocument(
                new_id(), reader.id, checked.doc_type, record.id_number, checked.person_key, None, None, now
            )
        )
    if fields.get("guardian_name") or fields.get("guardian_phone"):
        # The guardian's document is not on the school's list; it is recorded with the signed authorisation.
        uow.guardians.add(
            Guardian(
                new_id(),
                reader.id,
                str(fields.get("guardian_name") or "家长"),
                "监护人",
                DocumentType.RESIDENT_ID,
                "",
                str(fields.get("guardian_phone", "")),
                None,
            )
        )
    need = guardian_requirement(card_type, age)
    # The desk's code in the number keeps two desks of one branch approving offline apart (as at the counter).
    branch, desk = batch.branch_code, ctx.actor.desk_code
    number = f"{ctx.profile.card_number_prefix}{branch}{desk}B{uow.next_number(f'virtual:{branch}:{desk}:B'):06d}"
    card = Card(
        new_id(),
        reader.id,
        number,
        None,
        None,
        card_type.code,
        batch.branch_code,
        CardStatus.PENDING_CONSENT if need.consent_required else CardStatus.ACTIVE,
        True,
        now,
        age_at_first_issue=reader.age_at_first_issue,
        first_document_type=reader.first_document_type,
    )
    uow.cards.add(card)
    record_event(
        uow,
        ctx,
        card,
        "issue",
        None,
        {"card_type": card_type.code, "batch": str(batch.id), "age_at_issue": age, "document_types": [record.doc_type]},
    )
    audit(uow, ctx, "issue", "card", card.id, None, snapshot(card))
    return reader.id


def record_consent(
    uow: UnitOfWork,
    ctx: DeskContext,
    card_ref: str,
    received_from: str,
    document: DocumentInput | None = None,
    relationship: str = "",
) -> Card:
    """The guardian's signed authorisation arrived, brought by the guardian: the person is checked against the
    guardian listed for the minor (their document when one is on record, else their name), an unlisted guardian
    must show their own document and be of age; who, staff and time are audited."""
    require(uow, ctx, "record_consent")
    card = find_card(uow, card_ref)
    guardians = uow.guardians.where(minor_reader_id=card.reader_id)
    require_allowed(card_refusals(uow, ctx, card, "consent"))
    name = clean_name(received_from) if received_from.strip() else ""
    checked = document.check(ctx.today()) if document is not None else None
    listed = guardians[0] if guardians else None
    if listed is not None and listed.doc_number:
        if checked is None:
            raise DeskError("consent.guardian_document", name=mask_name(listed.name))
        if checked.number != listed.doc_number:
            raise DeskError("consent.not_the_guardian", name=mask_name(listed.name))
    elif listed is not None:
        if name != listed.name:
            raise DeskError("consent.not_the_guardian", name=mask_name(listed.name))
    elif checked is None or not name:
        raise DeskError("consent.guardian_document", name=name or "监护人")
    if checked is not None and checked.birth_date is not None:
        need = ctx.profile.card_type(card.card_type_code).guardian_min_age
        if age_on(checked.birth_date, ctx.today()) < need:
            raise DeskError("guardian.too_young", age=need)
    said = clean_text(relationship, 20, "与读者关系") if relationship.strip() else ""
    if listed is None:
        assert checked is not None
        guardian = Guardian(new_id(), card.reader_id, name, said or "监护人", checked.doc_type, checked.number, "",
                            ctx.now())  # fmt: skip
        uow.guardians.add(guardian)
    else:
        guardian = listed
        if checked is not None and not guardian.doc_number:
            # The school's list named the parent; their document is recorded with the authorisation they signed.
            guardian.doc_type, guardian.doc_number = checked.doc_type, checked.number
        guardian.relationship = said or guardian.relationship
        guardian.consent_signed_at = ctx.now()
        uow.guardians.save(guardian)
    move_card(uow, ctx, card, "consent", CardStatus.ACTIVE,
              {"received_from": guardian.name, "guardian_id": str(guardian.id)})  # fmt: skip
    uow.commit()
    return card
