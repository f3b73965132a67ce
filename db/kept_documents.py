"""Kept documents that no record knows: the leftovers of a power cut between a render and its record.

A kept PDF holds a reader's personal data; one without a record can be neither reprinted nor found by the
data-protection officer, so it goes, and so does a half-written `.part`. Both are made again from the
database by printing the document again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import PrintedDocumentRow

log = logging.getLogger(__name__)

# Another desk process on the same file may be between its render and its record right now.
SETTLED_SECONDS = 3600


@dataclass(frozen=True)
class Swept:
    partial_files: int
    unrecorded_documents: int


def sweep_unrecorded(session_factory: sessionmaker[Session], documents: Path, now: float | None = None) -> Swept:
    if not documents.is_dir():
        return Swept(0, 0)
    settled_before = (time.time() if now is None else now) - SETTLED_SECONDS
    with session_factory() as session:
        recorded = {Path(p).resolve() for p in session.scalars(select(PrintedDocumentRow.file_path))}
    partial = unrecorded = 0
    # Only the yearly folders hold kept documents; blank forms and --out copies live elsewhere.
    for year in (d for d in documents.iterdir() if d.is_dir() and d.name.isdigit()):
        for file in year.iterdir():
            try:
                if not file.is_file() or file.stat().st_mtime > settled_before:
                    continue
                if file.name.endswith(".part"):
                    file.unlink()
                    partial += 1
                elif file.suffix == ".pdf" and file.resolve() not in recorded:
                    file.unlink()
                    unrecorded += 1
            except OSError:
                log.warning("could not sweep %s", file, exc_info=True)
    if partial or unrecorded:
        log.info("swept %d partial and %d unrecorded documents from %s", partial, unrecorded, documents)
    return Swept(partial, unrecorded)
