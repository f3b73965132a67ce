"""Device events into Qt signals, and the keyboard-wedge scanner filter.

Devices call back on their own threads; a signal emitted there is delivered on the UI thread (queued),
so the widgets only ever see plain values on their own thread.
"""

from __future__ import annotations

import time

from PyQt6.QtCore import QEvent, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import QApplication, QFileDialog, QWidget

from devices.manager import DeviceEvents
from devices.scanner import Hold, Replay, Scan, WedgeDetector


class DeviceBridge(QObject):
    id_card = pyqtSignal(object)
    scanned = pyqtSignal(str)
    mrz = pyqtSignal(object)
    chip = pyqtSignal(str)
    chip_removed = pyqtSignal()
    social_security = pyqtSignal(str)  # a social security card's number, read from its public application
    status_changed = pyqtSignal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_status: dict[str, object] = {}  # each device's latest, for a window that attaches later
        self.status_changed.connect(lambda status: self.last_status.__setitem__(status.kind.value, status))

    def events(self) -> DeviceEvents:
        return DeviceEvents(
            on_id_card=self.id_card.emit,
            on_scan=self.scanned.emit,
            on_mrz=self.mrz.emit,
            on_chip=self.chip.emit,
            on_chip_removed=self.chip_removed.emit,
            on_social_security=self.social_security.emit,
            on_status=self.status_changed.emit,
        )


class WedgeScanFilter(QObject):
    """Installed on the application: a scanner's burst of keys becomes one ``scanned`` signal, wherever the
    focus is; a person's typing reaches the focused field unchanged (each key at most ``max_gap`` late)."""

    scanned = pyqtSignal(str)

    def __init__(self, detector: WedgeDetector | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.detector = detector or WedgeDetector()
        self._replaying = False
        # The last key's own time and when it reached us: the hold timer measures from the key, not the queue.
        self._last_key = 0.0
        self._last_arrival = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if _takes_typed_text(QApplication.focusWidget()):
            return False  # a file path or a name, however fast it comes (pasted, typed by a tool): never a scan
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        text = "\r" if enter else event.text()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if not plain or not (enter or (len(text) == 1 and text.isprintable())):
            # A shortcut or a control key: whatever was held was typing, and this key goes through as is.
            self._replay(self.detector.flush())
            return False
        for action in self.detector.key(text, self._key_time(event)):
            if isinstance(action, Hold):
                self._timer.start(int(self.detector.max_gap * 1000) + 5)
            elif isinstance(action, Scan):
                self._timer.stop()
                self.scanned.emit(action.code)
            elif isinstance(action, Replay):
                self._replay(action.keys)
        # Every key is either part of a scan or given back (in order) by _replay.
        return True

    def _key_time(self, event: QKeyEvent) -> float:
        """When the key was pressed, by the window system's timestamp (milliseconds) where it gives one: a desk
        busy for a moment handles queued keys together, and their arrival says nothing of a person's speed."""
        arrival = time.monotonic()
        stamp = event.timestamp()
        self._last_key = stamp / 1000 if stamp else arrival
        self._last_arrival = arrival
        return self._last_key

    def _on_timer_timeout(self) -> None:
        now = self._last_key + (time.monotonic() - self._last_arrival)
        for action in self.detector.tick(now):
            if isinstance(action, Replay):
                self._replay(action.keys)
        if self.detector.holding:
            self._timer.start(int(self.detector.max_gap * 1000) + 5)

    def _replay(self, keys: str) -> None:
        target = QApplication.focusObject()
        if target is None or not keys:
            return
        self._replaying = True
        try:
            for char in keys:
                if char == "\r":
                    key = Qt.Key.Key_Return
                elif char.isascii():
                    key = Qt.Key(ord(char.upper()))
                else:
                    key = Qt.Key.Key_unknown
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))
        finally:
            self._replaying = False


TYPED_TEXT = "carddesk_typed_text"  # a widget property: the field takes text, never a scan


def _takes_typed_text(widget: QWidget | None) -> bool:
    """A field marked for typed text, or any field of a file dialog."""
    while widget is not None:
        if widget.property(TYPED_TEXT) or isinstance(widget, QFileDialog):
            return True
        widget = widget.parentWidget()
    return False


def typed_text_only(*fields: QWidget) -> None:
    for field in fields:
        field.setProperty(TYPED_TEXT, True)
