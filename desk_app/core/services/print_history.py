"""The record of every document produced at the desk, for reprinting from the reader's history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.entities import PrintedDocument
from desk_app.core.ids import new_id
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork


@dataclass(frozen=True)
class PrintRecord:
    id: str
    kind: str
    reference: str
    file_path: str
    created_at: str
    printer: str | None
    status: str
    message: str


def _view(doc: PrintedDocument) -> PrintRecord:
    return PrintRecord(
        str(doc.id),
        doc.kind,
        doc.reference,
        doc.file_path,
        doc.created_at.isoformat(),
        doc.printer,
        doc.status,
        doc.message,
    )


def record_document(
    uow: UnitOfWork,
    ctx: DeskContext,
    kind: str,
    reader_id: uuid.UUID | None,
    reference: str,
    file_path: str,
    sha256: str,
) -> PrintRecord:
    require(uow, ctx, "produce_document")
    doc = PrintedDocument(
        id=new_id(),
        kind=kind,
        reader_id=reader_id,
        reference=reference,
        file_path=file_path,
        sha256=sha256,
        created_at=ctx.now(),
        staff_id=ctx.actor.staff_id,
        branch_code=ctx.actor.branch_code,
        desk_code=ctx.actor.desk_code,
    )
    uow.prints.add(doc)
    audit(uow, ctx, "produce_document", "printed_document", doc.id, None, snapshot(doc))
    uow.commit()
    return _view(doc)


def record_outcome(
    uow: UnitOfWork, ctx: DeskContext, document_id: uuid.UUID, printer: str | None, status: str, message: str
) -> PrintRecord:
    doc = uow.prints.get(document_id)
    if doc is None:
        raise LookupError(document_id)
    doc.printer, doc.status, doc.message = printer, status, message[:500]
    uow.prints.save(doc)
    audit(
        uow,
        ctx,
        f"print_{status}",
        "printed_document",
        doc.id,
        None,
        {"printer": printer, "status": status, "message": message[:500]},
    )
    uow.commit()
    return _view(doc)


def history(uow: UnitOfWork, reader_id: uuid.UUID) -> list[PrintRecord]:
    docs = sorted(uow.prints.where(reader_id=reader_id), key=lambda d: d.created_at, reverse=True)
    return [_view(d) for d in docs]


def get_record(uow: UnitOfWork, document_id: uuid.UUID) -> PrintRecord | None:
    doc = uow.prints.get(document_id)
    return _view(doc) if doc else None
