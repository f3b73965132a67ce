"""Passport and travel-document readers that hand over the machine-readable zone as text.

The MRZ is checked with the `mrz` package (ICAO 9303 check digits); a reading with a wrong check digit is
refused rather than half-trusted, so the person scans again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from devices.serial_line import SerialLineDevice
from devices.status import DeviceKind, DeviceState, DeviceStatus

# (line count, line length) -> (format name, checker)
_FORMATS: dict[tuple[int, int], tuple[str, Any]] = {
    (3, 30): ("TD1", TD1CodeChecker),
    (2, 36): ("TD2", TD2CodeChecker),
    (2, 44): ("TD3", TD3CodeChecker),
}
# The mrz package reports "false <field>", "false <field> hash" or "false <field> format".
_FIELD_NAMES = {
    "document type": Text("证件类型", "document type"),
    "valid country code": Text("签发国", "issuing state"),
    "identifier": Text("姓名", "name"),
    "document number": Text("证件号码", "document number"),
    "valid nationality code": Text("国籍", "nationality"),
    "birth date": Text("出生日期", "birth date"),
    "valid genre": Text("性别", "sex"),
    "expiry date": Text("有效期", "expiry date"),
    "optional data": Text("可选数据", "optional data"),
    "optional data 2": Text("可选数据", "optional data"),
    "final": Text("总校验位", "final check digit"),
}
# The mainland's exit-entry permits carry zones of their own, not ICAO's TD1/TD2/TD3: one line of 30 opening
# with "CS" (往来港澳通行证), or three lines of 30 whose document code opens with C and whose issuer is CHN (the
# cards for Hong Kong, Macau and Taiwan residents). Their layouts are not published whole, so the desk asks
# for the details to be typed rather than guess at them.
_MAINLAND_ONE_LINE = re.compile(r"C[A-Z][A-Z0-9<]{28}")
_MAINLAND_CARD = re.compile(r"C[A-Z<]CHN[A-Z0-9<]{25}")


def _is_mainland_permit(lines: list[str]) -> bool:
    if len(lines) == 1:
        return bool(_MAINLAND_ONE_LINE.fullmatch(lines[0]))
    return len(lines) == 3 and bool(_MAINLAND_CARD.fullmatch(lines[0]))


def _failed_fields(errors: list[str]) -> list[Text]:
    names: list[Text] = []
    for error in errors:
        field = error.removeprefix("false ").removesuffix(" hash").removesuffix(" format")
        name = _FIELD_NAMES.get(field)
        if name is None:
            return []
        if name not in names:
            names.append(name)
    # A field's own check digit failing also fails the final one: name the field, not both.
    final = _FIELD_NAMES["final"]
    return [n for n in names if n != final] or names


@dataclass(frozen=True)
class MrzRecord:
    format: str
    document_type: str
    issuing_country: str
    document_number: str
    surname: str
    given_names: str
    nationality: str
    birth_date: date
    sex: str
    expiry_date: date
    optional_data: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["birth_date"] = self.birth_date.isoformat()
        data["expiry_date"] = self.expiry_date.isoformat()
        return data


EXPIRY_YEARS_AHEAD = 20


def _yymmdd(value: str, *, future: bool, today: date) -> date:
    """Two-digit years: a birth date is never in the future; an expiry date is at most 20 years ahead (no
    travel document is issued for longer), so 940623 expired in 1994 and is not read as 2094."""
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:6])
    year = today.year // 100 * 100 + yy
    latest = today.year + EXPIRY_YEARS_AHEAD if future else today.year
    if year > latest:
        year -= 100
    elif year <= latest - 100:
        year += 100
    return date(year, mm, dd)


def parse_mrz(text: str, today: date | None = None) -> MrzRecord:
    lines = [line.strip().replace(" ", "").upper() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    shape = (len(lines), len(lines[0]) if lines else 0)
    if _is_mainland_permit(lines):
        raise DeskError("device.mrz_mainland_permit")
    if shape not in _FORMATS or any(len(line) != shape[1] for line in lines):
        raise DeskError("device.mrz_unreadable")
    name, checker_class = _FORMATS[shape]
    checker = checker_class("\n".join(lines))
    if not checker:
        failed = _failed_fields([str(e) for e in checker.report.errors])
        if not failed:
            raise DeskError("device.mrz_unreadable")
        names = Text("、".join(t.zh for t in failed), ", ".join(t.en for t in failed))
        raise DeskError("device.mrz_check_digit", fields=names)
    f = checker.fields()
    today = today or datetime.now(UTC).date()
    try:
        birth = _yymmdd(f.birth_date, future=False, today=today)
        expiry = _yymmdd(f.expiry_date, future=True, today=today)
    except ValueError:
        raise DeskError("device.mrz_unreadable") from None
    return MrzRecord(
        format=name,
        document_type=f.document_type,
        issuing_country=f.country,
        document_number=f.document_number,
        surname=f.surname,
        given_names=f.name,
        nationality=f.nationality,
        birth_date=birth,
        sex=f.sex,
        expiry_date=expiry,
        optional_data=f.optional_data,
    )


class MrzAssembler:
    """Serial text into whole MRZs: lines end with CR or LF; an empty line or a complete shape ends one."""

    def __init__(self) -> None:
        self._partial = ""
        self._lines: list[str] = []

    def feed(self, data: bytes) -> list[str]:
        out: list[str] = []
        self._partial += data.decode("ascii", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            line = line.strip()
            if line:
                self._lines.append(line)
            complete = (len(self._lines), len(self._lines[0])) in {(3, 30), (2, 36), (2, 44)} if self._lines else False
            if (not line or complete) and self._lines:
                out.append("\n".join(self._lines))
                self._lines = []
        return out


class MrzWedgeCollector:
    """An MRZ reader working as a keyboard wedge types each line and Enter: the wedge filter hands each line
    here, and the document comes out once its lines are all in."""

    def __init__(self, today: date | None = None) -> None:
        self._assembler = MrzAssembler()
        self.today = today

    @staticmethod
    def looks_like_mrz(line: str) -> bool:
        return len(line) in (30, 36, 44) and "<" in line and line == line.upper()

    def add_line(self, line: str) -> MrzRecord | None:
        texts = self._assembler.feed(line.encode("ascii", errors="replace") + b"\n")
        return parse_mrz(texts[0], self.today) if texts else None


class SerialMrzReader(SerialLineDevice):
    kind = DeviceKind.MRZ_READER
    report_each_error = True
    reopen_pause = 0.1

    def __init__(
        self,
        port: str,
        on_document: Callable[[MrzRecord], None],
        on_status: Callable[[DeviceStatus], None] = lambda status: None,
        *,
        baudrate: int = 9600,
        emulated: bool = False,
    ) -> None:
        super().__init__(port, on_status, baudrate=baudrate, emulated=emulated)
        self.on_document = on_document
        self._assembler = MrzAssembler()

    def connected(self) -> None:
        self._assembler = MrzAssembler()

    def received(self, chunk: bytes) -> None:
        for text in self._assembler.feed(chunk):
            try:
                self.on_document(parse_mrz(text))
                self._report(DeviceState.CONNECTED)
            except DeskError as err:
                self._report(DeviceState.ERROR, err)
