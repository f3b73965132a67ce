"""One background worker for the whole desk, and one broadcast of what changed (Anki's CollectionOp/QueryOp).

Every window and dialog hands its database, network and device work to the one `DeskWorker`: user actions
and queries run one after another on its desk lane (never two sessions at once), a sync on its own lane so a
slow network never holds up the counter. A result comes back on the UI thread to whoever asked, unless that
window has been closed and deleted meanwhile (then it is dropped, never delivered to a dead widget). After a
mutating job succeeds, `changed` tells every open view which reader it touched, and each view refreshes itself:
no dialog refreshes another by hand.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PyQt6 import sip
from PyQt6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, pyqtBoundSignal, pyqtSignal

from desk_app.ui.retranslate import translate

log = logging.getLogger(__name__)

DESK = "desk"  # the counter's actions and lookups, one at a time
BACKGROUND = "background"  # a sync with the union: its own lane, one at a time


@dataclass(frozen=True)
class Changed:
    """What a finished action touched: the views showing that card or reader load again (None: anything)."""

    what: str  # "card", "money", "batch", "sync", ...
    card_number: str | None = None
    reader_id: str | None = None

    def concerns(self, card_numbers: set[str], reader_id: str | None) -> bool:
        if self.card_number is None and self.reader_id is None:
            return True
        return self.card_number in card_numbers or (reader_id is not None and self.reader_id == reader_id)


def changed_by(what: str, result: object) -> Changed:
    """The card and reader a use case's result names (an issued card, a card outcome, a refund view...); of a
    tuple (a result and the account read after it), the first that names one."""
    if isinstance(result, tuple):
        found = [changed_by(what, part) for part in result]
        return next((c for c in found if c.card_number or c.reader_id), Changed(what))
    result = getattr(result, "view", result)  # a paid refund: its request names the reader
    issued = getattr(result, "issued", None)
    card = getattr(issued, "card_number", None) or getattr(result, "card_number", None)
    reader = getattr(issued, "reader_id", None) or getattr(result, "reader_id", None)
    return Changed(what, str(card) if card else None, str(reader) if reader else None)


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


@dataclass
class _Waiting:
    owner: QObject
    on_success: Callable[[Any], None]
    on_failure: Callable[[Exception], None]
    changes: str | None  # a mutating job's kind of change, broadcast when it succeeds


class DeskWorker(QObject):
    """The application's one worker: lives as long as the application, so its signal never outlives it."""

    changed = pyqtSignal(object)  # Changed, after every mutating job that succeeded
    _finished = pyqtSignal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[str, QThreadPool] = {}
        for lane in (DESK, BACKGROUND):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._lanes[lane] = pool
        self._numbers = itertools.count(1)
        self._waiting: dict[int, _Waiting] = {}
        self._finished.connect(self._on_finished)

    def submit(
        self,
        owner: QObject,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        changes: str | None = None,
        lane: str = DESK,
    ) -> None:
        number = next(self._numbers)
        self._waiting[number] = _Waiting(owner, on_success, on_failure, changes)
        self._lanes[lane].start(_Job(number, work, self._finished))

    def _on_finished(self, number: int, result: Any, error: Exception | None) -> None:
        waiting = self._waiting.pop(number)
        if error is None and waiting.changes is not None:
            self.changed.emit(changed_by(waiting.changes, result))  # views refresh even if the asker closed
        if sip.isdeleted(waiting.owner):
            return  # the dialog that asked was closed and deleted meanwhile: nobody to tell
        if error is not None:
            waiting.on_failure(error)
        else:
            waiting.on_success(result)

    def wait(self, msecs: int = 5000) -> bool:
        return all(pool.waitForDone(msecs) for pool in self._lanes.values())


_worker: DeskWorker | None = None


def desk_worker() -> DeskWorker:
    """The one worker, made with the application (whose children outlive every window)."""
    global _worker
    app = QCoreApplication.instance()
    if _worker is None or sip.isdeleted(_worker) or _worker.parent() is not app:
        _worker = DeskWorker(app)
    return _worker


class Operations:
    """A window's handle on the one worker: what it asks is answered to it, and dropped once it is gone."""

    def __init__(self, owner: QObject, lane: str = DESK) -> None:
        self._owner = owner
        self._lane = lane
        self.worker = desk_worker()

    def run(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        """A query: reads, or work whose effects the asker shows itself (printing, a device)."""
        self.worker.submit(self._owner, work, on_success, on_failure, None, self._lane)

    def mutate(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        changes: str = "card",
    ) -> None:
        """A use case that changes readers, cards or money: every open view hears of it when it succeeds."""
        self.worker.submit(self._owner, work, on_success, on_failure, changes, self._lane)

    def wait(self, msecs: int = 5000) -> bool:
        return self.worker.wait(msecs)


def describe_error(err: Exception, lang: str) -> str:
    """A refused rule in the user's words; anything else named as an error (its details are in the log)."""
    from desk_app.core.errors import DeskError

    if isinstance(err, DeskError):
        return err.message(lang)
    return translate("Operations", "出错：{0}").format(err)
