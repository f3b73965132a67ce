"""Shared fixtures: a desk on the fake unit of work and the same desk on a real SQLite file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade
from db.uow import SqlUnitOfWork
from desk_app.core.entities import Actor, Staff
from desk_app.core.policy import Profile, load_profile
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.setup import add_staff, ensure_profile_branches
from desk_app.demo.people import PeopleFactory, SyntheticPerson
from tests import ui_thread_guard
from tests.fakes import FakeUnitOfWork

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One real keyring for the whole run, in this process and in every `carddesk` it starts (an encrypted file,
# keyed from the environment): the desk files' key, desks' tokens and staff verifiers live there.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "tests.test_keyring_backend.TestKeyring")
os.environ.setdefault("CARDDESK_TEST_KEYRING", str(Path(tempfile.mkdtemp(prefix="carddesk-keyring-")) / "k.cfg"))
# The backend lives in tests/: every process the run starts, wherever it starts, finds it.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH", "")]))
ui_thread_guard.install()


@pytest.fixture(autouse=True)
def _nothing_blocks_the_ui_thread() -> Iterator[None]:
    """Every test, the GUI ones above all, fails if the window ran SQL or device I/O on the UI thread."""
    ui_thread_guard.violations.clear()
    yield
    found = list(ui_thread_guard.violations)
    ui_thread_guard.violations.clear()
    assert not found, found[0]


# 10:00 in Beijing on 22 November 2026.
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)


@dataclass
class Desk:
    """One library's desks over one database: act as any branch, read the database afterwards."""

    profile: Profile
    open_uow: Callable[[], AbstractContextManager[Any]]
    people: PeopleFactory
    now: datetime = NOW
    staff: dict[tuple[str, str], Staff] = field(default_factory=dict)

    def member(self, branch: str | None = None, role: str = "counter") -> Staff:
        code = branch or self.profile.branches[0].code
        if (code, role) not in self.staff:
            with self.open_uow() as uow:
                self.staff[(code, role)] = add_staff(uow, f"{role}-{code}", "测试馆员", code, role)
        return self.staff[(code, role)]

    def ctx(self, branch: str | None = None, desk: str = "D1", role: str = "counter") -> DeskContext:
        code = branch or self.profile.branches[0].code
        return DeskContext(Actor(self.member(code, role).id, code, desk), self.profile, clock=lambda: self.now)

    def run(
        self, use_case: Callable[..., Any], *args: Any, branch: str | None = None, role: str = "counter", **kwargs: Any
    ) -> Any:
        with self.open_uow() as uow:
            return use_case(uow, self.ctx(branch, role=role), *args, **kwargs)

    def read(self, reader: Callable[[Any], Any]) -> Any:
        with self.open_uow() as uow:
            return reader(uow)

    def person(self, age: int, male: bool | None = None) -> SyntheticPerson:
        return self.people.person(age, TODAY, male)


def id_card(person: SyntheticPerson) -> DocumentInput:
    return DocumentInput("resident_id", person.citizen_number)


@pytest.fixture(params=["fake", "sqlite"])
def uow_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_desk(uow_kind: str, tmp_path: Path) -> Iterator[Callable[[str], Desk]]:
    engines = []

    def build(profile_name: str) -> Desk:
        profile = load_profile(profile_name)
        if uow_kind == "fake":
            fake = FakeUnitOfWork()
            opener: Callable[[], AbstractContextManager[Any]] = lambda: fake  # noqa: E731
        else:
            engine = make_engine(sqlite_url(tmp_path / f"{profile_name}.sqlite"))
            engines.append(engine)
            upgrade(engine)
            factory = make_session_factory(engine)
            opener = lambda: SqlUnitOfWork(factory)  # noqa: E731
        desk = Desk(profile, opener, PeopleFactory(profile_name, seed=7))
        with opener() as uow:
            ensure_profile_branches(uow, profile)
        return desk

    yield build
    for engine in engines:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """One private PostgreSQL server for the whole run (each test makes its own databases in it)."""
    import shutil
    import tempfile

    from desk_app.demo.postgres import private_postgres

    root = Path(tempfile.mkdtemp(prefix="carddesk-pg-"))  # the server user must be able to enter it
    try:
        with private_postgres(root) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def cups() -> Iterator[Any]:
    """A private CUPS with a cups-pdf printer, one per test module (its output folder is read back)."""
    import shutil
    import tempfile

    from tests.cups_server import private_cups

    root = Path(tempfile.mkdtemp(prefix="carddesk-cups-"))  # CUPS's filters run as lp and must enter it
    root.chmod(0o755)
    try:
        with private_cups(root) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def test_keyring() -> Iterator[None]:
    """This process reads the desks' tokens as `carddesk` does: from the encrypted test keyring."""
    import keyring

    from tests.test_keyring_backend import TestKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(TestKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def pcscd() -> Iterator[Any]:
    """A real pcscd with the vpcd driver for a module's tests (only one can run on the machine)."""
    from tests.pcsc_daemon import PcscDaemon

    daemon = PcscDaemon()
    daemon.start()
    yield daemon
    daemon.finish()


@pytest.fixture
def standin(tmp_path: Path) -> Iterator[Any]:
    """The SDK stand-in libraries' reader (devices/emulators/sdk_standin.py), pointed at by this process."""
    import os

    from devices.emulators.sdk_standin import STATE_VARIABLE, StandInReader

    made = StandInReader(tmp_path / "standin")
    before = os.environ.get(STATE_VARIABLE)
    made.use_here()
    yield made
    if before is None:
        os.environ.pop(STATE_VARIABLE, None)
    else:
        os.environ[STATE_VARIABLE] = before
