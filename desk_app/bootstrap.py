"""Opening a desk: the database upgraded to the current schema, the profile's branches in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.backup import daily_backup_due, make_backup
from db.engine import make_engine, make_session_factory, sqlite_url
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


@dataclass
class OpenDesk:
    profile: Profile
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]

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


def _refuse_what_is_not_a_desk(path: Path) -> None:
    """Only a path that does not exist becomes a new database: an empty file (a copy cut short, a file
    touched by mistake), a directory or anything that is not SQLite stops the desk with its path."""
    if not path.exists() and not path.is_symlink():
        return
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError:
        header = b""
    if header != SQLITE_HEADER:
        raise DeskError("db.unreadable", path=str(path))


def open_desk(path: Path, profile_name: str) -> OpenDesk:
    profile = load_profile(profile_name)
    _refuse_what_is_not_a_desk(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    engine = make_engine(sqlite_url(path))
    try:
        if existed and not at_head(engine):
            make_backup(path, "before-migration")
        upgrade_if_needed(engine)
        desk = OpenDesk(profile, path, engine, make_session_factory(engine))
        with desk.uow() as uow:
            ensure_profile_branches(uow, profile)
    except Exception as err:  # the driver's and Alembic's errors alike (Alembic is not loaded to name its class)
        engine.dispose()
        explained = explain(err, path)
        if explained is None:
            raise
        raise explained from None
    if existed and daily_backup_due(path):
        make_backup(path, "daily")
        sweep_unrecorded(desk.session_factory, desk.documents_dir)
    return desk
