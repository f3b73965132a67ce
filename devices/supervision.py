"""Every device loop runs under one supervisor: whatever it raises, the status bar and the log say why, and the
loop starts again after a back-off. A device thread never dies while the desk runs.

A driver reports what it expects (a port gone, a card it cannot read) itself; the supervisor is for what
nobody expected: a termios error from a vanished USB port, a pyscard call that raises, a bug.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.core.errors import DeskError
from devices.status import DeviceKind, DeviceState, DeviceStatus

log = logging.getLogger(__name__)


@dataclass
class Supervised:
    kind: DeviceKind
    where: str
    loop: Callable[[threading.Event], None]
    on_status: Callable[[DeviceStatus], None]
    # Called after a failure, before the loop starts again: close what the loop held, forget its state.
    recover: Callable[[], None] = lambda: None
    emulated: bool = False
    first_pause: float = 0.5
    longest_pause: float = 10.0
    # A loop that ran this long before failing was working: its next pause starts short again.
    healthy_after: float = 30.0

    def run(self, stop: threading.Event) -> None:
        pause = self.first_pause
        while not stop.is_set():
            started = time.monotonic()
            try:
                self.loop(stop)
            except Exception as err:
                log.exception("%s at %s failed; starting it again", self.kind.value, self.where)
                reason = str(err).splitlines()[0] if str(err) else type(err).__name__
                error = DeskError("device.failed", port=self.where, reason=f"{type(err).__name__}: {reason}")
                self.on_status(DeviceStatus(self.kind, DeviceState.DISCONNECTED, self.where, error, self.emulated))
            else:
                if stop.is_set():
                    return
                log.warning("%s at %s stopped by itself; starting it again", self.kind.value, self.where)
            with contextlib.suppress(Exception):
                self.recover()
            if time.monotonic() - started > self.healthy_after:
                pause = self.first_pause
            stop.wait(pause)
            pause = min(pause * 2, self.longest_pause)
