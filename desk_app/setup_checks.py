"""The first-run set-up's checks, each run as its value is entered (Qt-free; the wizard runs them off the
UI thread). Each raises DeskError with what to fix, or returns what it found."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

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


def central_url(url: str, user: str, ca_file: str = "") -> URL:
    """The SQLAlchemy URL for this desk's role; TLS with the library's CA when a CA file is given."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DeskError("setup.central_url", url=url) from None
    if parsed.get_backend_name() != "postgresql" or not parsed.host or not parsed.database:
        raise DeskError("setup.central_url", url=url)
    parsed = parsed.set(drivername="postgresql+psycopg", username=user or parsed.username, password=None)
    if ca_file:
        if not Path(ca_file).is_file():
            raise DeskError("setup.ca_file", path=ca_file)
        parsed = parsed.update_query_dict({"sslmode": "verify-full", "sslrootcert": ca_file})
    return parsed


def check_central(url: str, user: str, password: str, ca_file: str = "", timeout: int = 5) -> str:
    """Logs in once; returns the server's version. An empty address means this desk works offline only."""
    if not url:
        return ""
    import psycopg
    from psycopg.conninfo import make_conninfo

    target = central_url(url, user, ca_file)
    params = {k: v for k, v in target.query.items() if isinstance(v, str)}
    conninfo = make_conninfo(
        host=target.host, port=target.port or 5432, dbname=target.database, user=target.username, **params
    )
    try:
        with psycopg.connect(conninfo, password=password, connect_timeout=timeout) as connection:
            return str(connection.info.server_version)
    except psycopg.Error as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise DeskError("setup.central_unreachable", reason=reason) from None


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


def check_serial_port(port: str) -> str:
    if not port:
        return ""
    import serial

    try:
        serial.Serial(port, 9600, timeout=0.1).close()
    except (serial.SerialException, OSError) as err:
        raise DeskError("device.port_unavailable", port=port, reason=str(err)) from None
    return port
