"""A pseudo-terminal pair standing in for a USB-serial device, with a stable path that can be unplugged."""

from __future__ import annotations

import contextlib
import os
import select
import tty
from pathlib import Path


class PtyPort:
    """The device end of a pty. ``path`` is what the desk opens (a symlink when ``link`` is given, so the
    port keeps its name across unplugging, as /dev/ttyUSB0 does)."""

    def __init__(self, link: Path | None = None) -> None:
        self.link = link
        self._master = -1
        self._slave = -1
        self.plug()

    @property
    def path(self) -> str:
        return str(self.link) if self.link else self._slave_name

    @property
    def plugged(self) -> bool:
        return self._master >= 0

    def plug(self) -> None:
        if self.plugged:
            return
        self._master, self._slave = os.openpty()
        # Raw mode on our end of the line discipline: bytes go through untouched (no echo, no CR/LF games).
        tty.setraw(self._slave)
        self._slave_name = os.ttyname(self._slave)
        if self.link:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
            self.link.symlink_to(self._slave_name)

    def unplug(self) -> None:
        if not self.plugged:
            return
        if self.link:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
        os.close(self._master)
        os.close(self._slave)
        self._master = self._slave = -1

    def read(self, timeout: float) -> bytes:
        if not self.plugged:
            return b""
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self._master, 4096)
        except OSError:
            return b""

    def write(self, data: bytes) -> None:
        if self.plugged:
            os.write(self._master, data)

    def close(self) -> None:
        self.unplug()
