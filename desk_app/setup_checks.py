"""The first-run set-up's checks, each run as its value is entered (Qt-free; the wizard runs them off the
UI thread). Each raises DeskError with what to fix, or returns what it found."""

from __future__ import annotations

import re
from pathlib import Path

from desk_app.core.errors import DeskError
from desk_app.core.policy import PROFILE_NAMES, load_profile
from printing.printers import PrintFailedError, list_printers

_DESK_CODE = re.compile(r"[A-Z0-9]{1,8}")


def check_place(profile: str, branch: str, desk: str) -> str:
    """The branch's name, once profile, branch and desk code are all right."""
    if profile not in PROFILE_NAMES:
        raise DeskError("profile.unknown", name=profile, choices=", ".join(PROFILE_NAMES))
    loaded = load_profile(profile)
    match = next((b for b in loaded.branches if b.code == branch), None)
    if match is None:
        raise DeskError("setup.unknown_branch", profile=profile, code=branch or "—")
    if not _DESK_CODE.fullmatch(desk):
        raise DeskError("setup.desk_code", code=desk or "—")
    return match.name


def check_union(url: str, ca_file: str = "") -> str:
    """The union service answers at this address over TLS checked with the library's CA; returns its name.
    An empty address means this desk works on its own (no union)."""
    if not url:
        return ""
    from desk_app.union_client import UnionClient

    if ca_file and not Path(ca_file).is_file():
        raise DeskError("setup.ca_file", path=ca_file)
    answer = UnionClient(url, ca_file=ca_file or None).health()
    return str(answer.get("union") or url)


def check_printer(printer: str, server: str | None = None) -> str:
    """ "" means "make the PDF only"; any other name must be a printer the system knows."""
    if not printer:
        return ""
    try:
        known = list_printers(server)
    except PrintFailedError as err:
        raise DeskError("setup.unknown_printer", printer=printer, choices=str(err)) from None
    if printer not in known:
        raise DeskError("setup.unknown_printer", printer=printer, choices=", ".join(known) or "—")
    return printer


def check_id_reader(port: str) -> str:
    """Opens the port and asks the SAM for its status: a scanner or a modem on that port fails here."""
    if not port:
        return ""
    from devices.idcard.reader import SerialIdReader

    reader = SerialIdReader(port, answer_timeout=1.0)
    try:
        reader.sam_status()
    except DeskError as err:
        if err.code == "device.port_unavailable":
            raise
        raise DeskError("setup.not_an_id_reader", port=port, reason=err) from None
    finally:
        reader.close()
    return port


def check_sdk_reader(family: str, library: str, port: str) -> str:
    """Loads the vendor's library and asks the reader on that port whether a card lies on it: a reader that
    answers (with or without a card) is the one."""
    from devices.idcard.sdk_readers import SdtapiReader, TermbReader

    number = int(port or "1001")
    reader = SdtapiReader(library, number) if family == "sdtapi" else TermbReader(library, number)
    try:
        reader.card_present()
    finally:
        reader.close()
    return reader.where


def check_serial_port(port: str) -> str:
    if not port:
        return ""
    import serial

    try:
        serial.Serial(port, 9600, timeout=0.1).close()
    except (serial.SerialException, OSError) as err:
        raise DeskError("device.port_unavailable", port=port, reason=str(err)) from None
    return port
