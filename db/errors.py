"""The database driver's words turned into what happened and what to do, for the person at the desk."""

from __future__ import annotations

import shutil
from pathlib import Path

from desk_app.core.errors import DeskError

# (words in the driver's or Alembic's message, the message code that explains them)
_KNOWN = (
    ("disk image is malformed", "db.malformed"),
    ("file is not a database", "db.unreadable"),
    ("can't locate revision", "db.newer"),
    ("database or disk is full", "db.disk_full"),
    ("no space left on device", "db.disk_full"),
    ("readonly database", "db.read_only"),
    ("unable to open database file", "db.read_only"),
)


# SQLite in WAL mode reports a full disk while growing its log as an I/O error: the free space says which.
NEARLY_FULL = 1_000_000


def explain(err: BaseException, path: Path) -> DeskError | None:
    """A DeskError for an error a person can act on, or None when it is a bug (the log keeps its details)."""
    text = str(err).lower()
    if "disk i/o error" in text:
        try:
            full = shutil.disk_usage(path.parent).free < NEARLY_FULL
        except OSError:
            full = False
        return DeskError("db.disk_full" if full else "db.io_error", path=str(path))
    for words, code in _KNOWN:
        if words in text:
            return DeskError(code, path=str(path), backup=str(path.parent / "backups"))
    return None
