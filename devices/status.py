"""What a device is doing, for the status bar: one small value object per change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desk_app.core.errors import DeskError


class DeviceKind(StrEnum):
    ID_READER = "id_reader"
    SCANNER = "scanner"
    MRZ_READER = "mrz_reader"
    CHIP_READER = "chip_reader"


class DeviceState(StrEnum):
    NOT_CONFIGURED = "not_configured"
    CONNECTED = "connected"  # ready, no card on it
    CARD_PRESENT = "card_present"
    ERROR = "error"  # answered wrongly; will try again
    DISCONNECTED = "disconnected"  # port gone; waiting for it to come back


@dataclass(frozen=True)
class DeviceStatus:
    kind: DeviceKind
    state: DeviceState
    where: str = ""
    error: DeskError | None = None
    emulated: bool = False

    def message(self, lang: str = "zh") -> str:
        return self.error.message(lang) if self.error else ""
