"""The Qt side of the input router: a form the window opens is asked first while it is on screen and the one the
clerk used last, and forgotten when it is hidden or deleted."""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QObject
from PyQt6.QtWidgets import QWidget

from desk_app.input_router import InputRouter, InputTaker


class RoutedForms(QObject):
    def __init__(self, router: InputRouter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.router = router

    def watch(self, form: QWidget) -> None:
        """`form` must be an InputTaker (it says which inputs it wants)."""
        router, taker = self.router, _taker(form)
        form.installEventFilter(self)
        form.destroyed.connect(lambda _obj=None: router.closed(taker))
        if form.isVisible():
            router.opened(taker)

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if watched is None or event is None:
            return False
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.WindowActivate):
            self.router.opened(_taker(watched))
        elif kind in (QEvent.Type.Hide, QEvent.Type.Close):
            self.router.closed(_taker(watched))
        return False


def _taker(form: object) -> InputTaker:
    assert hasattr(form, "wants_input") and hasattr(form, "take_input"), form
    return form  # type: ignore[return-value]
