"""Several desks (each its own SQLite file) against one central PostgreSQL database, for the sync tests."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text

from db.central.admin import init_central, register_desk
from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade
from db.sync import SyncEngine
from db.uow import SqlUnitOfWork
from desk_app.core.policy import load_profile
from desk_app.core.services.setup import ensure_profile_branches
from desk_app.demo.people import PeopleFactory
from tests.conftest import NOW, Desk

_names = itertools.count(1)


@dataclass
class Union:
    """One central database and the desks that sync with it."""

    server: Any
    admin: Engine
    database: str
    root: Path
    desks: dict[str, SyncDesk] = field(default_factory=dict)

    def desk(self, name: str, branch: str, code: str = "D1") -> SyncDesk:
        role, password = register_desk(self.admin, branch, code)
        path = self.root / f"{name}.sqlite"
        local = make_engine(sqlite_url(path))
        upgrade(local)
        factory = make_session_factory(local)
        profile = load_profile("foshan")
        people = PeopleFactory("foshan", seed=3)  # the same people at every desk: the same person can walk in twice
        desk = Desk(profile, lambda: SqlUnitOfWork(factory), people, now=NOW)
        with SqlUnitOfWork(factory) as uow:
            ensure_profile_branches(uow, profile)
        central = create_engine(self.server.url(self.database, role, password), pool_pre_ping=True)
        made = SyncDesk(name, branch, desk, local, factory, central, SyncEngine(factory, central, role), role)
        self.desks[name] = made
        return made

    def desk_engine(self, desk: SyncDesk) -> Engine:
        return desk.central

    def close(self) -> None:
        for desk in self.desks.values():
            desk.central.dispose()
            if desk._real_central is not None:
                desk._real_central.dispose()
            desk.local.dispose()
        self.admin.dispose()


@dataclass
class SyncDesk:
    name: str
    branch: str
    desk: Desk
    local: Engine
    factory: Any
    central: Engine
    sync: SyncEngine
    role: str
    online: bool = True
    _real_central: Any = None

    def run(self, use_case: Any, *args: Any, **kwargs: Any) -> Any:
        return self.desk.run(use_case, *args, branch=self.branch, **kwargs)

    def cards(self) -> dict[str, str]:
        with self.local.connect() as connection:
            return {str(k): str(v) for k, v in connection.execute(text("SELECT id, status FROM cards"))}

    def at(self, moment: datetime) -> None:
        self.desk.now = moment

    def sync_conflicts(self) -> list[Any]:
        return self.link().conflicts()

    def link(self) -> Any:
        """The desk-side helper the app and the CLI use, wired to this desk's engines."""
        from desk_app.sync_desk import CentralLink

        link = CentralLink.__new__(CentralLink)
        link.desk = _OpenDeskView(self.factory, self.desk)  # type: ignore[assignment]
        link.user = self.role
        link._engine = self.central
        link.url, link.ca_file, link._checked, link.check_every = "postgresql://test/x", "", None, 10.0
        return link

    def go_offline(self, postgres: Any) -> None:
        """Point the desk at a port where nothing listens, as a cut cable would."""
        self._real_central = self.central
        self.central = create_engine(f"postgresql+psycopg://{self.role}:x@127.0.0.1:1/none", pool_pre_ping=True)
        self.sync = SyncEngine(self.factory, self.central, self.role)

    def come_back(self) -> None:
        self.central.dispose()
        self.central, self._real_central = self._real_central, None
        self.sync = SyncEngine(self.factory, self.central, self.role)


@dataclass
class _OpenDeskView:
    session_factory: Any
    desk: Desk

    def uow(self) -> Any:
        return self.desk.open_uow()


@contextmanager
def union(server: Any, root: Path) -> Iterator[Union]:
    name = f"union_{next(_names)}_{id(root) % 10000}"
    maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with maintenance.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin = create_engine(server.url(name), pool_pre_ping=True)
    init_central(admin, load_profile("foshan"))
    root.mkdir(parents=True, exist_ok=True)
    made = Union(server, admin, name, root)
    try:
        yield made
    finally:
        made.close()
        with maintenance.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        maintenance.dispose()
        shutil.rmtree(root, ignore_errors=True)


def cli_environment(home: Path) -> dict[str, str]:
    """A `carddesk` subprocess with its own settings and data folders and a real (encrypted file) keyring
    whose key comes from the environment, as a CI secret would give it."""
    import os

    return os.environ | {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHON_KEYRING_BACKEND": "tests.test_keyring_backend.TestKeyring",
        "CARDDESK_TEST_KEYRING": str(home / "keyring.cfg"),
    }


def empty_database(server: Any, name: str) -> str:
    """A new, empty database on the test server; returns its superuser URL for `central init`."""
    maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {name}"))
    finally:
        maintenance.dispose()
    return f"postgresql://postgres:{server.password}@127.0.0.1:{server.port}/{name}"
