"""Verified copies of the desk's database: daily, before every migration, and on request; and a restore.

A copy is made with SQLite's online backup (consistent while the desk runs), checked with `PRAGMA
integrity_check`, made durable and only then given its name. An encrypted desk's copies are encrypted with
the same key (SQLCipher's backup between two connections keyed alike). They live in `backups/` beside the database
file; the newest few of each kind are kept. A copy on the same disk protects against a damaged file, not a
lost disk: library IT copies the folder elsewhere as well (docs/installer.md).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db.engine import connect_file, new_private_file
from desk_app.core.errors import DeskError

KEEP = 7
DAILY = timedelta(hours=24)


def folder_of(database: Path) -> Path:
    return database.parent / "backups"


def backups(database: Path) -> list[Path]:
    """Newest first."""
    found = folder_of(database).glob(f"{database.stem}-*.sqlite")
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def verified(path: Path, key: bytes | None) -> bool:
    """The file opens (with the key, when given) and passes `PRAGMA integrity_check`."""
    try:
        connection = connect_file(path.resolve().as_uri() + "?mode=ro", key, uri=True)
        try:
            return bool(connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
        finally:
            connection.close()
    except Exception:  # sqlite3's and SQLCipher's DatabaseError alike: the copy is not one to trust
        return False


def _copy_to_side_file(source_uri: str, partial: Path, key: bytes | None) -> None:
    """SQLite's online backup of the source into the side file, made durable (the caller gives it its name).
    The side file is made readable by its owner only before a byte of the desk's data goes into it."""
    partial.unlink(missing_ok=True)
    new_private_file(partial)
    source = connect_file(source_uri, key, uri=True)
    try:
        copy = connect_file(str(partial), key)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    with partial.open("rb") as made:
        os.fsync(made.fileno())


def make_backup(database: Path, reason: str, now: datetime | None = None, key: bytes | None = None) -> Path:
    moment = now or datetime.now(UTC)
    folder = folder_of(database)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{database.stem}-{moment:%Y%m%d-%H%M%S}-{reason}.sqlite"
    partial = target.with_name(target.name + ".part")
    _copy_to_side_file(database.resolve().as_uri(), partial, key)
    if not verified(partial, key):
        partial.unlink(missing_ok=True)
        raise DeskError("db.backup_failed", path=str(database))
    partial.replace(target)
    for old in [p for p in backups(database) if p.name.endswith(f"-{reason}.sqlite")][KEEP:]:
        old.unlink(missing_ok=True)
    return target


def daily_backup_due(database: Path, now: datetime | None = None) -> bool:
    newest = backups(database)
    if not newest:
        return True
    made = datetime.fromtimestamp(newest[0].stat().st_mtime, UTC)
    return (now or datetime.now(UTC)) - made >= DAILY


def restore(database: Path, backup: Path, key: bytes | None = None) -> Path:
    """The backup, checked, takes the database's place; the file it replaces is kept beside it. Every desk
    program on this file must be closed first."""
    if not verified(backup, key):
        raise DeskError("db.backup_damaged", path=str(backup))
    aside = database.with_name(f"{database.name}.before-restore-{datetime.now(UTC):%Y%m%d-%H%M%S}")
    if database.exists():
        database.replace(aside)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    partial = database.with_name(database.name + ".part")
    _copy_to_side_file(backup.resolve().as_uri() + "?mode=ro", partial, key)
    partial.replace(database)
    return aside
