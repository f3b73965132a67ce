"""Masking personal information (PIPL; Foshan 5.1.3 and 5.3) in lists, exports, audit records and logs."""

from __future__ import annotations

import re
from typing import Any

NAME_KEYS = frozenset({"name", "guardian_name", "principal", "agent", "display_name"})
PHONE_KEYS = frozenset({"phone", "guardian_phone"})
DOCUMENT_KEYS = frozenset({"number", "doc_number", "document_number", "id_number", "person_key", "guardian_document"})
PLACE_KEYS = frozenset({"address", "work_unit"})
DATE_KEYS = frozenset({"birth_date"})
DROPPED_KEYS = frozenset({"content"})

# Anything long enough to be an identity number, phone or passport: 8+ letters and digits with 6+ digits.
_NUMBERISH = re.compile(r"(?<![0-9A-Za-z])(?=(?:[A-Za-z]*\d){6})[0-9A-Za-z]{8,}(?![0-9A-Za-z])")


def mask_document(number: str) -> str:
    """Lists show only the first three and last four characters of a document number."""
    prefix, sep, rest = number.rpartition(":")
    if sep:  # a person key such as CN:110101...
        return f"{prefix}:{mask_document(rest)}"
    if len(number) <= 7:
        return number[:1] + "*" * (len(number) - 1)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(phone: str) -> str:
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the surname stays, so staff can still tell records apart."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_place(text: str) -> str:
    return text[:6] + "****" if len(text) > 6 else ("****" if text else text)


def mask_value(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return mask_payload(value)
    if not isinstance(value, str) or not value:
        return value
    if key in NAME_KEYS:
        return mask_name(value)
    if key in PHONE_KEYS:
        return mask_phone(value)
    if key in DOCUMENT_KEYS:
        return mask_document(value)
    if key in PLACE_KEYS:
        return mask_place(value)
    if key in DATE_KEYS:
        return value[:4] + "-**-**"
    return value


def mask_payload(payload: dict[str, Any] | None) -> dict[str, Any] | None:
    if payload is None:
        return None
    return {k: mask_value(k, v) for k, v in payload.items() if k not in DROPPED_KEYS}


def mask_text(text: str) -> str:
    """Mask every identity-number-like run in free text (log lines, messages)."""
    return _NUMBERISH.sub(lambda m: mask_document(m.group(0)), text)
