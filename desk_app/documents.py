"""Producing and printing documents: fill from records, render the PDF, keep it, send it, remember it.

One place for the CLI and the desk window, so a document printed either way is the same and can be reprinted.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.bootstrap import OpenDesk
from desk_app.core.errors import DeskError
from desk_app.core.reader_guide import reader_guide
from desk_app.core.services import paperwork
from desk_app.core.services.context import DeskContext
from desk_app.core.services.print_history import (
    PrintRecord,
    get_record,
    history,
    record_document,
    record_outcome,
)
from desk_app.core.uow import UnitOfWork
from desk_app.crashpoints import crashpoint
from forms.paper_forms import FormKind
from printing.printers import PrintFailedError, list_printers, send_pdf

if TYPE_CHECKING:
    from printing.fonts import PrintFonts


@dataclass(frozen=True)
class Produced:
    path: Path
    pages: int
    missing_characters: tuple[str, ...]
    record: PrintRecord | None


def _fill(
    uow: UnitOfWork, ctx: DeskContext, kind: FormKind, ref: str, agent: paperwork.Agent | None
) -> tuple[Any, uuid.UUID | None, str]:
    """The document's data, whose history it belongs to, and its reference."""
    if kind is FormKind.RECEIPT:
        receipt = paperwork.receipt(uow, ctx, ref)
        entry = uow.ledger.where(receipt_no=receipt.receipt_no)[0]
        return receipt, entry.reader_id, receipt.receipt_no
    reader = paperwork.resolve_reader(uow, ref)
    data: Any
    if kind is FormKind.REGISTRATION:
        data = paperwork.registration(uow, ctx, ref)
    elif kind is FormKind.GUARDIAN_CONSENT:
        data = paperwork.guardian_consent(uow, ctx, ref)
    elif kind is FormKind.REFUND_APPLICATION:
        data = paperwork.refund_application(uow, ctx, ref)
    elif kind is FormKind.PROXY_AUTHORISATION:
        data = paperwork.proxy_authorisation(uow, ctx, ref, agent)
    elif kind is FormKind.CARD_FACE:
        data = paperwork.card_face(uow, ctx, ref)
    else:
        raise ValueError(f"{kind.value} is not filled from a reader")
    return data, reader.id, ref


def copy_whole(source: Path, target: Path) -> None:
    """A copy that is whole at its name or not there at all (a full disk leaves no half PDF behind)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with source.open("rb") as reading, partial.open("wb") as writing:
            shutil.copyfileobj(reading, writing)
            writing.flush()
            os.fsync(writing.fileno())
        partial.replace(target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        if err.errno == errno.ENOSPC:
            raise DeskError("output.disk_full", path=str(target)) from None
        raise


def print_server(settings: dict[str, Any]) -> str | None:
    """The CUPS server or socket the settings name; None: this machine's."""
    return str(settings.get("cups_server") or "") or None


def remembered_printer(settings: dict[str, Any], kind: str) -> str | None:
    """The printer remembered for this kind of document (set up once, or chosen in a print preview)."""
    chosen = dict(settings.get("printers") or {}).get(kind)
    return str(chosen) if chosen else None


def known_printers(settings: dict[str, Any]) -> list[str]:
    """The printers CUPS offers; none when it cannot be asked (the desk still makes and keeps its PDFs)."""
    try:
        return list_printers(print_server(settings))
    except PrintFailedError:
        return []


def fonts_for(settings: dict[str, Any]) -> PrintFonts:
    # ReportLab is loaded with the first document, not with the window.
    from printing.fonts import load_fonts

    return load_fonts(str(settings.get("print_font", "")), str(settings.get("print_font_extension", "")))


def produce(
    desk: OpenDesk,
    ctx: DeskContext,
    kind: FormKind | str,
    ref: str | None,
    out: Path | None = None,
    agent: paperwork.Agent | None = None,
    fonts: PrintFonts | None = None,
) -> Produced:
    """Render a document; a filled one is also kept under the desk's documents folder and recorded."""
    from printing.render import render  # ReportLab and the layouts load with the first document, not at start-up

    form = FormKind(kind)
    if form is FormKind.READER_GUIDE:
        target = out or desk.documents_dir / "reader-guide.pdf"
        rendered = render(form, reader_guide(desk.profile), target, union=desk.profile.name_zh, fonts=fonts)
        return Produced(rendered.path, rendered.pages, rendered.missing_characters, None)
    if ref is None:
        target = out or desk.documents_dir / f"blank-{form.value}.pdf"
        # A blank consent still speaks in the library's own words.
        blank = paperwork.blank_guardian_consent(ctx) if form is FormKind.GUARDIAN_CONSENT else None
        rendered = render(form, blank, target, union=desk.profile.name_zh, fonts=fonts)
        return Produced(rendered.path, rendered.pages, (), None)
    with desk.uow() as uow:
        data, reader_id, reference = _fill(uow, ctx, form, ref, agent)
    stamp = ctx.now().strftime("%Y%m%d-%H%M%S")
    kept = desk.documents_dir / ctx.now().strftime("%Y") / f"{stamp}-{form.value}-{uuid.uuid4().hex[:8]}.pdf"
    rendered = render(form, data, kept, union=desk.profile.name_zh, fonts=fonts)
    digest = hashlib.sha256(kept.read_bytes()).hexdigest()
    crashpoint("document.rendered")
    with desk.uow() as uow:
        record = record_document(uow, ctx, form.value, reader_id, reference, str(kept), digest)
    if out is not None:
        copy_whole(kept, out)
    return Produced(out or kept, rendered.pages, rendered.missing_characters, record)


def send(
    desk: OpenDesk, ctx: DeskContext, record: PrintRecord, printer: str | None, server: str | None = None
) -> PrintRecord:
    """Send a kept document to a printer; a failure is recorded, the PDF stays, and the user is told."""
    try:
        job = send_pdf(Path(record.file_path), printer, server, title=f"{record.kind}-{record.reference}")
    except PrintFailedError as err:
        with desk.uow() as uow:
            record_outcome(uow, ctx, uuid.UUID(record.id), printer, "failed", str(err))
        raise DeskError("print.failed", reason=str(err), path=record.file_path) from err
    with desk.uow() as uow:
        return record_outcome(uow, ctx, uuid.UUID(record.id), printer, "sent", job)


def deliver(
    desk: OpenDesk, ctx: DeskContext, produced: Produced, printer: str | None, server: str | None = None
) -> Produced:
    """A produced document sent to `printer` when one is chosen, as a step that already happened (money taken,
    a card issued) needs: a failed print is recorded on the document and never undoes the step. The record
    then says what really happened: kept only, sent (printer, job) or failed (why)."""
    if not printer or produced.record is None:
        return produced
    try:
        record = send(desk, ctx, produced.record, printer, server)
    except DeskError:
        with desk.uow() as uow:
            record = get_record(uow, uuid.UUID(produced.record.id)) or produced.record
    return replace(produced, record=record)


def history_of(desk: OpenDesk, reader_ref: str) -> list[PrintRecord]:
    """Every kept document of a reader, newest first, each one reprintable."""
    with desk.uow() as uow:
        return history(uow, paperwork.resolve_reader(uow, reader_ref).id)


def reprint(
    desk: OpenDesk, ctx: DeskContext, record_id: str, printer: str | None, server: str | None = None
) -> PrintRecord:
    with desk.uow() as uow:
        record = get_record(uow, uuid.UUID(record_id))
    if record is None:
        raise DeskError("print.no_record", record=record_id)
    return send(desk, ctx, record, printer, server)
