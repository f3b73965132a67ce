"""PC/SC card readers (pyscard): the chip UID of a library card, insertion and removal, and recovery
when the reader or the PC/SC service goes away and comes back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from smartcard import scard

from desk_app.core.errors import DeskError
from devices.status import DeviceKind, DeviceState, DeviceStatus

GET_UID = [0xFF, 0xCA, 0x00, 0x00, 0x00]
# The social security card's public application (人社部 社会保障卡规范): DDF1 named "sx1.sh.社会保障", whose EF05
# (card information) holds the card number in record 07 as TLV 07 09 <9 characters>.
SOCIAL_SECURITY_AID = b"sx1.sh." + "社会保障".encode("gbk")
SELECT_SOCIAL_SECURITY = [0x00, 0xA4, 0x04, 0x00, len(SOCIAL_SECURITY_AID), *SOCIAL_SECURITY_AID]
SELECT_CARD_INFORMATION = [0x00, 0xA4, 0x02, 0x00, 0x02, 0xEF, 0x05]
READ_CARD_NUMBER = [0x00, 0xB2, 0x07, 0x04, 0x00]
_CARD_NUMBER_TAG = 0x07
_SERVICE_GONE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE}
_READER_GONE = {scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_NO_READERS_AVAILABLE}


def _why(code: int) -> str:
    return str(scard.SCardGetErrorMessage(code)).strip()


class PcscSession:
    """One PC/SC context. Every call raises DeskError with the reason a person can act on."""

    def __init__(self) -> None:
        code, self._context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if code != scard.SCARD_S_SUCCESS:
            raise DeskError("device.pcsc_service", reason=_why(code))

    def close(self) -> None:
        scard.SCardReleaseContext(self._context)

    def __enter__(self) -> PcscSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def readers(self) -> list[str]:
        code, readers = scard.SCardListReaders(self._context, [])
        if code in _SERVICE_GONE:
            raise DeskError("device.pcsc_service", reason=_why(code))
        if code != scard.SCARD_S_SUCCESS:
            return []
        return list(readers)

    def pick(self, wanted: str | None) -> str:
        readers = self.readers()
        for reader in readers:
            if wanted is None or reader == wanted or reader.startswith(wanted):
                return reader
        raise DeskError("device.pcsc_no_reader", reader=wanted or "PC/SC")

    def read_uid(self, reader: str) -> str:
        code, card, protocol = scard.SCardConnect(
            self._context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if code in (scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD):
            raise DeskError("device.pcsc_no_card", reader=reader)
        if code in _SERVICE_GONE:
            raise DeskError("device.pcsc_service", reason=_why(code))
        if code in _READER_GONE:
            raise DeskError("device.pcsc_no_reader", reader=reader)
        if code != scard.SCARD_S_SUCCESS:
            raise DeskError("device.pcsc_card_error", reader=reader, reason=_why(code))
        try:
            code, response = scard.SCardTransmit(card, protocol, GET_UID)
            if code != scard.SCARD_S_SUCCESS:
                raise DeskError("device.pcsc_card_error", reader=reader, reason=_why(code))
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        if len(response) < 2 or response[-2:] != [0x90, 0x00]:
            sw = " ".join(f"{b:02X}" for b in response[-2:]) or "—"
            raise DeskError("device.pcsc_status", sw=sw)
        return bytes(response[:-2]).hex().upper()

    def read_social_security(self, reader: str) -> str | None:
        """The social security card's number, or None when the card has no such application (a library card)."""
        code, card, protocol = scard.SCardConnect(
            self._context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if code != scard.SCARD_S_SUCCESS:
            return None  # read_uid says why, if the card is unreadable at all
        try:
            answers = []
            for apdu in (SELECT_SOCIAL_SECURITY, SELECT_CARD_INFORMATION, READ_CARD_NUMBER):
                code, response = scard.SCardTransmit(card, protocol, apdu)
                if code != scard.SCARD_S_SUCCESS or response[-2:] != [0x90, 0x00]:
                    return None
                answers.append(bytes(response[:-2]))
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        record = answers[-1]
        if len(record) < 2 or record[0] != _CARD_NUMBER_TAG or len(record) < 2 + record[1]:
            raise DeskError("device.pcsc_status", sw="TLV")
        return record[2 : 2 + record[1]].decode("ascii", errors="replace").strip()

    def wait_change(self, reader: str, known: int, timeout_ms: int) -> tuple[int, int]:
        """(result code, new state) after the reader's state differs from ``known`` or the timeout."""
        code, states = scard.SCardGetStatusChange(self._context, timeout_ms, [(reader, known)])
        if code != scard.SCARD_S_SUCCESS:
            return code, known
        return code, int(states[0][1])


def read_uid(reader: str | None = None) -> tuple[str, str]:
    """(reader name, UID in hex) of the card on the reader, for `carddesk device read-uid`."""
    with PcscSession() as session:
        name = session.pick(reader)
        return name, session.read_uid(name)


class ChipWatcher:
    """Watches one reader (the first, unless named) and reports cards laid on it and taken away."""

    kind = DeviceKind.CHIP_READER

    def __init__(
        self,
        on_card: Callable[[str], None],
        on_removed: Callable[[], None] = lambda: None,
        on_status: Callable[[DeviceStatus], None] = lambda status: None,
        *,
        reader: str | None = None,
        wait_ms: int = 300,
        emulated: bool = False,
        reconnect_pause: float = 1.0,
        on_social_security: Callable[[str], None] | None = None,
    ) -> None:
        self.wanted = reader
        self.on_social_security = on_social_security
        self.on_card = on_card
        self.on_removed = on_removed
        self.on_status = on_status
        self.wait_ms = wait_ms
        self.emulated = emulated
        self.reconnect_pause = reconnect_pause
        self._state: tuple[DeviceState, str] | None = None

    def recover(self) -> None:
        self._state = None

    def _report(self, state: DeviceState, where: str, error: DeskError | None = None) -> None:
        if (state, where) != self._state:
            self._state = (state, where)
            self.on_status(DeviceStatus(self.kind, state, where, error, self.emulated))

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                session = PcscSession()
            except DeskError as err:
                self._report(DeviceState.DISCONNECTED, "PC/SC", err)
                stop.wait(self.reconnect_pause)
                continue
            try:
                self._watch(session, stop)
            except DeskError as err:
                self._report(DeviceState.DISCONNECTED, self.wanted or "PC/SC", err)
                stop.wait(self.reconnect_pause / 2)
            finally:
                session.close()

    def _watch(self, session: PcscSession, stop: threading.Event) -> None:
        reader = session.pick(self.wanted)
        known, present = scard.SCARD_STATE_UNAWARE, False
        self._report(DeviceState.CONNECTED, reader)
        while not stop.is_set():
            code, state = session.wait_change(reader, known, self.wait_ms)
            if code == scard.SCARD_E_TIMEOUT:
                continue
            if code in _SERVICE_GONE:
                raise DeskError("device.pcsc_service", reason=_why(code))
            if code != scard.SCARD_S_SUCCESS or state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                raise DeskError("device.pcsc_no_reader", reader=reader)
            known = state & ~scard.SCARD_STATE_CHANGED
            now_present = bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE
            if now_present and not present:
                number = session.read_social_security(reader) if self.on_social_security else None
                if number and self.on_social_security is not None:
                    # A social security card: its number, for the path that takes it (a contact card has no UID).
                    self._report(DeviceState.CARD_PRESENT, reader)
                    self.on_social_security(number)
                    present = True
                    continue
                try:
                    uid = session.read_uid(reader)
                except DeskError as err:
                    if err.code in ("device.pcsc_service", "device.pcsc_no_reader"):
                        raise
                    self._report(DeviceState.ERROR, reader, err)
                    present = True
                    continue
                self._report(DeviceState.CARD_PRESENT, reader)
                self.on_card(uid)
            elif present and not now_present:
                self._report(DeviceState.CONNECTED, reader)
                self.on_removed()
            present = now_present


def pcsc_readers() -> list[str]:
    try:
        with PcscSession() as session:
            return session.readers()
    except DeskError:
        return []


__all__: list[Any] = ["ChipWatcher", "PcscSession", "pcsc_readers", "read_uid"]
