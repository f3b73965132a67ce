"""A tap watcher driven by simulated counter time: each poll is `step` seconds of the desk's polling, so tests
can run minutes of a counter's day in seconds and see what was read and what was said."""

from __future__ import annotations

from typing import Any

from devices.idcard.tap import TapWatcher
from devices.status import DeviceState, DeviceStatus


class SimulatedTaps:
    def __init__(self, reader: Any, step: float = 0.25) -> None:
        self.read: list[str] = []
        self.said: list[DeviceStatus] = []
        self.now = 0.0
        self.step = step
        self.watcher = TapWatcher(reader, lambda r: self.read.append(r.id_number), self.said.append,
                                  clock=lambda: self.now)  # fmt: skip

    def polls(self, count: int = 3) -> None:
        for _ in range(count):
            self.watcher.poll_once()
            self.now += self.step

    def errors(self) -> list[str]:
        return [s.error.code for s in self.said if s.state is DeviceState.ERROR and s.error is not None]
