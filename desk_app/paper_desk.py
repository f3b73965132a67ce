"""What the desk window asks of documents, Qt-free: produce, list printers, send and remember the printer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk_app.bootstrap import OpenDesk
from desk_app.core.services.context import DeskContext
from desk_app.core.services.print_history import PrintRecord
from desk_app.documents import (
    Produced,
    deliver,
    fonts_for,
    known_printers,
    print_server,
    produce,
    remembered_printer,
    send,
)
from desk_app.settings import save_settings


@dataclass
class PaperDesk:
    desk: OpenDesk
    ctx: DeskContext
    settings: dict[str, Any]
    persist: bool = True

    @property
    def server(self) -> str | None:
        return print_server(self.settings)

    def produce(self, kind: str, reader_ref: str) -> Produced:
        return produce(self.desk, self.ctx, kind, reader_ref, fonts=fonts_for(self.settings))

    def print_now(self, kind: str, reader_ref: str, printer: str) -> Produced:
        """Made and sent to `printer` at once; what became of it is on the record (sent, or failed and why)."""
        return deliver(self.desk, self.ctx, self.produce(kind, reader_ref), printer, self.server)

    def printers(self) -> list[str]:
        return known_printers(self.settings)

    def printer_for(self, kind: str) -> str | None:
        return remembered_printer(self.settings, kind)

    def send(self, kind: str, record: PrintRecord, printer: str) -> str:
        done = send(self.desk, self.ctx, record, printer, self.server)
        # Receipts often go to a small receipt printer: remember the choice for this kind of document.
        self.settings["printers"] = {**dict(self.settings.get("printers") or {}), kind: printer}
        if self.persist:
            save_settings(self.settings)
        return done.message
