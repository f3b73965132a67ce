"""Barcode scanners: serial ones (a prefix, the code, a suffix) and keyboard-wedge ones told from typing.

Both turn bytes or key presses into whole scans. The wedge logic here is Qt-free; the Qt event filter in
desk_app/ui only feeds it key presses with their times and acts on what it answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.serial_line import SerialLineDevice
from devices.status import DeviceKind, DeviceStatus

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t", "none": b""}


@dataclass
class ScanAssembler:
    """Serial bytes into scans. With no suffix, a pause of ``idle_gap`` seconds ends a scan."""

    suffix: bytes = b"\r"
    prefix: bytes = b""
    idle_gap: float = 0.1
    max_length: int = 512
    _buffer: bytearray = field(default_factory=bytearray)
    _last: float = 0.0

    def feed(self, data: bytes, now: float) -> list[str]:
        scans = self.flush_idle(now) if data else []
        self._buffer += data
        if data:
            self._last = now
        if not self.suffix:
            return scans
        while True:
            end = self._buffer.find(self.suffix)
            if end < 0:
                break
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + len(self.suffix)]
            code = self._finish(raw)
            if code:
                scans.append(code)
        if len(self._buffer) > self.max_length:  # a scanner set to another suffix: do not grow forever
            self._buffer.clear()
        return scans

    def flush_idle(self, now: float) -> list[str]:
        """A scan left without its suffix for longer than the gap: without a suffix it is whole, with one
        it was cut off (a dropped byte) and is discarded rather than guessed at."""
        if not self._buffer or now - self._last < self.idle_gap:
            return []
        raw = bytes(self._buffer)
        self._buffer.clear()
        if self.suffix:
            return []
        code = self._finish(raw)
        return [code] if code else []

    def _finish(self, raw: bytes) -> str:
        # CRLF scanners configured as CR leave a stray LF at the start of the next scan.
        raw = raw.strip(b"\r\n")
        if self.prefix:
            if not raw.startswith(self.prefix):
                return ""
            raw = raw[len(self.prefix) :]
        return raw.decode("utf-8", errors="replace").strip()


class SerialScanner(SerialLineDevice):
    """Reads scans from a serial scanner until stopped; reopens the port after it was unplugged."""

    kind = DeviceKind.SCANNER

    def __init__(
        self,
        port: str,
        on_scan: Callable[[str], None],
        on_status: Callable[[DeviceStatus], None] = lambda status: None,
        *,
        suffix: bytes = b"\r",
        prefix: bytes = b"",
        baudrate: int = 9600,
        emulated: bool = False,
    ) -> None:
        super().__init__(port, on_status, baudrate=baudrate, emulated=emulated)
        self.on_scan = on_scan
        self.assembler = ScanAssembler(suffix, prefix)

    def received(self, chunk: bytes) -> None:
        for code in self.assembler.feed(chunk, time.monotonic()):
            self.on_scan(code)


@dataclass(frozen=True)
class Hold:
    """Keep the key back for now (it may be the start of a scan)."""


@dataclass(frozen=True)
class Replay:
    """It was typing: give these keys to the focused field, in order."""

    keys: str


@dataclass(frozen=True)
class Scan:
    code: str


WedgeAction = Hold | Replay | Scan


@dataclass
class WedgeDetector:
    """Tells a keyboard-wedge scanner from a person typing, by more than speed.

    A scanner sends a burst: every key within ``max_gap`` seconds of the one before (measured on the key
    events' own timestamps, never on when a busy desk got round to them), at least ``min_length`` and at
    most ``max_length`` characters, then its suffix; where the scanner is set to send them, the configured
    ``prefix`` or an AIM symbology identifier ("]" + code letter + modifier, ``aim``) must open the burst
    and is stripped. Keys are held back while they could still be such a burst; once a gap is too long
    (``tick``), or the suffix comes too early, they are replayed as typing. A person therefore sees each key
    at most ``max_gap`` late, and never loses one.
    """

    max_gap: float = 0.035
    min_length: int = 4
    max_length: int = 64
    suffix: str = "\r"
    prefix: str = ""
    aim: bool = False
    _held: str = ""
    _last: float = 0.0

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def key(self, text: str, now: float) -> list[WedgeAction]:
        out: list[WedgeAction] = []
        if self._held and now - self._last > self.max_gap:
            out.append(Replay(self._held))
            self._held = ""
        if text == self.suffix:
            code = self._code()
            out.append(Scan(code) if code is not None else Replay(self._held + text))
            self._held = ""
            return out
        if len(text) != 1 or not text.isprintable():
            out.append(Replay(self._held + text))
            self._held = ""
            return out
        self._held += text
        self._last = now
        if self.prefix and not (self.prefix.startswith(self._held) or self._held.startswith(self.prefix)):
            out.append(Replay(self._held))
            self._held = ""
            return out
        out.append(Hold())
        return out

    def tick(self, now: float) -> list[WedgeAction]:
        """Call when the hold timer fires: keys that waited too long were typed."""
        if self._held and now - self._last > self.max_gap:
            keys, self._held = self._held, ""
            return [Replay(keys)]
        return []

    def flush(self) -> str:
        """Give back whatever is held (a shortcut key or a timer ended the run)."""
        keys, self._held = self._held, ""
        return keys

    def _code(self) -> str | None:
        """The scanned code in what is held, or None when it is no scan."""
        if not self._held.startswith(self.prefix):
            return None
        code = self._held[len(self.prefix) :]
        if self.aim:
            if not (len(code) > 3 and code[0] == "]" and code[1].isalpha()):
                return None
            code = code[3:]
        return code if self.min_length <= len(code) <= self.max_length else None
