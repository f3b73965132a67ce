"""What the desk window and the command line ask of group batches, Qt-free: each step a command the union
runs again (import, edit, confirm, delete, approve in turns), with an import's progress and cancel."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.bootstrap import OpenDesk
from desk_app.core.batch import approval, results
from desk_app.core.batch.importing import ImportResult, import_list, read_list
from desk_app.core.batch.review import EXISTS
from desk_app.core.commands import BatchApproval, BatchRowEdit, BatchRowNote
from desk_app.core.entities import BatchRow
from desk_app.core.errors import DeskError
from desk_app.core.exports import write_table
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.union_desk import UnionLink, command_unit, run_command


@dataclass
class BatchDesk:
    desk: OpenDesk
    ctx: DeskContext
    # A desk that joined a union approves through it: whether a person already holds a card is known for the
    # whole union only there, so an approval is kept here only as the union made it.
    union: UnionLink | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)

    def import_file(
        self,
        path: Path,
        name: str,
        dry_run: bool,
        report: Callable[[int, int], bool | None],
        again: bool = False,
        card_type: str | None = None,
        school: str | None = None,
    ) -> ImportResult:
        """A dry run reviews and keeps nothing; otherwise the list read from the file is the command."""
        self.cancelled.clear()

        def progress(done: int, total: int) -> bool:
            return report(done, total) is not False and not self.cancelled.is_set()

        with self.desk.uow() as uow:
            require(uow, self.ctx, "import_batch")
        listed = read_list(path, None, name or None, card_type, school, again)
        if dry_run:
            with self.desk.uow() as uow:
                return import_list(uow, self.ctx, listed, dry_run=True, progress=progress)
        with command_unit(self.desk, self.ctx, "import_batch", listed) as unit:
            return import_list(unit, self.ctx, listed, progress=progress)

    def cancel(self) -> None:
        self.cancelled.set()

    def progress(self) -> list[approval.BatchProgress]:
        with self.desk.uow() as uow:
            return approval.progress(uow)

    def rows(self, batch_id: str) -> list[results.RowView]:
        with self.desk.uow() as uow:
            return results.row_views(uow, uuid.UUID(batch_id))

    def approve(self, batch_id: str, rows: list[int] | None) -> dict[str, int]:
        """In turns of `approval.APPROVAL_CHUNK` rows, each a command: the desk's other work (and, at the
        union, other desks') goes in between, and an approval cut half-way is finished by running it again.
        A joined desk approves online, each turn decided by the union (its cards come back by pull)."""
        with self.desk.uow() as uow:
            require(uow, self.ctx, "approve_batch")
            turns, not_accepted = approval.approval_turns(uow, uuid.UUID(batch_id), rows)
        counts = {approval.APPROVED: 0, EXISTS: 0, "skipped": not_accepted}
        if not turns and rows is None:
            turns = [[]]  # nothing left to approve: the batch is still marked approved
        for number, turn in enumerate(turns, start=1):
            step = BatchApproval(batch_id, tuple(turn), rows is None and number == len(turns))
            if self.union is not None and self.union.configured:
                done = dict(self.union.run_confirmed(self.ctx, "approve_batch", step, uuid.uuid4(), union_wins=True))
            else:
                done = run_command(self.desk, self.ctx, "approve_batch", step)
            for key, value in done.items():
                counts[key] = counts.get(key, 0) + value
        return counts

    def edit(self, batch_id: str, row: int, changes: dict[str, str]) -> BatchRow:
        run_command(self.desk, self.ctx, "edit_batch_row", BatchRowEdit(batch_id, row, tuple(changes.items())))
        return self._row(batch_id, row)

    def confirm(self, batch_id: str, row: int, reason: str) -> BatchRow:
        run_command(self.desk, self.ctx, "confirm_batch_row", BatchRowNote(batch_id, row, reason))
        return self._row(batch_id, row)

    def delete(self, batch_id: str, row: int) -> None:
        run_command(self.desk, self.ctx, "delete_batch_row", BatchRowNote(batch_id, row))

    def _row(self, batch_id: str, row: int) -> BatchRow:
        with self.desk.uow() as uow:
            found = uow.batch_rows.where(batch_id=uuid.UUID(batch_id), row=row)
        if not found:
            raise DeskError("batch.row_not_found", row=row)
        return found[0]

    def export(self, batch_id: str, out: Path) -> Path:
        return write_table(out, results.HEADERS, results.table(self.rows(batch_id)))
