"""`import_group`: a batch file read, every row reviewed, and (unless it is a dry run) the batch recorded.

The whole import is one transaction: cancelled half-way, or failing on row 9,000, it leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from desk_app.core.batch.columns import template_for
from desk_app.core.batch.reading import read_spreadsheet
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
    """Review a list and, unless a dry run, keep it as a batch. The same file imported before (by its SHA-256)
    is refused with the batch it became, unless `again` says a second batch is wanted."""
    require(uow, ctx, "import_batch")
    card_type = ctx.profile.card_type(card_type_code or ctx.profile.default_card_type)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if not dry_run and not again:
        for earlier in uow.batches.where():
            if earlier.summary.get("file_sha256") == digest:
                when = earlier.created_at.astimezone(ZoneInfo(ctx.profile.timezone)).strftime("%Y-%m-%d %H:%M")
                raise DeskError("batch.already_imported", batch=earlier.name, at=when, id=str(earlier.id))
    sheet = read_spreadsheet(path, original_name)
    name = (batch_name or "").strip() or sheet.file_label.rsplit(".", 1)[0]
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
        {**result.summary, "file_sha256": digest},
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
