"""The identity documents a reader may register with, and how each one's number is checked.

Documents that carry the citizen identity number (household register, residence permit, driver's licence,
social security card) share one person key with the resident ID card, so that a person is found whichever
of them they bring: the seeds' "one person, one card" holds across documents.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum import numdb
from stdnum.iso7064 import mod_11_2

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    HOUSEHOLD_REGISTER = "household_register"
    PASSPORT = "passport"
    MILITARY_ID = "military_id"
    HK_MACAU_TRAVEL_PERMIT = "hk_macau_travel_permit"
    TAIWAN_COMPATRIOT_PERMIT = "taiwan_compatriot_permit"
    DRIVERS_LICENCE = "drivers_licence"
    SOCIAL_SECURITY_CARD = "social_security_card"
    # The mainland residence permit (居住证, formerly 暂住证): it carries the holder's citizen number.
    RESIDENCE_PERMIT = "residence_permit"


class NumberKind(StrEnum):
    CITIZEN_NUMBER = "citizen_number"  # 公民身份号码, GB 11643
    PERMANENT_RESIDENCE = "permanent_residence"
    HMT_PERMIT = "hmt_permit"
    PASSPORT = "passport"
    HK_MACAU_PERMIT = "hk_macau_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    FREE_TEXT = "free_text"


@dataclass(frozen=True)
class DocumentSpec:
    doc_type: DocumentType
    name_zh: str
    name_en: str
    number_kind: NumberKind
    expiry_required: bool
    nationality_required: bool
    # The tick box this document falls under on Foshan's refund application (Appendix C).
    refund_form_box: str

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang.startswith("en") else self.name_zh

    @property
    def text(self) -> Text:
        return Text(self.name_zh, self.name_en)


SPECS: dict[DocumentType, DocumentSpec] = {
    spec.doc_type: spec
    for spec in (
        DocumentSpec(
            DocumentType.RESIDENT_ID,
            "居民身份证",
            "resident ID card",
            NumberKind.CITIZEN_NUMBER,
            False,
            False,
            "身份证",
        ),
        DocumentSpec(
            DocumentType.FOREIGN_PERMANENT_RESIDENCE,
            "外国人永久居留身份证",
            "foreign permanent residence ID card",
            NumberKind.PERMANENT_RESIDENCE,
            True,
            False,
            "其他",
        ),
        DocumentSpec(
            DocumentType.HMT_RESIDENCE_PERMIT,
            "港澳台居民居住证",
            "Hong Kong/Macau/Taiwan residence permit",
            NumberKind.HMT_PERMIT,
            True,
            False,
            "其他",
        ),
        DocumentSpec(
            DocumentType.HOUSEHOLD_REGISTER,
            "户口簿",
            "household register",
            NumberKind.CITIZEN_NUMBER,
            False,
            False,
            "户口本",
        ),
        DocumentSpec(DocumentType.PASSPORT, "护照", "passport", NumberKind.PASSPORT, True, True, "护照"),
        DocumentSpec(DocumentType.MILITARY_ID, "军人证", "military ID", NumberKind.FREE_TEXT, False, False, "军人证"),
        DocumentSpec(
            DocumentType.HK_MACAU_TRAVEL_PERMIT,
            "港澳居民来往内地通行证",
            "Hong Kong/Macau travel permit",
            NumberKind.HK_MACAU_PERMIT,
            True,
            False,
            "其他",
        ),
        DocumentSpec(
            DocumentType.TAIWAN_COMPATRIOT_PERMIT,
            "台湾居民来往大陆通行证",
            "Taiwan compatriot permit",
            NumberKind.TAIWAN_PERMIT,
            True,
            False,
            "其他",
        ),
        DocumentSpec(
            DocumentType.DRIVERS_LICENCE,
            "机动车驾驶证",
            "driver's licence",
            NumberKind.CITIZEN_NUMBER,
            True,
            False,
            "其他",
        ),
        DocumentSpec(
            DocumentType.RESIDENCE_PERMIT,
            "居住证",
            "residence permit",
            NumberKind.CITIZEN_NUMBER,
            False,
            False,
            "其他",
        ),
        DocumentSpec(
            DocumentType.SOCIAL_SECURITY_CARD,
            "社会保障卡",
            "social security card",
            NumberKind.CITIZEN_NUMBER,
            False,
            False,
            "其他",
        ),
    )
}

HMT_PREFIXES = ("810000", "820000", "830000")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAU = re.compile(r"[HM]\d{8}(\d{2})?")
_TAIWAN = re.compile(r"\d{8}(\d{2})?")
_FPR_2017 = re.compile(r"[A-Z]{3}\d{12}")
_NATIONALITY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class CheckedDocument:
    """A document whose number passed its checks, with what the number itself tells."""

    doc_type: DocumentType
    number: str
    person_key: str
    birth_date: date | None
    gender: str | None  # "M" or "F" where the number encodes it
    valid_until: date | None
    nationality: str | None


def normalise_number(raw: str) -> str:
    """Full-width characters folded, spaces and dashes dropped, letters upper-cased (a small x check digit)."""
    folded = unicodedata.normalize("NFKC", raw)
    return re.sub(r"[\s\-]", "", folded).upper()


def _date_in(number: str, spec: DocumentSpec, start: int) -> date:
    try:
        return date(
            int(number[start : start + 4]), int(number[start + 4 : start + 6]), int(number[start + 6 : start + 8])
        )
    except ValueError:
        raise DeskError("document.bad_birth_date", doc_name=spec.text, number=number) from None


def _check_mod_11_2(number: str, spec: DocumentSpec) -> None:
    if not (len(number) == 18 and number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        raise DeskError("document.bad_format", doc_name=spec.text, number=number)
    if not mod_11_2.is_valid(number):
        raise DeskError("document.bad_check_digit", doc_name=spec.text, number=number)


def known_province(number: str) -> bool:
    """Only the province (the first two digits) of the address code is checked.

    A citizen number keeps the county code of the place where it was first assigned, often years after the
    birth, and counties are created, merged and renumbered: python-stdnum's rule that the county existed in
    the birth year refuses most adults born before the 1980s (every 500xxx number of someone born before
    Chongqing became a municipality in 1997). A mistyped digit is caught by the check digit instead.
    """
    return _is_province(number[:2])


@functools.cache
def _is_province(code: str) -> bool:
    return bool(numdb.get("cn/loc").info(code + "0000")[0][1].get("province"))


def _gender_from_sequence(number: str) -> str:
    return "M" if int(number[16]) % 2 == 1 else "F"


def check_document(
    doc_type: DocumentType | str,
    raw_number: str,
    today: date,
    valid_until: date | None = None,
    nationality: str | None = None,
) -> CheckedDocument:
    """Validate a document as presented on `today`; raise DeskError with the reason otherwise."""
    try:
        spec = SPECS[DocumentType(doc_type)]
    except ValueError:
        raise DeskError("document.unknown_type", doc_type=str(doc_type)) from None
    number = normalise_number(raw_number or "")
    if not number:
        raise DeskError("document.number_missing", doc_name=spec.text)
    nation = normalise_number(nationality) if nationality else None
    if spec.nationality_required and not (nation and _NATIONALITY.fullmatch(nation)):
        raise DeskError("document.nationality_required", doc_name=spec.text)
    if spec.expiry_required and valid_until is None:
        raise DeskError("document.expiry_required", doc_name=spec.text)
    if valid_until is not None and valid_until < today:
        raise DeskError("document.expired", doc_name=spec.text, valid_until=valid_until.isoformat())

    birth: date | None = None
    gender: str | None = None
    kind = spec.number_kind
    if kind is NumberKind.CITIZEN_NUMBER:
        _check_mod_11_2(number, spec)
        if not known_province(number):
            raise DeskError("document.unknown_region", doc_name=spec.text, number=number)
        birth, gender = _date_in(number, spec, 6), _gender_from_sequence(number)
        key = f"CN:{number}"
    elif kind is NumberKind.HMT_PERMIT:
        _check_mod_11_2(number, spec)
        if not number.startswith(HMT_PREFIXES):
            raise DeskError("document.bad_format", doc_name=spec.text, number=number)
        birth, gender = _date_in(number, spec, 6), _gender_from_sequence(number)
        key = f"HMT:{number}"
    elif kind is NumberKind.PERMANENT_RESIDENCE:
        if _FPR_2017.fullmatch(number):
            key = f"FPR:{number}"
        else:
            # The 2023 card: 18 characters, a leading 9, MOD 11-2 like the citizen number.
            _check_mod_11_2(number, spec)
            if not number.startswith("9"):
                raise DeskError("document.bad_format", doc_name=spec.text, number=number)
            birth, gender = _date_in(number, spec, 6), _gender_from_sequence(number)
            key = f"FPR:{number}"
    else:
        pattern = {
            NumberKind.PASSPORT: _PASSPORT,
            NumberKind.HK_MACAU_PERMIT: _HK_MACAU,
            NumberKind.TAIWAN_PERMIT: _TAIWAN,
        }.get(kind)
        if pattern is not None and not pattern.fullmatch(number):
            raise DeskError("document.bad_format", doc_name=spec.text, number=number)
        if pattern is None and not 4 <= len(number) <= 30:
            raise DeskError("document.bad_format", doc_name=spec.text, number=number)
        key = f"{spec.doc_type.value}:{nation}:{number}" if nation else f"{spec.doc_type.value}:{number}"
    if birth is not None and birth > today:
        raise DeskError("document.future_birth_date", doc_name=spec.text, number=number)
    return CheckedDocument(spec.doc_type, number, key, birth, gender, valid_until, nation)
