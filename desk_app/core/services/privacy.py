"""The reader's rights (PIPL): everything held on them for an access request, and erasure after retention.

A purge anonymises a cancelled reader once the retention period has passed since the last card was
cancelled: names, numbers, phone, address, photos and signatures go; card history, ledger totals and the
facts statistics count (card type, branch, dates, age at issue, document type) stay.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desk_app.core.entities import LIVE_STATUSES, CardStatus
from desk_app.core.loan_rules import open_loans, unpaid_fines_fen
from desk_app.core.money import balances
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.lookup import get_reader
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork

ANONYMOUS_NAME = "已注销读者"
SHORT_LIVED_KINDS = frozenset({"photo", "signature", "id_card_raw"})


def _plain(obj: Any) -> dict[str, Any]:
    data = snapshot(obj)
    data.pop("password_hash", None)
    if "content" in data:
        data["content"] = base64.b64encode(obj.content).decode("ascii")
    return data


def export_reader_data(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID) -> dict[str, Any]:
    """Everything held on one reader, unmasked, for the reader's own access request."""
    require(uow, ctx, "privacy_export")
    reader = get_reader(uow, reader_id)
    cards = uow.cards.where(reader_id=reader_id)
    guardians = uow.guardians.where(minor_reader_id=reader_id)
    owned = [str(reader_id)] + [str(g.id) for g in guardians]
    result = {
        "reader": _plain(reader),
        "documents": [_plain(d) for d in uow.documents.where(reader_id=reader_id)],
        "guardians": [_plain(g) for g in guardians],
        "cards": [_plain(c) for c in cards],
        "card_events": [_plain(e) for c in cards for e in uow.events.where(card_id=c.id)],
        "loans": [_plain(loan) for loan in uow.loans.where(reader_id=reader_id)],
        "ledger": [_plain(e) for e in uow.ledger.where(reader_id=reader_id)],
        "attachments": [_plain(a) for owner in owned for a in uow.attachments.where(owner_id=owner)],
        "printed_documents": [_plain(p) for p in uow.prints.where(reader_id=reader_id)],
        "audit": [_plain(a) for a in uow.audit.where(entity_id=str(reader_id))],
    }
    audit(uow, ctx, "privacy_export", "reader", reader_id, None, None, reason="access request")
    uow.commit()
    return result


@dataclass(frozen=True)
class PurgeReport:
    readers_anonymised: int
    attachments_erased: int
    files_to_erase: tuple[str, ...]  # kept PDFs: the caller deletes the files themselves


def _cancelled_on(uow: UnitOfWork, reader_id: uuid.UUID) -> datetime | None:
    """When the reader's last card stopped, if none is live."""
    cards = uow.cards.where(reader_id=reader_id)
    if not cards or any(c.status in LIVE_STATUSES for c in cards):
        return None
    ends = [
        e.at
        for c in cards
        for e in uow.events.where(card_id=c.id)
        if e.to_status in (CardStatus.CANCELLED, CardStatus.REPLACED)
    ]
    return max(ends) if ends else None


def _settled(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID) -> bool:
    loans = uow.loans.where(reader_id=reader_id)
    cards = uow.cards.where(reader_id=reader_id)
    card_type = ctx.profile.card_type(cards[0].card_type_code) if cards else None
    entries = uow.ledger.where(reader_id=reader_id)
    held = balances(entries)
    deposit = held.deposit_fen + held.pre_deposit_fen
    fines = unpaid_fines_fen(loans, card_type, ctx.today()) if card_type else 0
    return not open_loans(loans) and fines == 0 and deposit == 0


def _anonymise(uow: UnitOfWork, reader_id: uuid.UUID) -> tuple[int, list[str]]:
    reader = get_reader(uow, reader_id)
    reader.name, reader.phone, reader.address, reader.work_unit = ANONYMOUS_NAME, "", "", ""
    reader.password_hash, reader.password_must_change = "", True
    reader.birth_date = date(reader.birth_date.year, 1, 1)
    uow.readers.save(reader)
    for doc in uow.documents.where(reader_id=reader_id):
        token = uuid.uuid4().hex
        doc.number, doc.person_key, doc.valid_until, doc.nationality = (
            f"ERASED-{token[:12]}",
            f"ERASED:{token}",
            None,
            None,
        )
        uow.documents.save(doc)
    erased = 0
    owners = [str(reader_id)]
    for guardian in uow.guardians.where(minor_reader_id=reader_id):
        owners.append(str(guardian.id))
        guardian.name, guardian.doc_number, guardian.phone = "已清除", "", ""
        uow.guardians.save(guardian)
    for owner in owners:
        for item in uow.attachments.where(owner_id=owner):
            uow.attachments.remove(item.id)
            erased += 1
    files = []
    for printed in uow.prints.where(reader_id=reader_id):
        files.append(printed.file_path)
        printed.file_path, printed.reference = "", "ERASED"
        uow.prints.save(printed)
    return erased, files


def purge(uow: UnitOfWork, ctx: DeskContext, retention_days: int, photo_retention_days: int) -> PurgeReport:
    require(uow, ctx, "privacy_purge")
    now = ctx.now()
    readers, erased, files = 0, 0, []
    for reader in uow.readers.where():
        if reader.name == ANONYMOUS_NAME:
            continue
        ended = _cancelled_on(uow, reader.id)
        if ended is None or now - ended < timedelta(days=retention_days) or not _settled(uow, ctx, reader.id):
            continue
        gone, kept_files = _anonymise(uow, reader.id)
        readers, erased = readers + 1, erased + gone
        files += kept_files
        audit(
            uow,
            ctx,
            "privacy_purge",
            "reader",
            reader.id,
            None,
            {"anonymised": True},
            reason=f"retention {retention_days} days after cancellation",
        )
    # Photos, signatures and the ID card's raw data are kept only as long as the policy says, whoever they
    # belong to.
    for item in uow.attachments.where():
        if item.kind in SHORT_LIVED_KINDS and now - item.created_at >= timedelta(days=photo_retention_days):
            uow.attachments.remove(item.id)
            erased += 1
            audit(uow, ctx, "privacy_erase_attachment", item.owner, item.id, None, {"kind": item.kind})
    uow.commit()
    return PurgeReport(readers, erased, tuple(f for f in files if f))
