"""What the desk window asks of batch imports, Qt-free: import a file with progress, cancel on request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.bootstrap import OpenDesk
from desk_app.core.batch.importing import ImportResult, import_group
from desk_app.core.services.context import DeskContext


@dataclass
class BatchDesk:
    desk: OpenDesk
    ctx: DeskContext
    cancelled: threading.Event = field(default_factory=threading.Event)

    def import_file(self, path: Path, name: str, dry_run: bool, report: Callable[[int, int], None]) -> ImportResult:
        self.cancelled.clear()

        def progress(done: int, total: int) -> bool:
            report(done, total)
            return not self.cancelled.is_set()

        with self.desk.uow() as uow:
            return import_group(uow, self.ctx, path, name or None, dry_run=dry_run, progress=progress)

    def cancel(self) -> None:
        self.cancelled.set()
