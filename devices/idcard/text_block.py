"""The 256-byte UCS-2LE text block of the three chip cards a GA 467 reader reads.

All three layouts put a one-character kind flag at byte 248: blank for the resident ID card, ``J`` for the
Hong Kong/Macau/Taiwan residence permit, ``I`` for the 2017 foreign permanent residence card and ``Y`` for
its 2023 layout. Fields are fixed-width, space-padded UCS-2 little endian (layouts in docs/devices.md).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from devices.idcard.codes import ETHNIC_CODES, ETHNIC_GROUPS, GENDER_CODES, GENDERS

TEXT_SIZE = 256
PHOTO_SIZE = 1024
LONG_TERM = "long-term"
_LONG_TERM_ON_CARD = "长期"
_FLAG_OFFSET = 248


class CardKind(StrEnum):
    RESIDENT_ID = "resident_id"
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"
    HK_MACAU_TAIWAN_PERMIT = "hk_macau_taiwan_permit"


@dataclass(frozen=True)
class IdCardRecord:
    """What one tap of a chip card gives. ``valid_until`` None means long-term (长期)."""

    document_type: CardKind
    name: str
    gender: str
    birth_date: date
    id_number: str
    issuer: str
    valid_from: date
    valid_until: date | None
    ethnicity: str = ""
    address: str = ""
    name_en: str = ""
    nationality: str = ""
    card_version: str = ""
    pass_number: str = ""
    issue_count: str = ""
    renewals: str = ""
    previous_number_link: str = ""
    # The photo is WLT-compressed; only the vendor's licensed decoder turns it into a picture.
    photo_wlt: bytes = field(default=b"", repr=False)
    # The photo as a picture (BMP), where the vendor's decoder is installed (or the SDK decodes it itself).
    photo_bmp: bytes = field(default=b"", repr=False)
    fingerprint: bytes = field(default=b"", repr=False)

    def to_json(self) -> dict[str, Any]:
        """The `device read-id --json` object (a contract: extend, never rename)."""
        out: dict[str, Any] = {
            "document_type": self.document_type.value,
            "name": self.name,
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "issuer": self.issuer,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else LONG_TERM,
        }
        if self.document_type is CardKind.FOREIGN_PERMANENT_RESIDENT:
            out |= {"name_en": self.name_en, "nationality": self.nationality, "card_version": self.card_version}
            if self.renewals:
                out["renewals"] = self.renewals
        if self.document_type is CardKind.HK_MACAU_TAIWAN_PERMIT:
            out |= {"pass_number": self.pass_number, "issue_count": self.issue_count}
        out["photo_format"] = "bmp" if self.photo_bmp else "wlt"
        out["photo_bytes"] = len(self.photo_bmp) if self.photo_bmp else len(self.photo_wlt)
        out["has_fingerprint"] = bool(self.fingerprint)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IdCardRecord:
        """The emulator's card files use the same shape as `read-id --json` (plus an optional photo)."""
        until = str(data["valid_until"])
        return cls(
            document_type=CardKind(data["document_type"]),
            name=str(data.get("name", "")),
            gender=str(data["gender"]),
            birth_date=date.fromisoformat(data["birth_date"]),
            id_number=str(data["id_number"]),
            issuer=str(data.get("issuer", "")),
            valid_from=date.fromisoformat(data["valid_from"]),
            valid_until=None if until == LONG_TERM else date.fromisoformat(until),
            ethnicity=str(data.get("ethnicity", "")),
            address=str(data.get("address", "")),
            name_en=str(data.get("name_en", "")),
            nationality=str(data.get("nationality", "")),
            card_version=str(data.get("card_version", "")),
            pass_number=str(data.get("pass_number", "")),
            issue_count=str(data.get("issue_count", "")),
            renewals=str(data.get("renewals", "")),
            photo_wlt=base64.b64decode(data["photo_base64"]) if data.get("photo_base64") else b"",
        )


# (name, offset, size in bytes) per layout.
Layout = tuple[tuple[str, int, int], ...]
_RESIDENT: Layout = (
    ("name", 0, 30),
    ("gender", 30, 2),
    ("ethnicity", 32, 4),
    ("birth_date", 36, 16),
    ("address", 52, 70),
    ("id_number", 122, 36),
    ("issuer", 158, 30),
    ("valid_from", 188, 16),
    ("valid_until", 204, 16),
    ("pass_number", 220, 18),
    ("issue_count", 238, 4),
)
_FOREIGN_2017: Layout = (
    ("name_en", 0, 120),
    ("gender", 120, 2),
    ("id_number", 122, 30),
    ("nationality", 152, 6),
    ("name", 158, 30),
    ("valid_from", 188, 16),
    ("valid_until", 204, 16),
    ("birth_date", 220, 16),
    ("card_version", 236, 4),
    ("issuer", 240, 8),
)
_FOREIGN_2023: Layout = (
    ("name", 0, 30),
    ("gender", 30, 2),
    ("renewals", 32, 4),
    ("birth_date", 36, 16),
    ("name_en", 52, 70),
    ("id_number", 122, 36),
    ("valid_from", 188, 16),
    ("valid_until", 204, 16),
    ("name_en_more", 220, 22),
    ("nationality", 242, 6),
    ("previous_number_link", 250, 6),
)
_LAYOUTS: dict[str, Layout] = {" ": _RESIDENT, "J": _RESIDENT, "I": _FOREIGN_2017, "Y": _FOREIGN_2023}
_FIELD_NAMES = {
    "birth_date": Text("出生日期", "birth date"),
    "valid_from": Text("有效期起始日期", "validity start"),
    "valid_until": Text("有效期截止日期", "validity end"),
    "gender": Text("性别代码", "sex code"),
    "ethnicity": Text("民族代码", "ethnic group code"),
    "id_number": Text("证件号码", "document number"),
}
# The 2023 card carries no issuing office; every one is issued by the National Immigration Administration.
_NIA = "中华人民共和国国家移民管理局"


def _text(block: bytes, offset: int, size: int) -> str:
    return block[offset : offset + size].decode("utf-16-le", errors="replace").replace("\x00", "").strip()


def _date(value: str, name: str) -> date:
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise DeskError("device.id_bad_field", field=_FIELD_NAMES[name], value=value or "（空）") from None


def card_kind_flag(block: bytes) -> str:
    flag = _text(block, _FLAG_OFFSET, 2)
    return flag or " "


def parse_text_block(block: bytes, photo: bytes = b"", fingerprint: bytes = b"") -> IdCardRecord:
    if len(block) != TEXT_SIZE:
        raise DeskError("device.bad_length", length=len(block))
    flag = card_kind_flag(block)
    layout = _LAYOUTS.get(flag)
    if layout is None:
        raise DeskError("device.id_unknown_kind", flag=flag)
    raw = {name: _text(block, offset, size) for name, offset, size in layout}
    gender = GENDERS.get(raw["gender"])
    if gender is None:
        raise DeskError("device.id_bad_field", field=_FIELD_NAMES["gender"], value=raw["gender"])
    until = raw["valid_until"]
    valid_until = None if until == _LONG_TERM_ON_CARD else _date(until, "valid_until")
    common: dict[str, Any] = {
        "name": raw["name"],
        "gender": gender,
        "birth_date": _date(raw["birth_date"], "birth_date"),
        "id_number": raw["id_number"],
        "valid_from": _date(raw["valid_from"], "valid_from"),
        "valid_until": valid_until,
        "photo_wlt": photo,
        "fingerprint": fingerprint,
    }
    if not raw["id_number"]:
        raise DeskError("device.id_bad_field", field=_FIELD_NAMES["id_number"], value="（空）")
    if flag == "I":
        return IdCardRecord(
            CardKind.FOREIGN_PERMANENT_RESIDENT,
            issuer=raw["issuer"],
            name_en=raw["name_en"],
            nationality=raw["nationality"],
            card_version=raw["card_version"],
            **common,
        )
    if flag == "Y":
        return IdCardRecord(
            CardKind.FOREIGN_PERMANENT_RESIDENT,
            issuer=_NIA,
            name_en=(raw["name_en"] + raw["name_en_more"]).strip(),
            nationality=raw["nationality"],
            card_version="2023",
            renewals=raw["renewals"],
            previous_number_link=raw["previous_number_link"],
            **common,
        )
    ethnicity = ""
    if flag == " ":
        ethnicity = ETHNIC_GROUPS.get(raw["ethnicity"], "")
        if not ethnicity:
            raise DeskError("device.id_bad_field", field=_FIELD_NAMES["ethnicity"], value=raw["ethnicity"])
        kind = CardKind.RESIDENT_ID
    else:
        kind = CardKind.HK_MACAU_TAIWAN_PERMIT
    return IdCardRecord(
        kind,
        issuer=raw["issuer"],
        ethnicity=ethnicity,
        address=raw["address"],
        pass_number=raw["pass_number"],
        issue_count=raw["issue_count"],
        **common,
    )


def _put(block: bytearray, offset: int, size: int, value: str) -> None:
    encoded = value.encode("utf-16-le")[:size]
    block[offset : offset + size] = encoded + " ".encode("utf-16-le") * ((size - len(encoded)) // 2)


def encode_text_block(record: IdCardRecord) -> bytes:
    """What the chip holds for this record: used by the emulator, and to test the parser against."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_SIZE // 2))
    until = record.valid_until.strftime("%Y%m%d") if record.valid_until else _LONG_TERM_ON_CARD
    values = {
        "name": record.name,
        "gender": GENDER_CODES.get(record.gender, record.gender),
        "ethnicity": ETHNIC_CODES.get(record.ethnicity, record.ethnicity),
        "birth_date": record.birth_date.strftime("%Y%m%d"),
        "address": record.address,
        "id_number": record.id_number,
        "issuer": record.issuer,
        "valid_from": record.valid_from.strftime("%Y%m%d"),
        "valid_until": until,
        "pass_number": record.pass_number,
        "issue_count": record.issue_count,
        "name_en": record.name_en,
        "nationality": record.nationality,
        "card_version": record.card_version,
        "renewals": record.renewals,
        "previous_number_link": record.previous_number_link,
    }
    layout: Layout
    if record.document_type is CardKind.FOREIGN_PERMANENT_RESIDENT and record.card_version == "2023":
        flag, layout = "Y", _FOREIGN_2023
        values["name_en"], values["name_en_more"] = record.name_en[:35], record.name_en[35:46]
    elif record.document_type is CardKind.FOREIGN_PERMANENT_RESIDENT:
        flag, layout = "I", _FOREIGN_2017
    elif record.document_type is CardKind.HK_MACAU_TAIWAN_PERMIT:
        flag, layout = "J", _RESIDENT
        values["ethnicity"] = ""
    else:
        flag, layout = " ", _RESIDENT
    for name, offset, size in layout:
        _put(block, offset, size, values.get(name, ""))
    _put(block, _FLAG_OFFSET, 2, flag)
    return bytes(block)
