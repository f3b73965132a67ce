"""Database and device work off the UI thread, with the result delivered back on it (as Anki's QueryOp)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QObject, QRunnable, QThreadPool, pyqtSignal

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = pyqtSignal(object)
    failed = pyqtSignal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as err:
            log.exception("background operation failed")
            self._relay.failed.emit(err)
        else:
            self._relay.succeeded.emit(result)


class Operations(QObject):
    """One worker thread: user actions run one after another, never two sessions at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        relay.succeeded.connect(on_success)
        relay.failed.connect(on_failure)
        relay.succeeded.connect(finish)
        relay.failed.connect(finish)
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)
