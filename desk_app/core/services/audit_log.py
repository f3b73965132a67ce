"""Searching, exporting and verifying the audit log; looking at a reader's full details, which is audited."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from desk_app.core.audit_chain import ChainReport, verify
from desk_app.core.errors import DeskError
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.lookup import get_reader
from desk_app.core.services.recording import audit
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import SPECS


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    staff: str
    branch_code: str
    desk_code: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str
    reason: str


def verify_chain(uow: UnitOfWork) -> ChainReport:
    return verify(uow.audit.where())


def search_audit(
    uow: UnitOfWork,
    ctx: DeskContext,
    entity_id: str | None = None,
    action: str | None = None,
    staff_username: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[AuditEntry]:
    require(uow, ctx, "audit_search")
    criteria: dict[str, object] = {}
    if entity_id:
        criteria["entity_id"] = entity_id
    if action:
        criteria["action"] = action
    if staff_username:
        found = uow.staff.where(username=staff_username)
        if not found:
            raise DeskError("staff.unknown", staff=staff_username)
        criteria["staff_id"] = found[0].id
    records = [
        r for r in uow.audit.where(**criteria) if (since is None or r.at >= since) and (until is None or r.at <= until)
    ]
    records.sort(key=lambda r: r.seq, reverse=True)
    names = {s.id: s.username for s in uow.staff.where()}
    # Searching the audit log is itself recorded.
    audit(
        uow,
        ctx,
        "audit_search",
        "audit_log",
        uuid.UUID(int=0),
        None,
        {k: str(v) for k, v in criteria.items()},
        reason=f"{len(records)} found",
    )
    uow.commit()
    return [
        AuditEntry(
            r.seq,
            r.at.isoformat(),
            names.get(r.staff_id, str(r.staff_id)),
            r.branch_code,
            r.desk_code,
            r.action,
            r.entity,
            r.entity_id,
            json.dumps(r.before, ensure_ascii=False) if r.before else "",
            json.dumps(r.after, ensure_ascii=False) if r.after else "",
            r.reason,
        )
        for r in records[:limit]
    ]


@dataclass(frozen=True)
class ReaderDetails:
    """The full, unmasked details: shown only on the reader's own page, and every showing is audited."""

    reader_id: str
    name: str
    gender: str | None
    birth_date: str
    phone: str
    address: str
    work_unit: str
    documents: tuple[tuple[str, str], ...]  # (document name, full number)


def view_reader_details(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID, reason: str) -> ReaderDetails:
    require(uow, ctx, "view_reader_details")
    if not reason.strip():
        raise DeskError("privacy.reason_required")
    reader = get_reader(uow, reader_id)
    documents = tuple((SPECS[d.doc_type].name_zh, d.number) for d in uow.documents.where(reader_id=reader_id))
    audit(uow, ctx, "view_details", "reader", reader_id, None, None, reason=reason.strip()[:200])
    uow.commit()
    return ReaderDetails(
        str(reader.id),
        reader.name,
        reader.gender,
        reader.birth_date.isoformat(),
        reader.phone,
        reader.address,
        reader.work_unit,
        documents,
    )
