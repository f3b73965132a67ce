"""Another issuer's card as a reader's card: a co-branded bank card (Shenzhen) or a social security card.

A bank card number is never stored: the card is kept as the issuer, its last four digits and a keyed hash
(HMAC-SHA-256 with a key from the desk's keyring), and the hash is what a swiped card is looked up by.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from stdnum import luhn

from desk_app.core.errors import DeskError
from desk_app.core.policy import ExternalIssuer


@dataclass(frozen=True)
class ExternalCard:
    issuer_code: str
    number: str  # what staff see and what the card is listed under
    lookup: str  # what a scan of the card is matched against


def _clean(raw: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw or "")).upper()


def lookup_token(issuer: ExternalIssuer, raw: str, key: bytes) -> str:
    """What to search for when the card is swiped or typed at the desk."""
    return external_card(issuer, raw, key).lookup


def external_card(issuer: ExternalIssuer, raw: str, key: bytes) -> ExternalCard:
    number = _clean(raw)
    if issuer.kind == "bank":
        if not key:
            raise DeskError("external.no_key")
        if not (12 <= len(number) <= 19 and number.isdigit() and luhn.is_valid(number)):
            raise DeskError("external.bad_number", issuer=issuer.name_zh)
        digest = hmac.new(key, number.encode("ascii"), hashlib.sha256).hexdigest().upper()
        return ExternalCard(issuer.code, f"{issuer.code.upper()}-{number[-4:]}-{digest[:8]}", f"H:{digest}")
    if not re.fullmatch(r"[A-Z0-9]{6,20}", number):
        raise DeskError("external.bad_number", issuer=issuer.name_zh)
    return ExternalCard(issuer.code, number, number)
