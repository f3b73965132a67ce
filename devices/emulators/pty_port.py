"""A pseudo-terminal pair standing in for a USB-serial device, with a stable path that can be unplugged."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from pathlib import Path


class PtyPort:
    """The device end of a pty. ``path`` is what the desk opens (a symlink when ``link`` is given, so the
    port keeps its name across unplugging, as /dev/ttyUSB0 does)."""

    def __init__(self, link: Path | None = None) -> None:
        self.link = link
        self._lock = threading.Lock()
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
        with self._lock:
            if not self.plugged:
                return
            if self.link:
                with contextlib.suppress(FileNotFoundError):
                    self.link.unlink()
            os.close(self._master)
            os.close(self._slave)
            self._master = self._slave = -1

    def read(self, timeout: float) -> bytes:
        master = self._master
        if master < 0:
            return b""
        try:
            ready, _, _ = select.select([master], [], [], timeout)
            with self._lock:
                # Unplugged while we waited: the descriptor is closed (or already reused).
                if not ready or master != self._master:
                    return b""
                return os.read(master, 4096)
        except (OSError, ValueError):
            return b""

    def write(self, data: bytes) -> None:
        with self._lock:
            if self.plugged:
                with contextlib.suppress(OSError):
                    os.write(self._master, data)

    def close(self) -> None:
        self.unplug()
