"""Two reader records of one person made one: what each held (documents, cards, loans, money, refunds,
guardians, photos, printed documents) moves to the record kept, and the other record goes.

Two records arise when a person registered with a passport and later with a resident ID card, or when two
desks registered them offline and the union kept one card. A supervisor decides, with the reason on record;
the two must be the same person by name and date of birth, and at most one of them may hold a live card
(one person, one card: the other is cancelled first).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.entities import LIVE_STATUSES
from desk_app.core.errors import DeskError
from desk_app.core.first_issue import keep_first_issue
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import clean_text
from desk_app.core.services.lookup import get_reader
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork


@dataclass(frozen=True)
class Merged:
    kept: str
    gone: str
    moved: dict[str, int]


def merge_readers(uow: UnitOfWork, ctx: DeskContext, keep_id: uuid.UUID, merge_id: uuid.UUID, reason: str) -> Merged:
    require(uow, ctx, "merge_readers")
    why = clean_text(reason, 200, "合并原因")
    if not why:
        raise DeskError("privacy.reason_required")
    if keep_id == merge_id:
        raise DeskError("merge.same_record")
    kept, gone = get_reader(uow, keep_id), get_reader(uow, merge_id)
    if (kept.name, kept.birth_date) != (gone.name, gone.birth_date):
        raise DeskError("merge.not_the_same_person", kept=kept.name, gone=gone.name)
    live = [c for c in uow.cards.where_in("reader_id", [keep_id, merge_id]) if c.status in LIVE_STATUSES]
    if len(live) > 1:
        raise DeskError("merge.two_live_cards", cards="、".join(c.number for c in live))
    moved: dict[str, int] = {}
    held = {(d.doc_type, d.person_key) for d in uow.documents.where(reader_id=keep_id)}
    for document in uow.documents.where(reader_id=merge_id):
        if (document.doc_type, document.person_key) in held:
            uow.documents.remove(document.id)  # the same document on both records: kept once
        else:
            document.reader_id = keep_id
            uow.documents.save(document)
        moved["documents"] = moved.get("documents", 0) + 1
    facts = (kept.first_issued_at, kept.age_at_first_issue, kept.first_document_type)
    keep_first_issue(kept, gone)
    if (kept.first_issued_at, kept.age_at_first_issue, kept.first_document_type) != facts:
        uow.readers.save(kept)
    for card in uow.cards.where_in("reader_id", [keep_id, merge_id]):
        if card.reader_id == merge_id:
            card.reader_id = keep_id
            moved["cards"] = moved.get("cards", 0) + 1
        # One person, one first card: every card of theirs is counted by the same facts.
        card.age_at_first_issue, card.first_document_type = kept.age_at_first_issue, kept.first_document_type
        uow.cards.save(card)
    for name, repository, field in (
        ("loans", uow.loans, "reader_id"),
        ("ledger", uow.ledger, "reader_id"),
        ("refunds", uow.refunds, "reader_id"),
        ("guardians", uow.guardians, "minor_reader_id"),
        ("prints", uow.prints, "reader_id"),
    ):
        for item in repository.where(**{field: merge_id}):
            setattr(item, field, keep_id)
            repository.save(item)  # type: ignore[arg-type]
            moved[name] = moved.get(name, 0) + 1
    for attachment in uow.attachments.where(owner="reader", owner_id=str(merge_id)):
        attachment.owner_id = str(keep_id)
        uow.attachments.save(attachment)
        moved["attachments"] = moved.get("attachments", 0) + 1
    before = snapshot(gone)
    uow.readers.remove(merge_id)
    audit(uow, ctx, "merge_readers", "reader", keep_id, before,
          {"kept": str(keep_id), "merged": str(merge_id), "moved": moved}, reason=why)  # fmt: skip
    uow.commit()
    return Merged(str(keep_id), str(merge_id), moved)
