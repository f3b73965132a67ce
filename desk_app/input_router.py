"""Where a tap, a scan, a passport's MRZ or a chip goes: to the open form that declares it wants that input,
the one the clerk used last first; else to the main window (which opens the reader). Qt-free, so the rule is
tested without a screen and the same for every form: no form ever reads another's devices, and one tap never
opens two forms.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class InputKind(StrEnum):
    ID_CARD = "id_card"  # an ID card laid on the reader (its chip's text block)
    BARCODE = "barcode"  # a scanner's code, serial or keyboard wedge
    MRZ = "mrz"  # a passport's or travel permit's machine-readable zone
    CHIP = "chip"  # a library card's chip UID on the PC/SC reader
    SOCIAL_SECURITY = "social_security"  # a social security card's number (its public application, over PC/SC)


class InputTaker(Protocol):
    """A form that takes device input: it says, for each input, whether it wants it now."""

    def wants_input(self, kind: InputKind, value: object) -> bool: ...

    def take_input(self, kind: InputKind, value: object) -> None: ...


class InputRouter:
    def __init__(self, fallback: InputTaker) -> None:
        self._fallback = fallback
        self._open: list[InputTaker] = []  # the form used last first

    def opened(self, taker: InputTaker) -> None:
        """A form is on screen (or the clerk came back to it): it is asked first."""
        self.closed(taker)
        self._open.insert(0, taker)

    def closed(self, taker: InputTaker) -> None:
        self._open = [t for t in self._open if t is not taker]

    def target(self, kind: InputKind, value: object = None) -> InputTaker:
        return next((t for t in self._open if t.wants_input(kind, value)), self._fallback)

    def deliver(self, kind: InputKind, value: object) -> InputTaker:
        """Hand the input to exactly one taker, and say which."""
        taker = self.target(kind, value)
        taker.take_input(kind, value)
        return taker

    @property
    def open_forms(self) -> tuple[InputTaker, ...]:
        return tuple(self._open)
