"""Database and device work off the UI thread, with the result delivered back on it (as Anki's QueryOp).

One long-lived signal carries every job's outcome back; callbacks wait in a dict under the job's number.
(A QObject per job, deleted when its job ended, was collected too early under load.)
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, pyqtBoundSignal, pyqtSignal

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, number: int, work: Callable[[], Any], done: pyqtBoundSignal) -> None:
        super().__init__()
        self._number = number
        self._work = work
        self._done = done

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as err:
            log.exception("background operation failed")
            self._done.emit(self._number, None, err)
        else:
            self._done.emit(self._number, result, None)


class Operations(QObject):
    """One worker thread: user actions run one after another, never two sessions at once."""

    _finished = pyqtSignal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._numbers = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._finished.connect(self._on_finished)

    def run(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        number = next(self._numbers)
        self._waiting[number] = (on_success, on_failure)
        self._pool.start(_Job(number, work, self._finished))

    def _on_finished(self, number: int, result: Any, error: Exception | None) -> None:
        on_success, on_failure = self._waiting.pop(number)
        if error is not None:
            on_failure(error)
        else:
            on_success(result)

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)


def describe_error(err: Exception, lang: str) -> str:
    """A refused rule in the user's words; anything else named as an error (its details are in the log)."""
    from desk_app.core.errors import DeskError

    if isinstance(err, DeskError):
        return err.message(lang)
    return QCoreApplication.translate("Operations", "出错：{0}").format(err)
