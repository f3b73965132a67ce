"""A device that sends text down a serial line (a barcode scanner, an MRZ reader): open the port, read until
stopped, report the state for the status bar, and reopen the port after it was unplugged."""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial

from desk_app.core.errors import DeskError
from devices.port_errors import PORT_ERRORS
from devices.status import DeviceKind, DeviceState, DeviceStatus


class SerialLineDevice:
    kind: DeviceKind
    # Report every error, not only a change of state (a bad MRZ twice in a row is two things to say).
    report_each_error = False
    # Wait this long before reopening a port that went away mid-read.
    reopen_pause = 0.0
    # Wait this long before trying a port that could not be opened again.
    reconnect_pause = 1.0

    def __init__(
        self, port: str, on_status: Callable[[DeviceStatus], None], *, baudrate: int = 9600, emulated: bool = False
    ) -> None:
        self.where = port
        self.on_status = on_status
        self.baudrate = baudrate
        self.emulated = emulated
        self._state: DeviceState | None = None

    def _report(self, state: DeviceState, error: DeskError | None = None) -> None:
        if state != self._state or (self.report_each_error and error is not None):
            self._state = state
            self.on_status(DeviceStatus(self.kind, state, self.where, error, self.emulated))

    def recover(self) -> None:
        """After a failure the supervisor caught: the next state is reported whatever it was before."""
        self._state = None

    def connected(self) -> None:
        """The port (re)opened: a subclass may start its assembly afresh."""

    def received(self, chunk: bytes) -> None:
        raise NotImplementedError

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                port = serial.Serial(self.where, self.baudrate, timeout=0.05)
            except PORT_ERRORS as err:
                error = DeskError("device.port_unavailable", port=self.where, reason=str(err))
                self._report(DeviceState.DISCONNECTED, error)
                stop.wait(self.reconnect_pause)
                continue
            self._report(DeviceState.CONNECTED)
            self.connected()
            try:
                while not stop.is_set():
                    self.received(port.read(max(1, port.in_waiting)))
            except PORT_ERRORS:
                self._report(DeviceState.DISCONNECTED, DeskError("device.disconnected", port=self.where))
            finally:
                port.close()
            stop.wait(self.reopen_pause)
