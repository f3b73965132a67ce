"""The union service when things break: the network cut at several points of a push, the desk killed in
the middle of a sync, the service killed in the middle of a batch. Each time, doing it again applies every
command exactly once."""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from desk_app.bootstrap import open_desk
from desk_app.core.errors import DeskError
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand
from desk_app.crashpoints import CRASH_ENV, CRASH_EXIT
from desk_app.demo.certificates import make_ca
from desk_app.demo.people import PeopleFactory
from desk_app.settings import load_settings
from desk_app.union_desk import UnionLink, run_command
from tests.environments import cli_environment, empty_database
from tests.tcp_proxy import Cut, TcpProxy, free_port
from tests.test_union_service import ADMIN_PASSWORD, _enrol, _rows, carddesk


class Service:
    """`carddesk union serve` that a test can kill and start again on the same port."""

    def __init__(self, db: str, ca: Any) -> None:
        self.db, self.ca, self.port = db, ca, free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, crash_at: str = "") -> None:
        """`crash_at`: a crash point where the service ends at once, as kill -9 would end it."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desk_app", "--profile", "foshan", "union", "serve", "--db", self.db, "--listen",
             f"127.0.0.1:{self.port}", "--cert", str(self.ca.cert_file), "--key", str(self.ca.key_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, CRASH_ENV: crash_at},
        )  # fmt: skip
        context = ssl.create_default_context(cafile=str(self.ca.ca_file))
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", verify=context, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the union service did not start"
            time.sleep(0.2)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


@contextmanager
def started_service(postgres: Any, root: Path, name: str, admins: dict[str, str]) -> Iterator[Service]:
    """A union database `name` with an administrator per branch (branch: username), served on a port of its
    own by a `carddesk union serve` the test can kill; killed at the end if it still runs."""
    db = empty_database(postgres, name)
    assert carddesk("union", "init", "--db", db).returncode == 0
    for branch, user in admins.items():
        made = carddesk("union", "staff", "add", user, "--db", db, "--name", "馆长", "--role", "admin",
                        "--staff-branch", branch, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
        assert made.returncode == 0, made.stderr
    running = Service(db, make_ca(root / "tls"))
    running.start()
    try:
        yield running
    finally:
        if running.process is not None and running.process.poll() is None:
            running.kill()


@pytest.fixture(scope="module")
def service(postgres: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with started_service(
        postgres, tmp_path_factory.mktemp("union-faults"), "union_faults", {"FSLIB": "fs-admin"}
    ) as running:
        yield running


def _desk(service: Service, tmp_path: Path, desk_code: str, url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    env = cli_environment(tmp_path) | {"CARDDESK_TEST_KEYRING": str(tmp_path.parent / "keyring.cfg")}
    desk_db = tmp_path / "desk.sqlite"
    code = _enrol({"db": service.db}, "FSLIB", desk_code)
    joined = carddesk("--db", str(desk_db), "join", "--url", url, "--code", code, "--ca-file",
                      str(service.ca.ca_file), env=env)  # fmt: skip
    assert joined.returncode == 0, joined.stderr
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "CARDDESK_TEST_KEYRING"):
        monkeypatch.setenv(variable, env[variable])
    return desk_db, env


# One source of synthetic people for the whole module: two desks never register the same person by chance.
PEOPLE = PeopleFactory("foshan", seed=91)


def _queue(desk_db: Path, desk_code: str, count: int) -> UnionLink:
    desk = open_desk(desk_db, "foshan")
    link = UnionLink(desk, load_settings())
    ctx, session = link.sign_in("fs-admin", ADMIN_PASSWORD, desk_code)
    link.signed_in(session)
    for _ in range(count):
        person = PEOPLE.person(35, datetime.now(UTC).date())
        document = DocumentInput("resident_id", person.citizen_number)
        run_command(
            desk, ctx, "issue_card", IssueCardCommand(name=person.name, phone=person.phone, documents=(document,))
        )
    return link


def _applied(service: Service, desk_code: str) -> int:
    query = "SELECT count(*) FROM union_commands c JOIN union_desks d ON d.id = c.desk_id WHERE d.desk_code = "
    return int(_rows(service.db, f"{query}'{desk_code}'")[0][0])


def _change_seqs(service: Service, desk_code: str, wanted: str) -> Any:
    return _rows(service.db, f"SELECT {wanted} FROM union_changes x JOIN union_commands c ON c.id = x.command_id "  # noqa: S608
                 f"JOIN union_desks d ON d.id = c.desk_id WHERE d.desk_code = '{desk_code}'")[0]  # fmt: skip


def _applied_once(service: Service, desk_code: str, count: int) -> None:
    commands = _rows(service.db, "SELECT c.status, count(*) FROM union_commands c JOIN union_desks d ON d.id = "  # noqa: S608
                     f"c.desk_id WHERE d.desk_code = '{desk_code}' GROUP BY c.status")  # fmt: skip
    assert [tuple(r) for r in commands] == [("applied", count)]
    cards = _rows(service.db, f"SELECT count(*) FROM cards WHERE number LIKE 'FSFSLIB{desk_code}%'")  # noqa: S608
    assert cards == [(count,)]


def test_a_push_cut_anywhere_is_simply_pushed_again(service, tmp_path, monkeypatch, test_keyring):
    proxy = TcpProxy(service.port)
    desk_db, _env = _desk(service, tmp_path, "F1", f"https://127.0.0.1:{proxy.port}", monkeypatch)
    link = _queue(desk_db, "F1", 40)
    try:
        # Before the request is whole; after it arrived (the union applies, the answer never comes); in the
        # middle of the answer.
        for cut in (Cut(up=200), Cut(up=4000), Cut(down=0), Cut(down=3000)):
            proxy.cut = cut
            with pytest.raises(DeskError) as dropped:
                link.push(link.sessions)
            assert dropped.value.code == "union.unreachable"
        report = link.push(link.sessions)
        assert report.pending == 0 and report.pushed + report.duplicates == 40 and report.duplicates > 0
    finally:
        link.desk.close()
        proxy.close()
    _applied_once(service, "F1", 40)


def test_the_desk_killed_in_the_middle_of_a_sync_syncs_again_exactly_once(service, tmp_path, monkeypatch, test_keyring):
    desk_db, env = _desk(service, tmp_path, "F2", service.url, monkeypatch)
    _queue(desk_db, "F2", 600).desk.close()
    for after in (0.8, 1.6):
        command = [sys.executable, "-m", "desk_app", "--db", str(desk_db), "--staff", "fs-admin", "--password-stdin"]
        syncing = subprocess.Popen([*command, "sync", "--json"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        assert syncing.stdin is not None
        syncing.stdin.write((ADMIN_PASSWORD + "\n").encode())
        syncing.stdin.close()
        time.sleep(after)
        os.kill(syncing.pid, signal.SIGKILL)
        syncing.wait(10)
    done = carddesk("--db", str(desk_db), "--staff", "fs-admin", "--password-stdin", "sync", "--json", env=env,
                    stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pending"] == 0
    _applied_once(service, "F2", 600)


def test_the_service_killed_in_the_middle_of_a_batch_loses_nothing_and_applies_nothing_twice(
    service, tmp_path, monkeypatch, test_keyring
):
    desk_db, _env = _desk(service, tmp_path, "F3", service.url, monkeypatch)
    link = _queue(desk_db, "F3", 1000)
    service.kill()
    service.start(crash_at="union.turn_committed")  # ends after the first of the batch's turns is committed
    try:
        with pytest.raises(DeskError) as cut:
            link.push(link.sessions)
        assert cut.value.code == "union.unreachable"
        assert service.process is not None and service.process.wait(10) == CRASH_EXIT
        assert 0 < _applied(service, "F3") < 1000  # the middle of the batch
        service.start()
        report = link.push(link.sessions)
        assert report.pending == 0
    finally:
        link.desk.close()
    _applied_once(service, "F3", 1000)


def test_a_large_push_from_one_desk_never_holds_up_another_desks_issue_for_more_than_a_second(
    service, tmp_path, monkeypatch, test_keyring
):
    """The batch is applied in short turns on the audit chain: a desk's single issue (and its staff's sign-in)
    gets its turn within a second while another desk's 2,500 commands are being applied."""
    big_db, _env = _desk(service, tmp_path / "big", "F4", service.url, monkeypatch)
    big = _queue(big_db, "F4", 2500)
    small_db, _env = _desk(service, tmp_path / "small", "F5", service.url, monkeypatch)
    small = _queue(small_db, "F5", 1)
    pushed: list[Any] = []
    pushing = threading.Thread(target=lambda: pushed.append(big.push(big.sessions)))
    try:
        pushing.start()
        while not 0 < _applied(service, "F4") < 2500:  # the large batch is being applied
            assert pushing.is_alive()
            time.sleep(0.02)
        begun = time.perf_counter()
        _ctx, session = small.sign_in("fs-admin", ADMIN_PASSWORD, "F5")
        report = small.push([session])
        waited = time.perf_counter() - begun
        assert report.pushed == 1
        assert waited < 1.0 + 0.5, waited  # one turn of the other desk at most, plus this desk's own work
        pushing.join(120)
        assert pushed and pushed[0].pending == 0
    finally:
        big.desk.close()
        small.desk.close()
    _applied_once(service, "F4", 2500)
    # The small desk's issue went in between two turns of the large batch, not after it.
    first, last = _change_seqs(service, "F4", "min(x.seq), max(x.seq)")
    (small_at,) = _change_seqs(service, "F5", "min(x.seq)")
    assert first < small_at < last
