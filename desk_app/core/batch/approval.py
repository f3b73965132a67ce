"""Review of an imported batch: edit or delete rows, approve them (free online cards), record consent.

As the Chongqing platform works: the school's list is reviewed by the library, approval opens an online card
for each accepted pupil, and the card works only once the guardian's authorisation (授权书) is received.
Physical cards are bound later at any branch with the pupil's document (bind_physical_card).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from desk_app.core.batch.reading import RawRow, SheetRows
from desk_app.core.batch.review import ACCEPTED, EXISTS, review_rows
from desk_app.core.clock import age_on
from desk_app.core.entities import Batch, BatchRow, Card, CardStatus, Guardian, IdentityDocument, Reader
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.passwords import default_password, hash_password
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.lookup import find_card
from desk_app.core.services.recording import audit, changed, move_card, record_event, snapshot
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import DocumentType, check_document

APPROVED = "approved"


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
    """Correct a row before approval; it is reviewed again as if the school had sent it right."""
    require(uow, ctx, "edit_batch")
    batch, record = _batch(uow, batch_id), _row(uow, batch_id, row)
    values: dict[str, object] = {"id_number": record.id_number, "name": record.name, **record.fields, "doc_type": None}
    values.update(changes)
    sheet = SheetRows(batch.file_label, "", (RawRow(row, values),), False)
    outcome = review_rows(
        uow, sheet, ctx.profile.card_type(batch.card_type_code), ctx.today(), batch.summary.get("school")
    )[0]
    before = snapshot(record)
    record.id_number, record.name, record.status = outcome.id_number, outcome.name, outcome.status
    record.reasons, record.fields = list(outcome.reasons), dict(outcome.fields)
    uow.batch_rows.save(record)
    old, new = changed(before, snapshot(record))
    audit(uow, ctx, "edit_batch_row", "batch", batch.id, old, new, reason=f"row {row}")
    uow.commit()
    return record


def delete_row(uow: UnitOfWork, ctx: DeskContext, batch_id: uuid.UUID, row: int) -> None:
    require(uow, ctx, "edit_batch")
    record = _row(uow, batch_id, row)
    uow.batch_rows.remove(record.id)
    audit(uow, ctx, "delete_batch_row", "batch", batch_id, snapshot(record), None, reason=f"row {row}")
    uow.commit()


def approve(uow: UnitOfWork, ctx: DeskContext, batch_id: uuid.UUID, rows: list[int] | None = None) -> dict[str, int]:
    """Open an online card for each accepted row (all, or those named); returns how many of each outcome."""
    require(uow, ctx, "approve_batch")
    batch = _batch(uow, batch_id)
    card_type = ctx.profile.card_type(batch.card_type_code)
    chosen = [r for r in uow.batch_rows.where(batch_id=batch_id) if rows is None or r.row in rows]
    counts = {APPROVED: 0, EXISTS: 0, "skipped": 0}
    for record in sorted(chosen, key=lambda r: r.row):
        if record.status != ACCEPTED:
            counts["skipped"] += 1
            continue
        checked = check_document(record.doc_type, record.id_number, ctx.today())
        if any(uow.cards.where(reader_id=d.reader_id) for d in uow.documents.where(person_key=checked.person_key)):
            record.status, record.reasons = EXISTS, [*record.reasons, "审核时发现该学生已有借阅证"]
            uow.batch_rows.save(record)
            counts[EXISTS] += 1
            continue
        reader_id = _open_card(
            uow, ctx, batch, record, checked.birth_date, checked.gender, checked.person_key, card_type.code
        )
        record.status, record.fields = APPROVED, {**record.fields, "reader_id": str(reader_id)}
        uow.batch_rows.save(record)
        counts[APPROVED] += 1
    if rows is None:
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
        reason="whole batch" if rows is None else f"rows {rows}",
    )
    uow.commit()
    return counts


def _open_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    batch: Batch,
    record: BatchRow,
    born: date | None,
    gender: str | None,
    person_key: str,
    card_type_code: str,
) -> uuid.UUID:
    now = ctx.now()
    fields = record.fields
    birth = born or date.fromisoformat(str(fields["birth_date"]))
    reader = Reader(
        new_id(),
        record.name,
        gender,
        birth,
        str(fields.get("phone", "")),
        "",
        f"{batch.name} {fields.get('class_name', '')}".strip(),
        batch.branch_code,
        hash_password(default_password(record.id_number)),
        True,
        now,
        now,
    )
    uow.readers.add(reader)
    uow.documents.add(
        IdentityDocument(
            new_id(), reader.id, DocumentType(record.doc_type), record.id_number, person_key, None, None, now
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
    number = (
        f"{ctx.profile.card_number_prefix}{batch.branch_code}B{uow.next_number(f'virtual:{batch.branch_code}:B'):06d}"
    )
    card = Card(
        new_id(),
        reader.id,
        number,
        None,
        None,
        card_type_code,
        batch.branch_code,
        CardStatus.PENDING_CONSENT,
        True,
        now,
    )
    uow.cards.add(card)
    age = age_on(birth, ctx.today())
    record_event(
        uow,
        ctx,
        card,
        "issue",
        None,
        {"card_type": card_type_code, "batch": str(batch.id), "age_at_issue": age, "document_types": [record.doc_type]},
    )
    audit(uow, ctx, "register", "reader", reader.id, None, snapshot(reader), reason=f"batch {batch.name}")
    audit(uow, ctx, "issue", "card", card.id, None, snapshot(card))
    return reader.id


def record_consent(uow: UnitOfWork, ctx: DeskContext, card_ref: str, received_from: str) -> Card:
    """The guardian's signed authorisation arrived: who brought it is noted, the staff and time are audited."""
    require(uow, ctx, "record_consent")
    card = find_card(uow, card_ref)
    guardians = uow.guardians.where(minor_reader_id=card.reader_id)
    if card.status is not CardStatus.PENDING_CONSENT:
        raise DeskError("card.bad_transition", status=card.status.value, action="consent")
    if not guardians:
        guardian = Guardian(
            new_id(),
            card.reader_id,
            received_from.strip() or "监护人",
            "监护人",
            DocumentType.RESIDENT_ID,
            "",
            "",
            ctx.now(),
        )
        uow.guardians.add(guardian)
    else:
        guardian = guardians[0]
        guardian.consent_signed_at = ctx.now()
        uow.guardians.save(guardian)
    move_card(uow, ctx, card, "consent", CardStatus.ACTIVE, {"received_from": received_from.strip()})
    uow.commit()
    return card
