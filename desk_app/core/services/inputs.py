"""What the desk hands to the use cases: plain, frozen inputs, as typed or read from a device."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desk_app.core.errors import DeskError
from desk_app.core.text_rules import clean_free_text, clean_person_name
from forms.identity_documents import CheckedDocument, DocumentType, check_document

_PHONE = re.compile(r"(1\d{10}|0\d{2,3}\d{7,8}|\+?\d{7,15})")
_BARCODE = re.compile(r"[A-Z0-9]{6,20}")
_CHIP_UID = re.compile(r"[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20}")


@dataclass(frozen=True)
class DocumentInput:
    doc_type: DocumentType | str
    number: str
    valid_until: date | None = None
    nationality: str | None = None

    def check(self, today: date) -> CheckedDocument:
        return check_document(self.doc_type, self.number, today, self.valid_until, self.nationality)


@dataclass(frozen=True)
class GuardianInput:
    name: str
    relationship: str
    document: DocumentInput
    phone: str
    consent_signed: bool
    present: bool


def clean_name(raw: str) -> str:
    return clean_person_name(raw)


def clean_text(raw: str, limit: int = 200, field: str = "地址") -> str:
    """Invisible and control characters are refused; a text too long for its field is refused, never cut."""
    return clean_free_text(raw, limit, field)


def could_be_phone(text: str) -> bool:
    """Whether a search text has the shape of a phone number as the desk stores them (see clean_phone)."""
    return bool(_PHONE.fullmatch(text))


def clean_phone(raw: str) -> str:
    phone = re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", raw or ""))
    if not phone:
        raise DeskError("reader.phone_missing")
    if not _PHONE.fullmatch(phone):
        raise DeskError("reader.phone_invalid", phone=raw)
    return phone


def clean_barcode(raw: str) -> str:
    barcode = unicodedata.normalize("NFKC", raw or "").strip().upper()
    if not _BARCODE.fullmatch(barcode):
        raise DeskError("card.barcode_invalid", barcode=raw)
    return barcode


def clean_chip_uid(raw: str) -> str:
    uid = re.sub(r"[\s:]", "", unicodedata.normalize("NFKC", raw or "")).upper()
    if not _CHIP_UID.fullmatch(uid):
        raise DeskError("card.chip_invalid", chip_uid=raw)
    return uid
