"""Render a document kind to a PDF file, filled from its data or blank."""

from __future__ import annotations

import dataclasses
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desk_app.core.errors import DeskError
from forms.paper_forms import (
    BatchResultData,
    CardFaceData,
    DayEndData,
    FormKind,
    GuardianConsentData,
    ProxyData,
    ReaderGuideData,
    ReceiptData,
    RefundData,
    RegistrationData,
)
from printing.fonts import PrintFonts, load_fonts
from printing.kit import Sheet
from printing.layouts import (
    batch_result,
    card_face,
    day_end,
    guardian_consent,
    reader_guide,
    receipt,
    refund,
    registration,
)

TITLES = {
    FormKind.REGISTRATION: "读者服务登记表",
    FormKind.GUARDIAN_CONSENT: "监护人授权书",
    FormKind.REFUND_APPLICATION: "押金退还申请表",
    FormKind.PROXY_AUTHORISATION: "押金退还申请表（代办）及委托书",
    FormKind.RECEIPT: "收据",
    FormKind.CARD_FACE: "卡面",
    FormKind.BATCH_RESULT: "集体办证结果",
    FormKind.READER_GUIDE: "读者办证指南",
    FormKind.DAY_END: "服务台日结单",
}
DATA_TYPES: dict[FormKind, type] = {
    FormKind.REGISTRATION: RegistrationData,
    FormKind.GUARDIAN_CONSENT: GuardianConsentData,
    FormKind.REFUND_APPLICATION: RefundData,
    FormKind.PROXY_AUTHORISATION: ProxyData,
    FormKind.RECEIPT: ReceiptData,
    FormKind.CARD_FACE: CardFaceData,
    FormKind.BATCH_RESULT: BatchResultData,
    FormKind.READER_GUIDE: ReaderGuideData,
    FormKind.DAY_END: DayEndData,
}


@dataclass(frozen=True)
class Rendered:
    path: Path
    pages: int
    missing_characters: tuple[str, ...]  # what no configured font can print: warn before printing


def texts_of(value: Any) -> Iterator[str]:
    """Every string inside a document's data, for the font coverage check."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from texts_of(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from texts_of(item)


def _draw(kind: FormKind, sheet: Sheet, data: Any, union: str) -> None:
    if kind is FormKind.REGISTRATION:
        registration.draw(sheet, data, union)
    elif kind is FormKind.GUARDIAN_CONSENT:
        guardian_consent.draw(sheet, data, union)
    elif kind is FormKind.REFUND_APPLICATION:
        refund.draw_application(sheet, data, union)
    elif kind is FormKind.PROXY_AUTHORISATION:
        refund.draw_proxy(sheet, data, union)
    elif kind is FormKind.RECEIPT:
        receipt.draw(sheet, data, union)
    elif kind is FormKind.CARD_FACE:
        card_face.draw(sheet, data, union)
    elif kind is FormKind.READER_GUIDE:
        if data is None:
            raise ValueError("the reader guide is written from a profile: give its ReaderGuideData")
        reader_guide.draw(sheet, data)
    elif kind is FormKind.DAY_END:
        day_end.draw(sheet, data, union)
    else:
        batch_result.draw(sheet, data, union)


@contextmanager
def _pdf(out: Path, size: tuple[float, float], title: str, author: str, font: str) -> Iterator[Canvas]:
    """A canvas writing to a side file that replaces `out` only once saved: a reader never sees half a PDF.

    Every page starts in the embedded main font: ReportLab's default, Helvetica, is one of the PDF standard
    fonts that are never embedded, so a page would name a font the printer must supply."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    # types-reportlab types initialFontName as a float; ReportLab takes the font's name.
    canvas = Canvas(str(partial), pagesize=size, pageCompression=1, initialFontName=font)  # type: ignore[arg-type]
    canvas.setTitle(title)
    canvas.setAuthor(author or "CardDesk")
    canvas.setCreator("CardDesk")
    try:
        yield canvas
        canvas.save()
        with partial.open("rb") as saved:
            os.fsync(saved.fileno())  # on the disk before it takes the real name
    except BaseException as err:
        partial.unlink(missing_ok=True)  # a failed render leaves nothing behind
        if isinstance(err, OSError) and err.errno == errno.ENOSPC:
            raise DeskError("output.disk_full", path=str(out)) from None
        raise
    partial.replace(out)


def render(kind: FormKind | str, data: Any, out: Path, union: str = "", fonts: PrintFonts | None = None) -> Rendered:
    """Write the PDF. `data` None prints the form blank; `union` names the library system on a blank form."""
    form = FormKind(kind)
    if data is not None and not isinstance(data, DATA_TYPES[form]):
        raise TypeError(f"{form.value} is drawn from {DATA_TYPES[form].__name__}, not {type(data).__name__}")
    fonts = fonts or load_fonts()
    size = card_face.CR80 if form is FormKind.CARD_FACE else A4
    with _pdf(out, size, TITLES[form], union, fonts.main) as canvas:
        _draw(form, Sheet(canvas, fonts), data, union)
        pages = canvas.getPageNumber()
    return Rendered(out, pages, tuple(fonts.missing(texts_of(data))))


def render_card_faces(faces: list[CardFaceData], out: Path, fonts: PrintFonts | None = None) -> Rendered:
    """Many card faces, one CR80 page each, for a card printer's batch."""
    fonts = fonts or load_fonts()
    union = faces[0].union if faces else ""
    with _pdf(out, card_face.CR80, TITLES[FormKind.CARD_FACE], union, fonts.main) as canvas:
        sheet = Sheet(canvas, fonts)
        for face in faces:
            card_face.draw(sheet, face, face.union)
            canvas.showPage()
    return Rendered(out, len(faces), tuple(fonts.missing(texts_of(faces))))
