"""One tap, one reading: turns a polled reader into card events, and reports the reader's state."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from desk_app.core.errors import DeskError
from devices.idcard.reader import IdReader
from devices.idcard.text_block import IdCardRecord
from devices.status import DeviceKind, DeviceState, DeviceStatus

_GONE = ("device.port_unavailable", "device.disconnected", "device.not_answering")


class TapWatcher:
    """Polls the reader; a card left lying on it is read once, and read again only after it was lifted.

    Some readers stop "finding" a card they have just read even while it lies there, so the same card
    number is also ignored for ``repeat_guard`` seconds after it was last seen.
    """

    def __init__(
        self,
        reader: IdReader,
        on_card: Callable[[IdCardRecord], None],
        on_status: Callable[[DeviceStatus], None] = lambda status: None,
        *,
        poll_interval: float = 0.25,
        removal_polls: int = 2,
        repeat_guard: float = 3.0,
        emulated: bool = False,
        clock: Callable[[], float] = time.monotonic,
        reconnect_pause: float = 1.0,
    ) -> None:
        self.reader = reader
        self.on_card = on_card
        self.on_status = on_status
        self.poll_interval = poll_interval
        self.removal_polls = removal_polls
        self.repeat_guard = repeat_guard
        self.emulated = emulated
        self.clock = clock
        self.reconnect_pause = reconnect_pause
        self._armed = True
        self._absent = 0
        self._last: tuple[str, float] | None = None
        self._state: DeviceState | None = None

    def _report(self, state: DeviceState, error: DeskError | None = None) -> None:
        if state != self._state or error is not None:
            self._state = state
            self.on_status(DeviceStatus(DeviceKind.ID_READER, state, self.reader.where, error, self.emulated))

    def poll_once(self) -> IdCardRecord | None:
        try:
            present = self.reader.card_present()
            if not present:
                self._absent += 1
                if self._absent >= self.removal_polls:
                    self._armed = True
                self._report(DeviceState.CONNECTED)
                return None
            self._absent = 0
            if not self._armed:
                return None
            record = self.reader.read_once()
        except DeskError as err:
            gone = err.code in _GONE
            if gone:
                # Whatever lies on a reader that went away and came back is a new tap (the repeat guard still
                # keeps the same card from being read twice in a row).
                self._armed = True
            self._report(DeviceState.DISCONNECTED if gone else DeviceState.ERROR, err)
            return None
        if record is None:
            return None
        self._armed = False
        now = self.clock()
        if self._last and self._last[0] == record.id_number and now - self._last[1] < self.repeat_guard:
            self._last = (record.id_number, now)
            return None
        self._last = (record.id_number, now)
        self._report(DeviceState.CARD_PRESENT)
        self.on_card(record)
        return record

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.poll_once()
            # After losing the port, do not hammer the system while someone finds the cable.
            gone = self._state == DeviceState.DISCONNECTED
            stop.wait(max(self.reconnect_pause, self.poll_interval) if gone else self.poll_interval)
        self.reader.close()

    def recover(self) -> None:
        """After a failure the supervisor caught: reopen the port, report afresh, wait for a new tap."""
        self.reader.close()
        self._state, self._armed, self._absent = None, True, 0
