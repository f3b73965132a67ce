"""USB ID readers that their vendors expose only through an SDK library, behind the same `IdReader` interface
as the serial reader: the Synjones-style sdtapi family (SDT_*) and the Huashi-style termb family (CVR_*), each
through ctypes — __stdcall DLLs on Windows, cdecl shared objects on Linux. CardDesk ships no vendor binary: the
library's path is a setting (`id_reader_library`), its port a number (1001 for the first USB reader).

Where the vendor's WLT decoder is installed (`wlt_library`: libwlt's `unpack`, WltRS), the card's photo is
decoded to a BMP and the desk keeps it as the reader's photo; termb decodes the photo itself.

What was checked against public headers (names, argument shapes, return codes) and what needs a Windows machine
with a real reader is listed in docs/devices.md.
"""

from __future__ import annotations

import ctypes
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from devices.idcard.frames import Sw3, sw3_reason
from devices.idcard.text_block import PHOTO_SIZE, TEXT_SIZE, CardKind, IdCardRecord, parse_text_block

BACKENDS = ("serial", "sdtapi", "termb")
FIRST_USB_PORT = 1001
BMP_SIZE = 54 + 308 * 126  # the decoded photo: 102 x 126, 24-bit, rows padded to 308 bytes (38,862)
# sdtapi's transport codes below the SAM's own status words (SW3).
_PORT_NOT_OPEN, _NO_ANSWER, _TRANSFER_ERROR, _PORT_UNUSABLE = 0x01, 0x02, 0x03, 0x05


def load_library(path: str) -> Any:
    """The vendor's library: __stdcall on Windows (WinDLL), cdecl elsewhere. Missing or not loadable: said."""
    if not path:
        raise DeskError("device.sdk_missing", path="", reason=Text("设置中没有填写库文件", "no library is set"))
    try:
        if sys.platform == "win32":
            return ctypes.WinDLL(path)  # type: ignore[attr-defined]
        return ctypes.CDLL(path)
    except OSError as err:
        raise DeskError("device.sdk_missing", path=path, reason=str(err).splitlines()[0]) from None


def _function(library: Any, name: str, args: list[Any], path: str) -> Any:
    try:
        found = getattr(library, name)
    except AttributeError:
        raise DeskError("device.sdk_not_this_family", path=path, function=name) from None
    found.argtypes = args
    found.restype = ctypes.c_int
    return found


class WltDecoder:
    """The vendor's photo decoder: unpack(src, dst, bmpSave) -> 1, dst the 102 x 126 BMP."""

    def __init__(self, path: str) -> None:
        self.path = path
        library = load_library(path)
        self._unpack = _function(library, "unpack", [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int], path)

    def decode(self, wlt: bytes) -> bytes:
        if len(wlt) != PHOTO_SIZE:
            return b""
        out = ctypes.create_string_buffer(BMP_SIZE)
        if self._unpack(wlt, out, 0) != 1:
            return b""  # an unlicensed or failing decoder: the desk asks for the camera as before
        return out.raw


def with_photo(record: IdCardRecord, decoder: WltDecoder | None) -> IdCardRecord:
    if decoder is None or not record.photo_wlt:
        return record
    from dataclasses import replace

    return replace(record, photo_bmp=decoder.decode(record.photo_wlt))


class SdtapiReader:
    """SDT_OpenPort / SDT_StartFindIDCard / SDT_SelectIDCard / SDT_ReadBaseMsg, the 256-byte text block and
    1,024-byte WLT photo as the serial reader gives them."""

    def __init__(self, library: str, port: int = FIRST_USB_PORT, decoder: WltDecoder | None = None) -> None:
        self.where = f"sdtapi:{port}"
        self.port = port
        self.library_path = library
        self.decoder = decoder
        lib = load_library(library)
        c_int, buf = ctypes.c_int, ctypes.c_char_p
        uint_p = ctypes.POINTER(ctypes.c_uint)
        self._open_port = _function(lib, "SDT_OpenPort", [c_int], library)
        self._close_port = _function(lib, "SDT_ClosePort", [c_int], library)
        self._find = _function(lib, "SDT_StartFindIDCard", [c_int, buf, c_int], library)
        self._select = _function(lib, "SDT_SelectIDCard", [c_int, buf, c_int], library)
        self._read = _function(lib, "SDT_ReadBaseMsg", [c_int, buf, uint_p, buf, uint_p, c_int], library)
        self._sam_id = _function(lib, "SDT_GetSAMIDToStr", [c_int, buf, c_int], library)
        self._opened = False

    def _ensure_open(self) -> None:
        if self._opened:
            return
        code = self._open_port(self.port)
        if code != Sw3.OK:
            raise DeskError("device.port_unavailable", port=self.where, reason=_said(code))
        self._opened = True

    def _check(self, code: int) -> None:
        """A transport failure drops the port (reopened at the next call); a SAM status is said as such."""
        if code in (_PORT_NOT_OPEN, _PORT_UNUSABLE):
            self.close()
            raise DeskError("device.disconnected", port=self.where)
        if code in (_NO_ANSWER, _TRANSFER_ERROR):
            self.close()
            raise DeskError("device.not_answering", seconds="1", port=self.where)
        raise DeskError("device.reader_status", reason=sw3_reason(code))

    def close(self) -> None:
        if self._opened:
            self._close_port(self.port)
            self._opened = False

    def card_present(self) -> bool:
        self._ensure_open()
        code = self._find(self.port, ctypes.create_string_buffer(8), 0)
        if code == Sw3.CARD_FOUND:
            return True
        if code == Sw3.NO_CARD:
            return False
        self._check(code)
        return False

    def sam_id(self) -> str:
        self._ensure_open()
        out = ctypes.create_string_buffer(128)
        code = self._sam_id(self.port, out, 0)
        if code != Sw3.OK:
            self._check(code)
        return out.value.decode("ascii", errors="replace")

    def read_once(self, fingerprint: bool = False) -> IdCardRecord | None:
        if not self.card_present():
            return None
        code = self._select(self.port, ctypes.create_string_buffer(8), 0)
        if code == Sw3.NO_CARD:
            return None
        if code == Sw3.SELECT_FAILED:
            raise DeskError("device.select_failed")
        if code != Sw3.OK:
            self._check(code)
        text, photo = ctypes.create_string_buffer(TEXT_SIZE + 16), ctypes.create_string_buffer(PHOTO_SIZE + 16)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        code = self._read(self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0)
        if code != Sw3.OK:
            self._check(code)
        if text_len.value != TEXT_SIZE:
            raise DeskError("device.bad_length", length=text_len.value)
        record = parse_text_block(text.raw[:TEXT_SIZE], photo.raw[: photo_len.value])
        return with_photo(record, self.decoder)


# termb's answers.
_CVR_DONE = 1
_CVR_NO_CARD, _CVR_SELECT_FAILED, _CVR_NOT_CONNECTED = 2, 3, 4
_READ_TEXT_AND_PHOTO = 4
# termb's certificate type: blank the resident ID card, J the HK/Macau/Taiwan residence permit, I/Y the foreign
# permanent residence card; the termb backend reads the resident ID card (its getters name no permit fields).
_RESIDENT_TYPES = ("", " ", "0")


class TermbReader:
    """CVR_InitComm / CVR_Authenticate / CVR_Read_Content and the field getters (GBK text), the photo already
    decoded by the library (GetBMPData)."""

    def __init__(self, library: str, port: int = FIRST_USB_PORT, encoding: str = "gbk") -> None:
        self.where = f"termb:{port}"
        self.port = port
        self.library_path = library
        self.encoding = encoding
        lib = load_library(library)
        c_int, buf, int_p = ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)
        self._init = _function(lib, "CVR_InitComm", [c_int], library)
        self._close = _function(lib, "CVR_CloseComm", [], library)
        self._authenticate = _function(lib, "CVR_Authenticate", [], library)
        self._read = _function(lib, "CVR_Read_Content", [c_int], library)
        self._sam_id = _function(lib, "CVR_GetSAMID", [buf], library)
        names = ("GetCertType", "GetPeopleName", "GetPeopleSex", "GetPeopleNation", "GetPeopleBirthday",
                 "GetPeopleAddress", "GetPeopleIDCode", "GetDepartment", "GetStartDate", "GetEndDate",
                 "GetBMPData")  # fmt: skip
        self._getters = {name: _function(lib, name, [buf, int_p], library) for name in names}
        self._opened = False

    def _ensure_open(self) -> None:
        if self._opened:
            return
        code = self._init(self.port)
        if code != _CVR_DONE:
            raise DeskError("device.port_unavailable", port=self.where, reason=f"CVR_InitComm {code}")
        self._opened = True

    def close(self) -> None:
        if self._opened:
            self._close()
            self._opened = False

    def _authenticated(self) -> bool:
        self._ensure_open()
        code = self._authenticate()
        if code == _CVR_DONE:
            return True
        if code == _CVR_NO_CARD:
            return False
        if code == _CVR_SELECT_FAILED:
            raise DeskError("device.select_failed")
        if code == _CVR_NOT_CONNECTED:
            self.close()
            raise DeskError("device.disconnected", port=self.where)
        raise DeskError("device.reader_status", reason=sw3_reason(Sw3.UNKNOWN_ERROR))

    def card_present(self) -> bool:
        return self._authenticated()

    def sam_id(self) -> str:
        self._ensure_open()
        out = ctypes.create_string_buffer(128)
        if self._sam_id(out) != _CVR_DONE:
            raise DeskError("device.reader_status", reason=sw3_reason(Sw3.SAM_SELF_TEST_FAILED))
        return out.value.decode("ascii", errors="replace")

    def _get(self, name: str, size: int = 512) -> bytes:
        out, length = ctypes.create_string_buffer(size), ctypes.c_int(size)
        if self._getters[name](out, ctypes.byref(length)) != _CVR_DONE:
            raise DeskError("device.truncated")
        return out.raw[: max(0, min(length.value, size))]

    def _text(self, name: str) -> str:
        return self._get(name).decode(self.encoding, errors="replace").replace("\x00", "").strip()

    def read_once(self, fingerprint: bool = False) -> IdCardRecord | None:
        if not self._authenticated():
            return None
        if self._read(_READ_TEXT_AND_PHOTO) != _CVR_DONE:
            raise DeskError("device.reader_status", reason=sw3_reason(Sw3.READ_FAILED))
        kind = self._text("GetCertType")
        if kind not in _RESIDENT_TYPES:
            raise DeskError("device.sdk_kind_unsupported", kind=kind, backend="termb")
        until = self._text("GetEndDate")
        return IdCardRecord(
            CardKind.RESIDENT_ID,
            name=self._text("GetPeopleName"),
            gender=self._text("GetPeopleSex"),
            ethnicity=self._text("GetPeopleNation"),
            birth_date=_day(self._text("GetPeopleBirthday")),
            address=self._text("GetPeopleAddress"),
            id_number=self._text("GetPeopleIDCode"),
            issuer=self._text("GetDepartment"),
            valid_from=_day(self._text("GetStartDate")),
            valid_until=None if until in ("长期", "") else _day(until),
            photo_bmp=self._get("GetBMPData", BMP_SIZE + 64),
        )


def _day(value: str) -> date:
    digits = value.replace("-", "").replace(".", "")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise DeskError("device.id_bad_field", field="date", value=value or "（空）") from None


def _said(code: int) -> Text:
    return sw3_reason(code) if code >= 0x10 else Text(f"端口错误 0x{code:02X}", f"port error 0x{code:02X}")


def open_id_reader(settings: dict[str, Any]) -> Any:
    """The reader the desk's settings name: `id_reader_backend` serial (a port path) or an SDK family with its
    library and port number; `wlt_library` the photo decoder, if the library's IT installed one."""
    from devices.idcard.reader import SerialIdReader

    backend = str(settings.get("id_reader_backend") or "serial")
    decoder = WltDecoder(str(settings["wlt_library"])) if settings.get("wlt_library") else None
    if backend == "serial":
        reader = SerialIdReader(str(settings.get("id_reader_port") or ""))
        reader.decoder = decoder
        return reader
    port = int(settings.get("id_reader_port") or FIRST_USB_PORT)
    library = str(settings.get("id_reader_library") or "")
    if backend == "sdtapi":
        return SdtapiReader(library, port, decoder)
    if backend == "termb":
        return TermbReader(library, port)
    raise DeskError("device.sdk_unknown_backend", backend=backend, choices=", ".join(BACKENDS))


# Where vendors' installers put their Linux libraries, and the names they use; the set-up probes these.
KNOWN_LIBRARIES = {
    "sdtapi": ("libsdtapi.so", "sdtapi.dll", "Sdtapi.dll"),
    "termb": ("libtermb.so", "termb.dll", "Termb.dll"),
    "wlt": ("libwlt.so", "libwltrs.so", "WltRS.dll"),
}
SEARCH_DIRS = ("/usr/lib", "/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/opt/idcard/lib", "C:\\Windows\\System32")


def installed_libraries(extra: list[str] | None = None) -> dict[str, list[str]]:
    """The SDK libraries found on this machine (and in `extra` folders, e.g. CARDDESK_SDK_PATH), by family."""
    folders = [*(extra or []), *os.environ.get("CARDDESK_SDK_PATH", "").split(os.pathsep), *SEARCH_DIRS]
    found: dict[str, list[str]] = {family: [] for family in KNOWN_LIBRARIES}
    for folder in (Path(f) for f in folders if f):
        for family, names in KNOWN_LIBRARIES.items():
            for name in names:
                candidate = folder / name
                if candidate.is_file() and str(candidate) not in found[family]:
                    found[family].append(str(candidate))
    return found


def probe(family: str, library: str, ports: range = range(FIRST_USB_PORT, FIRST_USB_PORT + 16)) -> int | None:
    """The first port on which the family's library answers (its reader is plugged in), else None."""
    for port in ports:
        reader: SdtapiReader | TermbReader
        try:
            reader = SdtapiReader(library, port) if family == "sdtapi" else TermbReader(library, port)
            reader.card_present()
        except DeskError:
            continue
        reader.close()
        return port
    return None
