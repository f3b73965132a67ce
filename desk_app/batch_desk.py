"""What the desk window asks of batch imports, Qt-free: import a file with progress, cancel on request."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.bootstrap import OpenDesk
from desk_app.core.batch import approval, results
from desk_app.core.batch.importing import ImportResult, import_group
from desk_app.core.exports import write_table
from desk_app.core.services.context import DeskContext


@dataclass
class BatchDesk:
    desk: OpenDesk
    ctx: DeskContext
    cancelled: threading.Event = field(default_factory=threading.Event)

    def import_file(
        self, path: Path, name: str, dry_run: bool, report: Callable[[int, int], None], again: bool = False
    ) -> ImportResult:
        self.cancelled.clear()

        def progress(done: int, total: int) -> bool:
            report(done, total)
            return not self.cancelled.is_set()

        with self.desk.uow() as uow:
            return import_group(uow, self.ctx, path, name or None, dry_run=dry_run, progress=progress, again=again)

    def cancel(self) -> None:
        self.cancelled.set()

    def progress(self) -> list[approval.BatchProgress]:
        with self.desk.uow() as uow:
            return approval.progress(uow)

    def rows(self, batch_id: str) -> list[results.RowView]:
        with self.desk.uow() as uow:
            return results.row_views(uow, uuid.UUID(batch_id))

    def approve(self, batch_id: str, rows: list[int] | None) -> dict[str, int]:
        with self.desk.uow() as uow:
            return approval.approve(uow, self.ctx, uuid.UUID(batch_id), rows)

    def export(self, batch_id: str, out: Path) -> Path:
        return write_table(out, results.HEADERS, results.table(self.rows(batch_id)))
