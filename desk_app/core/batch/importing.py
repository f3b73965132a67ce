"""`import_group`: a batch file read, every row reviewed, and (unless it is a dry run) the batch recorded.

Reading the file and keeping the list are two steps: `read_list` turns the file into a `ListToImport` (the
cells as the file holds them, as plain values), and `import_list` reviews and keeps it. The second is the
command a desk pushes to the union, which reviews the same list again against the whole union.
The whole import is one transaction: cancelled half-way, or failing on row 9,000, it leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desk_app.core.batch.columns import template_for
from desk_app.core.batch.reading import RawRow, SheetRows, read_spreadsheet
from desk_app.core.batch.review import ACCEPTED, EXISTS, REJECTED, REVIEW, RowOutcome, review_rows
from desk_app.core.entities import Batch, BatchRow
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.recording import audit
from desk_app.core.uow import UnitOfWork

# Called with (rows done, rows in all); returning False cancels the import.
Progress = Callable[[int, int], bool]
# A cell as a list holds it: a number stays a number (an ID number Excel turned into one is told apart).
Cell = str | int | float | None


@dataclass(frozen=True)
class ListedRow:
    row: int  # the row number as the spreadsheet shows it
    cells: tuple[tuple[str, Cell], ...]  # (column key, value)


@dataclass(frozen=True)
class ListToImport:
    """A school's or unit's list as read from its file, with what the clerk chose for it."""

    file_label: str
    sheet: str
    rows: tuple[ListedRow, ...]
    has_document_type: bool
    file_sha256: str
    batch_name: str = ""
    card_type: str = ""
    school: str = ""
    again: bool = False

    def sheet_rows(self) -> SheetRows:
        rows = tuple(RawRow(r.row, dict(r.cells)) for r in self.rows)
        return SheetRows(self.file_label, self.sheet, rows, self.has_document_type)


def _cell(value: Any) -> Cell:
    """A cell as a plain value: a date as its ISO text (the review reads dates from text as well)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def read_list(
    path: Path,
    original_name: str | None = None,
    batch_name: str | None = None,
    card_type: str | None = None,
    school: str | None = None,
    again: bool = False,
) -> ListToImport:
    """The file read (a damaged or foreign file is refused here, before anything is kept)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sheet = read_spreadsheet(path, original_name)
    rows = tuple(ListedRow(r.row, tuple((k, _cell(v)) for k, v in r.values.items())) for r in sheet.rows)
    return ListToImport(sheet.file_label, sheet.sheet, rows, sheet.has_document_type, digest,
                        (batch_name or "").strip(), card_type or "", school or "", again)  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    batch_id: str | None
    batch_name: str
    file_label: str
    sheet: str
    branch_code: str
    dry_run: bool
    rows: tuple[RowOutcome, ...]

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.rows)
        return {status: counts.get(status, 0) for status in (ACCEPTED, REJECTED, REVIEW, EXISTS)}

    def as_json(self) -> dict[str, object]:
        """The shape library IT scripts against: keep it, extend it, never rename it."""
        return {
            "batch": {
                "id": self.batch_id,
                "name": self.batch_name,
                "file": self.file_label,
                "sheet": self.sheet,
                "branch": self.branch_code,
                "dry_run": self.dry_run,
            },
            "rows": [
                {"row": r.row, "id_number": r.id_number, "name": r.name, "status": r.status, "reasons": list(r.reasons)}
                for r in self.rows
            ],
            "summary": self.summary,
        }


def import_group(
    uow: UnitOfWork,
    ctx: DeskContext,
    path: Path,
    batch_name: str | None = None,
    card_type_code: str | None = None,
    dry_run: bool = False,
    original_name: str | None = None,
    progress: Progress | None = None,
    school: str | None = None,
    again: bool = False,
) -> ImportResult:
    """Read a file and import its list (`read_list`, then `import_list`)."""
    require(uow, ctx, "import_batch")
    listed = read_list(path, original_name, batch_name, card_type_code, school, again)
    return import_list(uow, ctx, listed, dry_run, progress)


def import_list(
    uow: UnitOfWork, ctx: DeskContext, listed: ListToImport, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Review a list and, unless a dry run, keep it as a batch of this branch. The same file imported before
    (by its SHA-256) is refused with the batch it became, unless `again` says a second batch is wanted."""
    require(uow, ctx, "import_batch")
    card_type = ctx.profile.card_type(listed.card_type or ctx.profile.default_card_type)
    digest = listed.file_sha256
    if not dry_run and not listed.again:
        for earlier in uow.batches.where(branch_code=ctx.actor.branch_code):
            if earlier.summary.get("file_sha256") == digest:
                when = earlier.created_at.astimezone(ZoneInfo(ctx.profile.timezone)).strftime("%Y-%m-%d %H:%M")
                raise DeskError("batch.already_imported", batch=earlier.name, at=when, id=str(earlier.id))
    sheet = listed.sheet_rows()
    name = listed.batch_name or sheet.file_label.rsplit(".", 1)[0]
    school = listed.school or None
    outcomes = review_rows(uow, sheet, card_type, ctx.today(), school, template_for(ctx.profile))
    result = ImportResult(None, name, sheet.file_label, sheet.sheet, ctx.actor.branch_code, dry_run, tuple(outcomes))
    if dry_run:
        _report_progress(progress, len(outcomes), len(outcomes))
        uow.rollback()
        return result
    batch = Batch(
        new_id(),
        name[:100],
        sheet.file_label,
        ctx.actor.branch_code,
        card_type.code,
        ctx.now(),
        ctx.actor.staff_id,
        "imported",
        {**result.summary, "file_sha256": digest, **({"school": school} if school else {})},
    )
    uow.batches.add(batch)
    for done, outcome in enumerate(outcomes, start=1):
        uow.batch_rows.add(
            BatchRow(
                new_id(),
                batch.id,
                outcome.row,
                outcome.id_number,
                outcome.name,
                outcome.doc_type,
                outcome.status,
                list(outcome.reasons),
                dict(outcome.fields),
            )
        )
        if done % 500 == 0:
            _report_progress(progress, done, len(outcomes))
    _report_progress(progress, len(outcomes), len(outcomes))
    audit(
        uow,
        ctx,
        "import_batch",
        "batch",
        batch.id,
        None,
        {"name": batch.name, "file": batch.file_label, **result.summary},
    )
    uow.commit()
    return ImportResult(
        str(batch.id),
        *[getattr(result, f) for f in ("batch_name", "file_label", "sheet", "branch_code", "dry_run", "rows")],
    )


def _report_progress(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise DeskError("batch.cancelled")
