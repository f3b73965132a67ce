"""Opening a desk: the database encrypted (SQLCipher, the key in the keyring, the file readable by its owner
only), upgraded to the current schema, the profile's branches in it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.backup import daily_backup_due, make_backup
from db.engine import OWNER_ONLY, make_engine, make_session_factory, new_private_file, sqlite_url
from db.errors import explain
from db.kept_documents import sweep_unrecorded
from db.migrate import at_head, upgrade_if_needed
from db.queries import SqlReaderDirectory
from db.uow import SqlUnitOfWork
from desk_app.core.entities import Actor
from desk_app.core.errors import DeskError
from desk_app.core.policy import Profile, load_profile
from desk_app.core.services.context import DeskContext
from desk_app.core.services.setup import ensure_profile_branches
from desk_app.secrets import desk_file_key


@dataclass
class OpenDesk:
    profile: Profile
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    key: bytes | None = None  # the file's SQLCipher key (None: a plain file, as tests make them)

    @property
    def documents_dir(self) -> Path:
        """Printed documents are kept beside the database, for reprints."""
        return self.path.parent / "documents"

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def uow_factory(self) -> Callable[[], SqlUnitOfWork]:
        return self.uow

    def directory(self) -> SqlReaderDirectory:
        return SqlReaderDirectory(self.session_factory)

    def context(self, actor: Actor) -> DeskContext:
        return DeskContext(actor, self.profile)

    def close(self) -> None:
        self.engine.dispose()


SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(path: Path) -> bool:
    """An existing file that is plain SQLite (made before the desk's file was encrypted)."""
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _refuse_what_is_not_a_desk(path: Path) -> None:
    """Only a path that does not exist becomes a new database: an empty file (a copy cut short, a file
    touched by mistake) or a directory stops the desk with its path; anything else is a plain SQLite desk
    (encrypted now) or an encrypted one (a file that is neither fails to open with the key, and says so)."""
    if not path.exists() and not path.is_symlink():
        return
    if not path.is_file() or path.stat().st_size == 0:
        raise DeskError("db.unreadable", path=str(path), backup=str(path.parent / "backups"))


def _owner_only(path: Path) -> None:
    """A file made readable by others (copied in, or by an older CardDesk) is made the owner's only; on a
    read-only disk it is left as it is (opening it explains the read-only disk)."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.exists() and file.stat().st_mode & 0o777 != OWNER_ONLY:
                os.chmod(file, OWNER_ONLY)
        except OSError:
            pass


def encrypt_in_place(path: Path, key: bytes) -> None:
    """A plain desk file (and its backups) encrypted: exported into a side file, made durable, put in its
    place; the plain file's log files go with it. A power cut leaves either the plain file or the encrypted
    one, never half of either."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from db.backup import backups, verified
    from db.engine import QUIET, key_literal

    for target in [path, *backups(path)]:
        plain = sqlcipher.connect(str(target))
        plain.execute(QUIET)
        try:
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            side = target.with_name(target.name + ".encrypting")
            side.unlink(missing_ok=True)
            new_private_file(side)
            plain.execute(f"ATTACH DATABASE '{side}' AS encrypted KEY {key_literal(key)}")
            plain.execute("SELECT sqlcipher_export('encrypted')")
            version = plain.execute("PRAGMA user_version").fetchone()[0]
            plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            plain.execute("DETACH DATABASE encrypted")
        finally:
            plain.close()
        if not verified(side, key):
            raise DeskError("db.backup_failed", path=str(target))
        with side.open("rb") as made:
            os.fsync(made.fileno())
        side.replace(target)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)


def open_desk(path: Path, profile_name: str) -> OpenDesk:
    profile = load_profile(profile_name)
    _refuse_what_is_not_a_desk(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    # A file that is neither plain SQLite nor encrypted with this account's key (damaged, foreign, or
    # encrypted on another PC) fails to open with the key, and is explained as unreadable.
    key = desk_file_key()
    if not existed:
        new_private_file(path)
    elif is_plain_sqlite(path):
        encrypt_in_place(path, key)
    _owner_only(path)
    engine = make_engine(sqlite_url(path), key=key)
    try:
        if existed and not at_head(engine):
            make_backup(path, "before-migration", key=key)
        upgrade_if_needed(engine)
        desk = OpenDesk(profile, path, engine, make_session_factory(engine), key)
        with desk.uow() as uow:
            ensure_profile_branches(uow, profile)
    except Exception as err:  # the driver's and Alembic's errors alike (Alembic is not loaded to name its class)
        engine.dispose()
        explained = explain(err, path)
        if explained is None:
            raise
        raise explained from None
    if existed and daily_backup_due(path):
        make_backup(path, "daily", key=key)
        sweep_unrecorded(desk.session_factory, desk.documents_dir)
    return desk
