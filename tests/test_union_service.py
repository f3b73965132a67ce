"""The union service for real: PostgreSQL, `carddesk union serve` under uvicorn with a certificate from a test
CA, desks as separate `carddesk` processes and over HTTPS. A desk's own credential cannot do more than its
branch's signed-in staff may."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from desk_app.core.commands import CardRef, to_json
from desk_app.core.errors import DeskError
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand
from desk_app.demo.certificates import make_ca
from desk_app.demo.people import PeopleFactory
from desk_app.union_client import UnionClient, check_url
from tests.environments import cli_environment, empty_database, keyed_desk_file
from tests.test_issue_card import adult_cmd

ADMIN_PASSWORD = "union-admin-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def carddesk(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desk_app", "--profile", "foshan", *args], capture_output=True,
                          text=True, env=env or dict(os.environ), input=stdin, timeout=120, check=False)  # fmt: skip


@contextmanager
def running_union(postgres: Any, root: Any, name: str) -> Iterator[dict[str, Any]]:
    """A union database `name` (made by `union init`, with an administrator for FSLIB and SDLIB), served by
    `carddesk union serve` as a login role of its own, over TLS with a CA made for it."""
    ca = make_ca(root / "tls")
    db = empty_database(postgres, name)
    # The service runs as a login role of its own, a member of the runtime role; IT keeps the owner's URL.
    login, runtime_password = f"{name}_login", "runtime-" + uuid.uuid4().hex
    admin = create_engine(postgres.url(name).replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP ROLE IF EXISTS {login}")
        connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN PASSWORD '{runtime_password}'")
    admin.dispose()
    initialised = carddesk("union", "init", "--db", db, "--grant-to", login)
    assert initialised.returncode == 0, initialised.stderr
    runtime = postgres.url(name, login, runtime_password)
    for user, branch in (("fs-admin", "FSLIB"), ("sd-admin", "SDLIB")):
        made = carddesk("union", "staff", "add", user, "--db", db, "--name", "馆长", "--role", "admin",
                        "--staff-branch", branch, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
        assert made.returncode == 0, made.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "--profile", "foshan", "union", "serve", "--db", runtime, "--listen",
         f"127.0.0.1:{port}", "--cert", str(ca.cert_file), "--key", str(ca.key_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            context = ssl.create_default_context(cafile=str(ca.ca_file))
            if httpx.get(f"{url}/v1/health", verify=context, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
        assert time.monotonic() < deadline, "the union service did not start"
        time.sleep(0.2)
    try:
        yield {"db": db, "runtime": runtime, "url": url, "ca": ca, "root": root}
    finally:
        server.terminate()
        server.wait(10)
        if server.stdout:
            server.stdout.close()
        if server.stderr:
            server.stderr.close()


@pytest.fixture(scope="module")
def union(postgres: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with running_union(postgres, tmp_path_factory.mktemp("union"), "union_service") as running:
        yield running


def _rows(db: str, sql: str) -> list[Any]:
    engine = create_engine(db.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql)))
    finally:
        engine.dispose()


def _enrol(union: dict[str, Any], branch: str, desk: str) -> str:
    made = carddesk("union", "enrol-desk", "--db", union["db"], "--branch", branch, "--desk", desk, "--json")
    assert made.returncode == 0, made.stderr
    shown = json.loads(made.stdout)
    assert set(shown) == {"branch", "desk", "code", "expires"} and (shown["branch"], shown["desk"]) == (branch, desk)
    return str(shown["code"])


def _desk_token(union: dict[str, Any], branch: str, desk: str) -> str:
    """A desk enrolled directly through the API, as `join` does, for tests that need only its token."""
    answer = UnionClient(union["url"], ca_file=str(union["ca"].ca_file)).enrol(_enrol(union, branch, desk))
    return str(answer["token"])


def _issue(person: Any, staff_id: str, number: int, desk: str = "D1", branch: str = "FSLIB") -> dict[str, Any]:
    cmd = adult_cmd(person)
    return {
        "id": str(uuid.uuid4()),
        "name": "issue_card",
        "staff_id": staff_id,
        "at": datetime.now(UTC).isoformat(),
        "inputs": to_json(cmd),
        "numbers": {f"virtual:{branch}:{desk}": [number]},
    }


def test_a_desk_joins_with_a_one_time_code_and_keeps_only_its_token_in_the_keyring(union, tmp_path):
    env = cli_environment(tmp_path)
    desk_db = tmp_path / "desk.sqlite"
    code = _enrol(union, "FSLIB", "D7")
    joined = carddesk("--db", str(desk_db), "join", "--url", union["url"], "--code", code, "--ca-file",
                      str(union["ca"].ca_file), env=env)  # fmt: skip
    assert joined.returncode == 0, joined.stderr
    assert json.loads(joined.stdout)["branch"] == "FSLIB"
    again = carddesk("--db", str(desk_db), "join", "--url", union["url"], "--code", code, "--ca-file",
                     str(union["ca"].ca_file), env=env)  # fmt: skip
    assert again.returncode == 2 and "入网码无效" in again.stderr  # one time only
    settings = (tmp_path / "config" / "CardDesk" / "settings.json").read_text()
    assert union["url"] in settings and "token" not in settings
    hashes = _rows(union["db"], "SELECT token_hash FROM union_desks WHERE desk_code = 'D7'")
    assert len(hashes) == 1 and len(hashes[0][0]) == 64  # only the hash is at the union
    assert code not in str(_rows(union["db"], "SELECT * FROM union_enrolments"))


def test_tls_is_checked_against_the_librarys_ca_and_plain_http_only_on_loopback(union, tmp_path):
    other = make_ca(tmp_path / "other", name="Somebody else's CA")
    with pytest.raises(DeskError) as wrong_ca:
        UnionClient(union["url"], ca_file=str(other.ca_file)).health()
    assert wrong_ca.value.code == "union.unreachable"
    with pytest.raises(DeskError) as plain:
        check_url("http://union.library.example:8080")
    assert plain.value.code == "union.https_required"
    assert check_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"


def test_staff_sign_in_against_the_union_and_only_at_a_desk_of_their_own_branch(union):
    token = _desk_token(union, "FSLIB", "D2")
    desk = UnionClient(union["url"], token, str(union["ca"].ca_file))
    signed = desk.sign_in("fs-admin", ADMIN_PASSWORD)
    assert signed["branch"] == "FSLIB" and signed["role"] == "admin" and signed["session"]
    for username, password in (("sd-admin", ADMIN_PASSWORD), ("fs-admin", "wrong-password-1")):
        with pytest.raises(DeskError) as refused:
            desk.sign_in(username, password)
        assert refused.value.code == "staff.bad_credentials"  # the same answer: no hint which part was wrong
    with pytest.raises(DeskError) as forged:
        UnionClient(union["url"], "not-a-token", str(union["ca"].ca_file)).sign_in("fs-admin", ADMIN_PASSWORD)
    assert forged.value.code == "union.desk_unknown"


def test_commands_are_run_again_by_the_unions_rules_once_each(union):
    token = _desk_token(union, "FSLIB", "D3")
    desk = UnionClient(union["url"], token, str(union["ca"].ca_file))
    signed = desk.sign_in("fs-admin", ADMIN_PASSWORD)
    sessions = {signed["staff_id"]: signed["session"]}
    person = PeopleFactory("foshan", seed=41).person(30, datetime.now(UTC).date())
    command = _issue(person, signed["staff_id"], 1, desk="D3")
    (applied,) = desk.push([command], sessions)
    assert applied["status"] == "applied", applied
    assert applied["result"]["card_number"] == "FSFSLIBD3000001"
    (again,) = desk.push([command], sessions)
    assert again["status"] == "duplicate" and again["result"] == applied["result"]
    cards = _rows(union["db"], "SELECT number, home_branch_code, reader_id FROM cards WHERE number = 'FSFSLIBD3000001'")
    # The ids the desk drew are the union's ids: the same reader on both sides.
    assert [(n, b, str(r)) for n, b, r in cards] == [("FSFSLIBD3000001", "FSLIB", applied["result"]["reader_id"])]


def test_a_desks_credential_cannot_act_for_staff_who_did_not_sign_in_there_nor_for_another_branch(union):
    fs = UnionClient(union["url"], _desk_token(union, "FSLIB", "D4"), str(union["ca"].ca_file))
    sd = UnionClient(union["url"], _desk_token(union, "SDLIB", "D1"), str(union["ca"].ca_file))
    sd_admin = sd.sign_in("sd-admin", ADMIN_PASSWORD)
    person = PeopleFactory("foshan", seed=42).person(30, datetime.now(UTC).date())
    # Desk FSLIB-D4 names Shunde's administrator, even with the session Shunde's own desk got: not here.
    (borrowed,) = fs.push([_issue(person, sd_admin["staff_id"], 1, desk="D4")],
                          {sd_admin["staff_id"]: sd_admin["session"]})  # fmt: skip
    assert borrowed["status"] == "needs_sign_in"
    fs_admin = fs.sign_in("fs-admin", ADMIN_PASSWORD)
    sessions = {fs_admin["staff_id"]: fs_admin["session"]}
    (planted,) = fs.push([{**_issue(person, fs_admin["staff_id"], 2, desk="D4"), "name": "create_staff",
                           "inputs": {"username": "evil", "role": "admin"}}], sessions)  # fmt: skip
    assert planted["status"] == "refused" and planted["code"] == "union.bad_command"
    reused = _issue(person, fs_admin["staff_id"], 1, desk="D4")
    reused["numbers"] = {"virtual:SDLIB:D1": [1]}  # another desk's sequence: the rules never ask for it
    (refused,) = fs.push([reused], sessions)
    assert refused["status"] == "refused" and refused["code"] == "union.number_missing"
    assert _rows(union["db"], "SELECT count(*) FROM staff WHERE username = 'evil'") == [(0,)]


def test_two_desks_registering_one_person_give_one_card_and_one_refusal_the_union_lists(union):
    a = UnionClient(union["url"], _desk_token(union, "FSLIB", "D5"), str(union["ca"].ca_file))
    b = UnionClient(union["url"], _desk_token(union, "FSLIB", "D6"), str(union["ca"].ca_file))
    person = PeopleFactory("foshan", seed=43).person(35, datetime.now(UTC).date())
    for desk, code in ((a, "D5"), (b, "D6")):
        signed = desk.sign_in("fs-admin", ADMIN_PASSWORD)
        sessions = {signed["staff_id"]: signed["session"]}
        command = _issue(person, signed["staff_id"], 1, desk=code)
        outcome = desk.push([command], sessions, outbox_depth=3, audit_head=(7, "ab" * 32))[0]
        if code == "D5":
            assert outcome["status"] == "applied"
        else:
            assert outcome["status"] == "refused" and outcome["code"] == "card.already_has_card"
    listed = carddesk("union", "desks", "--db", union["db"], "--json")
    rows = {(r["branch"], r["desk"]): r for r in json.loads(listed.stdout)}
    assert rows[("FSLIB", "D6")]["open_conflicts"] == 1 and rows[("FSLIB", "D5")]["open_conflicts"] == 0
    assert rows[("FSLIB", "D5")]["last_push"] is not None
    assert set(rows[("FSLIB", "D5")]) >= {"branch", "desk", "last_push", "outbox_depth", "open_conflicts"}
    assert rows[("FSLIB", "D5")]["outbox_depth"] == 3
    heads = _rows(union["db"], "SELECT seq, hash FROM union_audit_heads")
    assert (7, "ab" * 32) in heads  # each push's audit chain head, kept at the union


def test_a_revoked_desk_is_refused_at_once(union):
    token = _desk_token(union, "FSLIB", "D8")
    desk = UnionClient(union["url"], token, str(union["ca"].ca_file))
    desk.sign_in("fs-admin", ADMIN_PASSWORD)
    revoked = carddesk("union", "revoke-desk", "--db", union["db"], "--branch", "FSLIB", "--desk", "D8")
    assert revoked.returncode == 0, revoked.stderr
    with pytest.raises(DeskError) as gone:
        desk.sign_in("fs-admin", ADMIN_PASSWORD)
    assert gone.value.code == "union.desk_unknown"


def test_a_joined_desk_runs_use_cases_as_commands_and_sync_pushes_them_for_the_staff_who_signed_in(
    union, tmp_path, monkeypatch, test_keyring
):
    """The desk as separate processes: join, sign in against the union (the local account follows the union's),
    a loss reported at the desk and queued in the same transaction, `sync --json` in its old shape."""
    from desk_app.bootstrap import open_desk
    from desk_app.union_desk import run_command

    desk_db, env = _join(union, tmp_path, "desk", "FSLIB", "D9")
    with _signed_in(desk_db, env, monkeypatch, "fs-admin", "D9") as (desk, link, ctx):
        person = PeopleFactory("foshan", seed=44).person(28, datetime.now(UTC).date())
        cmd = adult_cmd(person)
        issued = run_command(desk, ctx, "issue_card", cmd)
        assert link.pending() == 1
        report = link.push(link.sessions)
        assert (report.pushed, report.pending, report.conflicts) == (1, 0, 0)
    lost = carddesk("--db", str(desk_db), "--staff", "fs-admin", "--password-stdin", "report-loss",
                    issued.card_number, env=env, stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert lost.returncode == 0 and lost.stdout.strip() == "lost", lost.stderr
    unattended = carddesk("--db", str(desk_db), "sync", "--json", env=env)
    waiting = json.loads(unattended.stdout)
    assert set(waiting) == {"pushed", "duplicates", "deferred", "conflicts", "pulled", "skipped", "open_conflicts",
                            "pending"}  # fmt: skip
    assert (waiting["pushed"], waiting["deferred"], waiting["pending"]) == (0, 1, 1)  # nobody vouched for it
    vouched = carddesk("--db", str(desk_db), "--staff", "fs-admin", "--password-stdin", "sync", "--json", env=env,
                       stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert json.loads(vouched.stdout)["pushed"] == 1 and json.loads(vouched.stdout)["pending"] == 0
    status = _rows(union["db"], f"SELECT status FROM cards WHERE number = '{issued.card_number}'")  # noqa: S608
    assert status == [("lost",)]
    # The union's staff id is the desk's: the local account follows the union's, with an offline verifier only.
    staff = _rows(union["db"], "SELECT id FROM staff WHERE username = 'fs-admin'")
    local = open_desk(desk_db, "foshan")
    try:
        with local.uow() as uow:
            assert [s.id for s in uow.staff.where(username="fs-admin")] == [staff[0][0]]
            assert len(uow.staff.where()) == 1  # no other branch's account, no other hash
    finally:
        local.close()


def test_audit_verify_compares_the_chain_with_the_heads_the_union_was_shown(union, tmp_path, monkeypatch):
    """A cut tail or a chain re-hashed after an edit passes the local check, and not the union's (exit 3)."""

    from desk_app.bootstrap import open_desk
    from desk_app.core.audit_chain import seal

    env = cli_environment(tmp_path)
    desk_db = tmp_path / "desk.sqlite"
    code = _enrol(union, "FSLIB", "D10")
    assert carddesk("--db", str(desk_db), "join", "--url", union["url"], "--code", code, "--ca-file",
                    str(union["ca"].ca_file), env=env).returncode == 0  # fmt: skip
    # A sign-in and a push: the push carries the chain's head, which the union keeps.
    for _ in range(2):
        pushed = carddesk("--db", str(desk_db), "--staff", "fs-admin", "--password-stdin", "sync", "--json",
                          env=env, stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
        assert pushed.returncode == 0, pushed.stderr

    def verify() -> subprocess.CompletedProcess[str]:
        return carddesk("--db", str(desk_db), "audit", "verify", "--json", env=env)

    assert verify().returncode == 0
    raw = keyed_desk_file(desk_db)
    before = raw.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    # Whoever holds the file can drop the append-only triggers: only the union's copy of the heads remains.
    for (trigger,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"):
        raw.execute(f'DROP TRIGGER "{trigger}"')
    raw.execute("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    raw.commit()
    raw.close()
    cut = verify()
    assert cut.returncode == 3 and "cut off" in cut.stdout, (before, cut.stdout)

    desk = open_desk(desk_db, "foshan")
    try:
        with desk.uow() as uow:  # an attacker with the file: edit the first record and hash the chain anew
            records = sorted(uow.audit.where(), key=lambda r: r.seq)
            records[0].reason = "edited"
            previous = (0, "")
            for record in records:
                seal(record, *previous)
                uow.audit.save(record)
                previous = (record.seq, record.hash)
            uow.commit()
    finally:
        desk.close()
    assert carddesk("--db", str(desk_db), "sync", "--json", env=env).returncode == 0  # offline-safe, no sign-in
    rewritten = verify()
    assert rewritten.returncode == 3 and "rewritten" in rewritten.stdout


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_log",
        "UPDATE ledger_entries SET amount_fen = 1",
        "DELETE FROM union_commands",
        "UPDATE union_audit_heads SET hash = 'x'",
        "DELETE FROM card_events",
        "DROP TABLE cards",
        "ALTER TABLE staff ADD COLUMN x int",
        "CREATE TABLE planted (x int)",
        "ALTER ROLE union_service_login SUPERUSER",
    ],
)
def test_the_services_runtime_role_cannot_rewrite_history_or_the_schema(union, statement):
    engine = create_engine(union["runtime"].replace("postgresql://", "postgresql+psycopg://"))
    try:
        with pytest.raises(ProgrammingError, match=r"permission denied|must be"), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def test_the_union_has_no_security_definer_function(union):
    sql = (
        "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
    )
    found = _rows(union["db"], sql)
    assert found == []


def test_join_moves_a_desk_registered_the_old_way_and_deletes_its_database_password(union, tmp_path,
                                                                                     monkeypatch):  # fmt: skip
    """A desk registered with the old central database (its address and role in the settings, the role's
    password in the keyring) joins: the password is deleted and the old settings emptied. The old commands
    are gone: no desk can be registered with a database again."""
    from desk_app.settings import load_settings, save_settings
    from tests.test_keyring_backend import TestKeyring

    env = cli_environment(tmp_path)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "CARDDESK_TEST_KEYRING"):
        monkeypatch.setenv(name, env[name])
    role, address = "desk_fslib_d11", "postgresql://db.library.example:5432/carddesk"
    save_settings({**load_settings(), "central_url": address, "central_user": role})
    entry = f"central:{role}@{address}"
    TestKeyring().set_password("CardDesk", entry, "the-old-database-password")
    desk_db = tmp_path / "old.sqlite"
    for old in (["central", "init", "--url", address], ["central", "register-desk", "--url", address,
                "--desk-branch", "FSLIB", "--desk-code", "D11"]):  # fmt: skip
        refused = carddesk("--db", str(desk_db), *old, env=env)
        assert refused.returncode == 2 and "invalid choice: 'central'" in refused.stderr
    joined = carddesk("--db", str(desk_db), "join", "--url", union["url"], "--code", _enrol(union, "FSLIB", "D11"),
                      "--ca-file", str(union["ca"].ca_file), env=env)  # fmt: skip
    assert joined.returncode == 0, joined.stderr
    assert json.loads(joined.stdout)["moved_from"] == role
    assert TestKeyring().get_password("CardDesk", entry) is None
    settings = json.loads((tmp_path / "config" / "CardDesk" / "settings.json").read_text())
    assert settings["central_url"] == settings["central_user"] == "" and settings["union"]["url"] == union["url"]


def _join(
    union: dict[str, Any], tmp_path: Any, name: str, branch: str, desk: str, keyring_file: Any = None
) -> tuple[Any, dict[str, str]]:
    env = cli_environment(tmp_path / name)
    if keyring_file is not None:  # desks in one test process share a keyring (their tokens are kept by path)
        env["CARDDESK_TEST_KEYRING"] = str(keyring_file)
    desk_db = tmp_path / name / "desk.sqlite"
    joined = carddesk("--db", str(desk_db), "join", "--url", union["url"], "--code", _enrol(union, branch, desk),
                      "--ca-file", str(union["ca"].ca_file), env=env)  # fmt: skip
    assert joined.returncode == 0, joined.stderr
    return desk_db, env


def _sync(desk_db: Any, env: dict[str, str], staff: str = "") -> dict[str, int]:
    who = ["--staff", staff, "--password-stdin"] if staff else []
    done = carddesk("--db", str(desk_db), *who, "sync", "--json", env=env, stdin=ADMIN_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def card_with_a_deposit(desk: Any, ctx: Any, person: Any) -> Any:
    """A card issued at a joined desk, with a ¥100 deposit taken under an earlier policy (as commands)."""
    from desk_app.core.commands import MoneyTaken
    from desk_app.union_desk import run_command

    issued = run_command(desk, ctx, "issue_card", adult_cmd(person))
    run_command(desk, ctx, "take_money", MoneyTaken(issued.card_number, "deposit_taken", 10000, "前政策下收取的押金"))
    return issued


@contextmanager
def _signed_in(
    desk_db: Any, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, user: str, desk_code: str
) -> Iterator[tuple[Any, Any, Any]]:
    """A joined desk opened in this process as `carddesk` opens it (its settings, data and keyring), with a
    staff member signed in against the union: (the desk, its UnionLink, the staff member's context)."""
    from desk_app.bootstrap import open_desk
    from desk_app.settings import load_settings
    from desk_app.union_desk import UnionLink

    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "CARDDESK_TEST_KEYRING"):
        monkeypatch.setenv(name, env[name])
    desk = open_desk(desk_db, "foshan")
    try:
        link = UnionLink(desk, load_settings())
        ctx, session = link.sign_in(user, ADMIN_PASSWORD, desk_code)
        link.signed_in(session)
        yield desk, link, ctx
    finally:
        desk.close()


def test_desks_pull_their_own_branchs_readers_from_the_union_without_any_password_hash(
    union, tmp_path, monkeypatch, test_keyring
):
    """Desk A issues, desk B of the same branch pulls the reader and card (no reader or staff password hash),
    reports the card lost, and A pulls that; a desk of another branch pulls none of it."""
    from desk_app.bootstrap import open_desk
    from desk_app.union_desk import run_command

    a_db, a_env = _join(union, tmp_path, "a", "FSLIB", "D21")
    b_db, b_env = _join(union, tmp_path, "b", "FSLIB", "D22")
    c_db, c_env = _join(union, tmp_path, "c", "SDLIB", "D21")
    person = PeopleFactory("foshan", seed=2101).person(33, datetime.now(UTC).date())
    with _signed_in(a_db, a_env, monkeypatch, "fs-admin", "D21") as (desk, link, ctx):
        cmd = adult_cmd(person)
        card = run_command(desk, ctx, "issue_card", cmd).card_number
        assert link.push(link.sessions).pushed == 1
    first = _sync(b_db, b_env)
    assert first["pulled"] >= 4 and first["skipped"] == 0  # the issuing staff member, reader, document, card …
    assert _sync(b_db, b_env)["pulled"] == 0  # the cursor moved with the rows
    assert _sync(c_db, c_env)["pulled"] == 0  # another branch's desk holds none of it
    held = open_desk(b_db, "foshan")
    try:
        with held.uow() as uow:
            (reader,) = uow.readers.where(name=person.name)
            assert reader.name == person.name and {r.password_hash for r in uow.readers.where()} == {""}
            assert {r.home_branch_code for r in uow.readers.where()} == {"FSLIB"}
            assert uow.cards.where(number=card)[0].status.value == "active"
            assert {s.password_hash for s in uow.staff.where()} == {""}  # names behind the rows, never a hash
    finally:
        held.close()
    lost = carddesk("--db", str(b_db), "--staff", "fs-admin", "--password-stdin", "report-loss", card, env=b_env,
                    stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert lost.returncode == 0, lost.stderr
    assert _sync(b_db, b_env, "fs-admin")["pushed"] == 1
    assert _sync(a_db, a_env)["pulled"] >= 2  # the card and its loss event
    shown = carddesk("--db", str(a_db), "search", card, "--json", env=a_env)
    assert [r["card_status"] for r in json.loads(shown.stdout)] == ["lost"]


def test_a_refused_second_card_is_cancelled_at_its_desk_and_the_union_counts_it_resolved(
    union, tmp_path, monkeypatch, test_keyring
):
    """Two desks of one branch register one person offline: the union keeps the first card and refuses the
    second; staff at the second desk cancel their card there, and `union desks` no longer counts it open."""
    from desk_app.union_desk import run_command

    person = PeopleFactory("foshan", seed=3101).person(41, datetime.now(UTC).date())
    cmd = adult_cmd(person)
    for name, code in (("first", "D31"), ("second", "D32")):
        desk_db, env = _join(union, tmp_path, name, "FSLIB", code)
        with _signed_in(desk_db, env, monkeypatch, "fs-admin", code) as (desk, link, ctx):
            local_card = run_command(desk, ctx, "issue_card", cmd).card_number
            report = link.sync()
            if name == "first":
                assert report.pushed == 1
                continue
            assert (report.conflicts, report.open_conflicts) == (1, 1)
            (conflict,) = link.conflicts()
            assert conflict.reason == "card.already_has_card"
            signed = link.sessions
            link.sessions = []
            with pytest.raises(DeskError):
                link.resolve(ctx, conflict.change_id, "cancel-local")  # not signed in online: no session
            link.sessions = signed
            assert link.resolve(ctx, conflict.change_id, "cancel-local") == local_card
            assert link.conflicts() == [] and link.pending() == 0
            with desk.uow() as uow:
                assert uow.cards.where(number=local_card)[0].status.value == "cancelled"
    listed = json.loads(carddesk("union", "desks", "--db", union["db"], "--json").stdout)
    assert [d["open_conflicts"] for d in listed if d["desk"] == "D32"] == [0]


@contextmanager
def _two_desks(union: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, *codes: str) -> Iterator[list[Any]]:
    """Desks of FSLIB joined under these codes (sharing one keyring), each opened here with fs-admin signed in:
    [(desk, link, ctx), ...]."""
    keys = tmp_path / "keyring.cfg"
    joined = [_join(union, tmp_path, f"desk-{code}", "FSLIB", code, keys) for code in codes]
    with ExitStack() as opened:
        yield [
            opened.enter_context(_signed_in(desk_db, env, monkeypatch, "fs-admin", code))
            for (desk_db, env), code in zip(joined, codes, strict=True)
        ]


def test_a_refused_step_dismissed_at_its_desk_is_undone_there_and_the_desk_holds_what_the_union_holds(
    union, tmp_path, monkeypatch, test_keyring
):
    """Every kind of refusal converges: desk B, behind, reports a card lost that desk A already reported, and
    issues a card to someone A already registered. Dismissed at B, what B did is undone (its loss event and
    its reader, document and card for that person go) and B then holds exactly the union's rows."""
    from desk_app.union_desk import run_command

    people = PeopleFactory("foshan", seed=3141)
    today = datetime.now(UTC).date()
    holder, twice = people.person(35, today), people.person(47, today)
    with _two_desks(union, tmp_path, monkeypatch, "D61", "D62") as ((a, a_link, a_ctx), (b, b_link, b_ctx)):
        card = run_command(a, a_ctx, "issue_card", adult_cmd(holder)).card_number
        a_link.sync()
        b_link.sync()  # B holds the card
        run_command(a, a_ctx, "report_loss", CardRef(card))
        run_command(a, a_ctx, "issue_card", adult_cmd(twice))
        assert a_link.sync().pushed == 2
        run_command(b, b_ctx, "report_loss", CardRef(card))  # B has not pulled A's loss yet
        mine = run_command(b, b_ctx, "issue_card", adult_cmd(twice)).card_number
        report = b_link.push(b_link.sessions)
        assert (report.pushed, report.conflicts) == (0, 2)
        for conflict in b_link.conflicts():
            assert b_link.resolve(b_ctx, conflict.change_id, "dismiss") == ""
        assert b_link.conflicts() == [] and b_link.pending() == 0
        with b.uow() as uow:
            assert uow.cards.where(number=mine) == []  # the card the union never had is gone here
            assert [r.name for r in uow.readers.where(name=twice.name)] == []
        b_link.sync()

        def held(desk: Any) -> dict[str, list[str]]:
            with desk.uow() as uow:
                cards = sorted(f"{c.number}:{c.status.value}" for c in uow.cards.where())
                events = sorted(f"{e.kind}:{e.to_status.value}:{e.desk_code}" for e in uow.events.where())
                return {"cards": cards, "events": events, "readers": sorted(r.name for r in uow.readers.where())}

        a_link.sync()
        assert held(b) == held(a)  # the loss counted once, A's; one card for the person registered twice


def test_a_refused_step_that_moved_money_is_not_undone_by_dismissing_it(
    union, tmp_path, monkeypatch, test_keyring, qtbot
):
    from desk_app.core.commands import MoneyTaken
    from desk_app.union_desk import run_command

    person = PeopleFactory("foshan", seed=3143).person(52, datetime.now(UTC).date())
    with _two_desks(union, tmp_path, monkeypatch, "D63", "D64") as ((a, a_link, a_ctx), (b, b_link, b_ctx)):
        run_command(a, a_ctx, "issue_card", adult_cmd(person))
        assert a_link.sync().pushed == 1
        mine = run_command(b, b_ctx, "issue_card", adult_cmd(person)).card_number  # B did not know
        run_command(b, b_ctx, "take_money", MoneyTaken(mine, "pre_deposit", 5000))
        assert b_link.push(b_link.sessions).conflicts == 2
        taken = next(c for c in b_link.conflicts() if c.entity == "take_money")
        with pytest.raises(DeskError) as kept:
            b_link.resolve(b_ctx, taken.change_id, "dismiss")
        assert kept.value.code == "sync.money_moved"
        assert len(b_link.conflicts()) == 2  # still there, the cash still on record
        with b.uow() as uow:
            assert [e.amount_fen for e in uow.ledger.where(card_id=uow.cards.where(number=mine)[0].id)] == [5000]
        # The same from the window's conflict screen: the button says what it does, the refusal is shown.
        from desk_app.ui.sync_status import ConflictsDialog, SyncController

        controller = SyncController(b_link, b_ctx)
        dialog = ConflictsDialog(controller)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(controller.changed, timeout=30000):
            controller.sync_now()
        assert dialog.model.rowCount() == 2 and dialog.dismiss.text() == "以联盟记录为准(&D)"
        row = next(r for r in range(2) if dialog.model.item(r, 1).text() == "收款")
        dialog.table.selectRow(row)
        dialog.dismiss.click()
        qtbot.waitUntil(lambda: "款项" in dialog.message.text(), timeout=30000)
        controller.stop()


def test_a_refusal_whose_answer_was_lost_is_still_a_conflict_at_the_next_sync(
    union, tmp_path, monkeypatch, test_keyring
):
    """Found by the state machine: a second card the union refused, the answer lost on the way; the next
    push is answered `duplicate` with the refusal's code, and the desk lists it as the conflict it is (it
    used to drop it from the queue and keep a live card the union never had)."""
    from desk_app.union_desk import _wire, run_command

    person = PeopleFactory("foshan", seed=3301).person(36, datetime.now(UTC).date())
    cmd = adult_cmd(person)
    keyring_file = tmp_path / "keyring.cfg"
    first_db, first_env = _join(union, tmp_path, "first", "FSLIB", "D33", keyring_file)
    second_db, second_env = _join(union, tmp_path, "second", "FSLIB", "D34", keyring_file)
    with _signed_in(first_db, first_env, monkeypatch, "fs-admin", "D33") as (desk, link, ctx):
        run_command(desk, ctx, "issue_card", cmd)
        assert link.push(link.sessions).pushed == 1
    with _signed_in(second_db, second_env, monkeypatch, "fs-admin", "D34") as (desk, link, ctx):
        local_card = run_command(desk, ctx, "issue_card", cmd).card_number
        from db.models import CommandOutboxRow

        with desk.session_factory() as session:
            (row,) = session.query(CommandOutboxRow).all()
            lost = [_wire(row.id, row.name, row.staff_id, row.at, row.inputs, row.numbers)]
        (answer,) = link.client().push(lost, {str(s.staff_id): s.token for s in link.sessions})
        assert answer["status"] == "refused"  # … and the desk never heard it
        report = link.sync()
        assert (report.conflicts, report.open_conflicts, report.pending) == (1, 1, 0)
        (conflict,) = link.conflicts()
        assert conflict.reason == "card.already_has_card"
        assert link.resolve(ctx, conflict.change_id, "cancel-local") == local_card


def test_a_refund_applied_at_one_desk_is_paid_at_another_through_the_union_and_only_once(
    union, tmp_path, monkeypatch, test_keyring
):
    """Foshan 6.4 through the service: desk A takes the deposit, desk B of the home branch pulls, applies,
    approves and pays (the union decides the payment while B waits); A pulls the paid request; A's own request
    for the same deposit, made before it pulled, is refused by the union and nothing is paid twice."""
    from desk_app.core.services.refunds import RefundApplication
    from desk_app.money_desk import MoneyDesk

    person = PeopleFactory("foshan", seed=4101).person(52, datetime.now(UTC).date())
    opened = ExitStack()

    def desk_of(name: str, code: str) -> tuple[Any, MoneyDesk]:
        desk_db, env = _join(union, tmp_path, name, "FSLIB", code, tmp_path / "keyring.cfg")
        desk, link, ctx = opened.enter_context(_signed_in(desk_db, env, monkeypatch, "fs-admin", code))
        return link, MoneyDesk(desk, ctx, link.settings, link)

    with opened:
        a_link, a = desk_of("a", "D41")
        card = card_with_a_deposit(a.desk, a.ctx, person).card_number
        assert a_link.sync().pushed == 2
        application = RefundApplication(card, DocumentInput("resident_id", person.citizen_number),
                                        card_presented=True)  # fmt: skip
        mine = a.apply(application)  # A's own request, before it hears of B's
        a.approve(mine.id)
        b_link, b = desk_of("b", "D42")
        assert b_link.sync().pulled >= 4
        theirs = b.apply(application)
        b.approve(theirs.id)
        paid = b.pay(theirs.id)
        assert paid.view.status == "paid" and paid.view.refund_fen == 10000 and not paid.already
        assert len(paid.printed) == 1 and paid.view.receipts[0].startswith("FSLIB-D42-")
        assert b.pay(theirs.id).already  # a second click pays nothing
        with pytest.raises(DeskError) as refused:
            a.pay(mine.id)  # the deposit was closed at the union by B's payment
        assert refused.value.code == "union.command_refused"
        for item in ("document_copy", "application", "receipt"):
            b.attach_scan(theirs.id, item, b"%PDF-1.4 scan of " + item.encode())
        assert b.archive(theirs.id, "").status == "archived"
        assert b_link.sync().pushed == 4
        a_link.sync()
        with a.desk.uow() as uow:
            assert uow.refunds.get(uuid.UUID(theirs.id)).status == "archived"  # B's payment and archive, pulled
            assert len(uow.attachments.where(owner="refund", owner_id=theirs.id)) == 3
            assert uow.refunds.get(uuid.UUID(mine.id)).status == "approved"  # A's never planned a payment
    rows = _rows(
        union["db"],
        f"SELECT count(*) FROM ledger_entries e JOIN cards c ON c.id = e.card_id "  # noqa: S608
        f"WHERE c.number = '{card}' AND e.kind = 'deposit_refunded'",
    )
    assert rows == [(1,)]


def test_a_refund_payment_cut_by_a_power_cut_after_the_union_applied_it_is_finished_once(
    union, tmp_path, monkeypatch, test_keyring
):
    """The union applied the payment and the desk lost power before it committed (crash point
    `union.applied`): `refund pay` again is answered `duplicate`, the desk pulls the union's entries and the
    request is paid, once, its receipt printed once and its number never drawn again at this desk."""
    from desk_app.core.services.refunds import RefundApplication
    from desk_app.crashpoints import CRASH_ENV, CRASH_EXIT
    from desk_app.money_desk import MoneyDesk

    person = PeopleFactory("foshan", seed=4201).person(47, datetime.now(UTC).date())
    desk_db, env = _join(union, tmp_path, "a", "FSLIB", "D43")
    with _signed_in(desk_db, env, monkeypatch, "fs-admin", "D43") as (desk, link, ctx):
        card = card_with_a_deposit(desk, ctx, person).card_number
        money = MoneyDesk(desk, ctx, link.settings, link)
        request = money.apply(RefundApplication(card, DocumentInput("resident_id", person.citizen_number),
                                                card_presented=True)).id  # fmt: skip
        money.approve(request)
        assert link.sync().pending == 0

    def staff(*args: str, crash: str = "") -> subprocess.CompletedProcess[str]:
        return carddesk("--db", str(desk_db), "--staff", "fs-admin", "--password-stdin", *args,
                        env=env | ({CRASH_ENV: crash} if crash else {}), stdin=ADMIN_PASSWORD + "\n")  # fmt: skip

    def pay(crash: str = "") -> subprocess.CompletedProcess[str]:
        return staff("refund", "pay", request, "--json", crash=crash)

    assert pay("union.applied").returncode == CRASH_EXIT
    finished = pay()
    assert finished.returncode == 0, finished.stderr
    shown = json.loads(finished.stdout)
    assert shown["status"] == "paid" and shown["refund_fen"] == 10000 and len(shown["receipts"]) == 1
    again = json.loads(pay().stdout)
    assert again["status"] == "paid" and again.get("already_paid") is True
    refunded = _rows(union["db"], f"SELECT count(*) FROM ledger_entries e JOIN cards c ON c.id = e.card_id "  # noqa: S608
                     f"WHERE c.number = '{card}' AND e.kind = 'deposit_refunded'")  # fmt: skip
    assert refunded == [(1,)]
    taken = staff("deposit", "take", "--card", card, "--amount", "5", "--pre-deposit", "--json")
    assert taken.returncode == 0, taken.stderr
    assert json.loads(taken.stdout)["receipt_no"] not in shown["receipts"]  # a new number, never the refund's


def test_a_desk_of_another_branch_finds_a_reader_by_card_number_serves_them_and_follows_their_changes(
    union, tmp_path, monkeypatch, test_keyring
):
    """Union search goes through the service: an identifier and a staff member's session, masked summaries;
    a card number found brings that reader to the desk that serves them, whose pull then carries their
    changes; the full details come with a reason the union records. A desk's token alone looks at nobody."""
    from desk_app.core.commands import CardAndDocument
    from desk_app.union_desk import ServedDirectory, run_command

    person = PeopleFactory("foshan", seed=5101).person(36, datetime.now(UTC).date())
    shown = DocumentInput("resident_id", person.citizen_number)
    keys = tmp_path / "keyring.cfg"
    a_db, a_env = _join(union, tmp_path, "a", "FSLIB", "D51", keys)
    c_db, c_env = _join(union, tmp_path, "c", "SDLIB", "D51", keys)
    with ExitStack() as opened:
        a, a_link, a_ctx = opened.enter_context(_signed_in(a_db, a_env, monkeypatch, "fs-admin", "D51"))
        card = run_command(a, a_ctx, "issue_card", IssueCardCommand(name=person.name, phone=person.phone,
                                                                    documents=(shown,))).card_number  # fmt: skip
        a_link.sync()
        c, c_link, c_ctx = opened.enter_context(_signed_in(c_db, c_env, monkeypatch, "sd-admin", "D51"))
        directory = ServedDirectory(c_link, c.directory())
        assert directory.search(person.name) == []  # a name is searched among the readers the desk holds
        by_phone = directory.search(person.phone)
        assert person.phone not in json.dumps([r.__dict__ for r in by_phone])  # masked summaries only
        with c.uow() as uow:
            assert uow.readers.where(name=person.name) == []  # a phone only shows, it does not fetch
        (found,) = directory.search(card)
        assert found.card_number == card and found.home_branch_code == "FSLIB"
        with c.uow() as uow:
            assert [r.name for r in uow.readers.where(name=person.name)] == [person.name]  # now served here
        run_command(c, c_ctx, "report_loss", CardRef(card))
        assert c_link.sync().pushed == 1
        assert a_link.sync().pulled >= 2
        run_command(a, a_ctx, "restore_card", CardAndDocument(card, shown))
        a_link.sync()
        assert c_link.sync().pulled >= 2  # the reader it served: their changes follow
        with c.uow() as uow:
            assert uow.cards.where(number=card)[0].status.value == "active"
        with pytest.raises(DeskError):
            c_link.details(found.reader_id, "")
        full = c_link.details(found.reader_id, "读者申请更正住址，核对原记录")
        assert full["documents"] == [["居民身份证", person.citizen_number]]
        # Their days at this desk over (here: a desk that holds its own branch only), they leave it.
        c_link.settings = {**c_link.settings, "union": {**c_link.settings["union"], "served_days": 0}}
        c_link.sync()
        with c.uow() as uow:
            assert uow.readers.where(name=person.name) == [] and uow.cards.where(number=card) == []
        with a.uow() as uow:
            assert uow.cards.where(number=card)  # its own branch's desk keeps it
    looked = _rows(union["db"], f"SELECT kind, reason FROM union_lookups WHERE reader_id = '{found.reader_id}' "  # noqa: S608
                   "ORDER BY id")  # fmt: skip
    assert [k for k, _ in looked] == ["search", "search", "serve", "details"]
    assert looked[-1][1] == "读者申请更正住址，核对原记录"
    token = _desk_token(union, "SDLIB", "D52")
    alone = httpx.get(f"{union['url']}/v1/readers", params={"q": card}, headers={"Authorization": f"Bearer {token}"},
                      verify=ssl.create_default_context(cafile=str(union["ca"].ca_file)))  # fmt: skip
    assert alone.status_code == 403


def test_passwords_told_details_changed_and_phone_losses_reach_the_union_as_the_desk_did_them(
    union, tmp_path, monkeypatch, test_keyring
):
    """A passport holder's random initial password, a reset, a change of address and a telephone loss report
    run as commands: the union keeps the hash of exactly the password the reader was told."""
    from datetime import date

    from desk_app.core.commands import DetailsChange, PasswordReset, PhoneLoss
    from desk_app.core.passwords import verify_password
    from desk_app.union_desk import run_command

    desk_db, env = _join(union, tmp_path, "a", "FSLIB", "D61")
    passport = DocumentInput("passport", "E61234567", valid_until=date(2031, 1, 1), nationality="GBR")
    with _signed_in(desk_db, env, monkeypatch, "fs-admin", "D61") as (desk, link, ctx):
        issued = run_command(desk, ctx, "issue_card", IssueCardCommand(
            name="测试护照", phone="19900006161", documents=(passport,), birth_date=date(1980, 1, 1),
            barcode="FS0061061", card_type_code="yikatong"))  # fmt: skip
        told_at_issue = issued.initial_password
        assert len(told_at_issue) == 6
        assert link.sync().pushed == 1

        def union_hash() -> str:
            return str(_rows(union["db"], f"SELECT password_hash FROM readers WHERE id = '{issued.reader_id}'")[0][0])  # noqa: S608

        assert verify_password(union_hash(), told_at_issue)
        told = run_command(desk, ctx, "reset_password", PasswordReset(issued.reader_id, passport))
        changed = run_command(desk, ctx, "change_details", DetailsChange(
            issued.reader_id, (("address", "佛山市禅城区演示路 61 号"),), passport))  # fmt: skip
        assert changed == {"address": "佛山市禅城区演示路 61 号"}
        questions = tuple(ctx.profile.phone_loss_questions)
        lost = run_command(desk, ctx, "report_loss_by_phone", PhoneLoss(issued.card_number, "测试护照", questions, 3))
        assert lost.status == "lost"
        assert link.sync().pushed == 3
        assert told and told != told_at_issue and verify_password(union_hash(), told)
    (row,) = _rows(union["db"], f"SELECT r.address, c.status FROM readers r JOIN cards c ON c.reader_id = r.id "  # noqa: S608
                                f"WHERE r.id = '{issued.reader_id}'")  # fmt: skip
    assert tuple(row) == ("佛山市禅城区演示路 61 号", "lost")


def test_a_physical_card_bound_to_a_virtual_number_reaches_the_union(union, tmp_path, monkeypatch, test_keyring):
    """Binding a card from stock (the reader's page, or the online card's path) is a command like any other:
    the union's card gets its barcode, so any desk finds the reader by the card in their hand."""
    from desk_app.core.commands import CardBinding
    from desk_app.core.services.card_preview import preview
    from desk_app.union_desk import run_command

    desk_db, env = _join(union, tmp_path, "a", "FSLIB", "D62")
    person = PeopleFactory("foshan", seed=6262).person(33, datetime.now(UTC).date())
    with _signed_in(desk_db, env, monkeypatch, "fs-admin", "D62") as (desk, link, ctx):
        shown = DocumentInput("resident_id", person.citizen_number)
        issued = run_command(desk, ctx, "issue_card", IssueCardCommand(person.name, person.phone, documents=(shown,)))
        assert issued.is_virtual
        with desk.uow() as uow:
            fee = preview(uow, ctx, issued.card_number, "bind").fee_fen
        bound = run_command(desk, ctx, "bind_physical_card", CardBinding(issued.card_number, "FS0062062", None, fee))
        assert bound.card_number == issued.card_number and bound.reader_id == issued.reader_id
        assert link.sync().pushed == 2
    (row,) = _rows(union["db"], f"SELECT barcode, is_virtual FROM cards WHERE number = '{issued.card_number}'")  # noqa: S608
    assert tuple(row) == ("FS0062062", False)


def test_staff_accounts_are_made_at_the_union_by_a_signed_in_administrator_never_at_a_desk(union, tmp_path):
    """A joined desk makes no account of its own, not even a first administrator; the branch administrator
    signed in there adds a clerk at the union (its rules: strength, own branch), who then signs in anywhere
    in the branch."""
    desk_db, env = _join(union, tmp_path, "a", "FSLIB", "D71")
    nobody = carddesk("--db", str(desk_db), "staff", "add", "fs-planted", "--name", "x", "--role", "admin",
                      "--staff-branch", "FSLIB", "--password-stdin", env=env, stdin="Planted-2026\n")  # fmt: skip
    assert nobody.returncode != 0
    admin = ["--db", str(desk_db), "--staff", "fs-admin", "--password-stdin"]
    weak = carddesk(*admin, "staff", "add", "fs-clerk7", "--name", "柜台七", "--role", "counter", "--staff-branch",
                    "FSLIB", "--password-stdin", env=env, stdin=ADMIN_PASSWORD + "\nshort\n")  # fmt: skip
    assert weak.returncode == 2 and "8" in weak.stderr  # the union's strength rule, in the desk's language
    made = carddesk(*admin, "staff", "add", "fs-clerk7", "--name", "柜台七", "--role", "counter", "--staff-branch",
                    "FSLIB", "--password-stdin", env=env, stdin=ADMIN_PASSWORD + "\nClerk-2026-seven\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    other_desk, other_env = _join(union, tmp_path, "b", "FSLIB", "D72")
    signed = carddesk("--db", str(other_desk), "--staff", "fs-clerk7", "--password-stdin", "sync", "--json",
                      env=other_env, stdin="Clerk-2026-seven\n")  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    assert _rows(union["db"], "SELECT role, branch_code FROM staff WHERE username = 'fs-clerk7'") == [
        ("counter", "FSLIB")
    ]
    assert _rows(union["db"], "SELECT count(*) FROM staff WHERE username = 'fs-planted'") == [(0,)]


def test_one_person_one_card_is_checked_at_the_union_online_and_with_the_keyed_index_offline(
    union, tmp_path, monkeypatch, test_keyring
):
    """Online, a desk of another branch asks the union and names where the card is; offline, its index of
    keyed hashes (key in the keyring, file 0600, no number in it) still notices the person may hold one."""
    from desk_app.union_desk import issue_in_union

    people = PeopleFactory("foshan", seed=8101)
    holder, newcomer = (people.person(age, datetime.now(UTC).date()) for age in (44, 29))
    keys = tmp_path / "keyring.cfg"
    a_db, a_env = _join(union, tmp_path, "a", "FSLIB", "D81", keys)
    c_db, c_env = _join(union, tmp_path, "c", "SDLIB", "D81", keys)

    def command(person: Any) -> IssueCardCommand:
        return adult_cmd(person)

    with ExitStack() as opened:
        _a, a, a_ctx = opened.enter_context(_signed_in(a_db, a_env, monkeypatch, "fs-admin", "D81"))
        issue_in_union(a, a_ctx, command(holder))
        a.sync()
        _c, c, c_ctx = opened.enter_context(_signed_in(c_db, c_env, monkeypatch, "sd-admin", "D81"))
        with pytest.raises(DeskError) as online:
            issue_in_union(c, c_ctx, command(holder))
        assert online.value.code == "card.already_has_card" and "佛山市图书馆" in online.value.message()
        assert c.refresh_index() >= 1
        index = c.index_file()
        assert index.stat().st_mode & 0o777 == 0o600 and holder.citizen_number.encode() not in index.read_bytes()
        c.settings = {
            **c.settings,
            "union": {**c.settings["union"], "url": "https://127.0.0.1:9"},
        }  # the network is gone
        c._checked = None
        with pytest.raises(DeskError) as offline:
            issue_in_union(c, c_ctx, command(holder))
        assert offline.value.code == "card.maybe_in_union"
        assert issue_in_union(c, c_ctx, command(newcomer)).card_number  # nobody in the index: issued, queued


def test_two_records_of_one_person_merged_at_one_desk_are_merged_at_the_union_and_at_the_other_desks(
    union, tmp_path, monkeypatch, test_keyring
):
    from datetime import date

    from desk_app.bootstrap import open_desk
    from desk_app.core.commands import CardAndDocument, ReaderMerge
    from desk_app.union_desk import run_command

    person = PeopleFactory("foshan", seed=9901).person(47, datetime.now(UTC).date())
    passport = DocumentInput("passport", "E99019901", valid_until=date(2031, 1, 1), nationality="CHN")
    keys = tmp_path / "keyring.cfg"
    a_db, a_env = _join(union, tmp_path, "a", "FSLIB", "D91", keys)
    b_db, b_env = _join(union, tmp_path, "b", "FSLIB", "D92", keys)
    with _signed_in(a_db, a_env, monkeypatch, "fs-admin", "D91") as (desk, link, ctx):
        first = run_command(desk, ctx, "issue_card", IssueCardCommand(
            name=person.name, phone=person.phone, documents=(passport,), birth_date=person.birth_date,
            barcode="FS0099019", card_type_code="yikatong"))  # fmt: skip
        run_command(desk, ctx, "cancel_card", CardAndDocument(first.card_number, passport))
        citizen = DocumentInput("resident_id", person.citizen_number)
        second = run_command(desk, ctx, "issue_card",
                             IssueCardCommand(name=person.name, phone=person.phone, documents=(citizen,)))  # fmt: skip
        assert link.sync().pushed == 3
        assert _sync(b_db, b_env)["pulled"] >= 6  # the other desk holds both records
        merged = run_command(desk, ctx, "merge_readers", ReaderMerge(second.reader_id, first.reader_id, "同一人"))
        assert merged.moved == {"documents": 1, "cards": 1}
        assert link.sync().pushed == 1
    both = f"('{first.reader_id}', '{second.reader_id}')"
    assert _rows(union["db"], f"SELECT count(*) FROM readers WHERE id IN {both}") == [(1,)]  # noqa: S608
    assert _sync(b_db, b_env)["skipped"] == 0
    held = open_desk(b_db, "foshan")
    try:
        with held.uow() as uow:
            assert uow.readers.get(uuid.UUID(first.reader_id)) is None
            assert len(uow.documents.where(reader_id=uuid.UUID(second.reader_id))) == 2
    finally:
        held.close()


def test_a_group_list_imported_at_one_desk_is_approved_by_the_union_and_its_cards_reach_the_branchs_desks(
    union, tmp_path, monkeypatch, test_keyring
):
    """Foshan 6.1.3 through the service: desk A imports a unit's list, corrects and deletes rows, and
    approves it in turns, each turn decided by the union, which knows a person on the list already holds a
    card at another branch (A does not); desk B of the branch pulls the batch and its cards and records the
    minor's consent; A pulls that."""
    from openpyxl import Workbook

    from desk_app.batch_desk import BatchDesk
    from desk_app.core.batch import approval
    from desk_app.core.commands import ConsentArrived
    from desk_app.union_desk import run_command

    monkeypatch.setattr(approval, "APPROVAL_CHUNK", 2)
    people = PeopleFactory("foshan", seed=5101)
    today = datetime.now(UTC).date()
    first, second, elsewhere, minor = (people.person(age, today) for age in (30, 44, 51, 10))
    keyring_file = tmp_path / "keyring.cfg"
    opened = ExitStack()
    with opened:
        c_db, c_env = _join(union, tmp_path, "c", "SDLIB", "D51", keyring_file)
        c_desk, c_link, c_ctx = opened.enter_context(_signed_in(c_db, c_env, monkeypatch, "sd-admin", "D51"))
        held = adult_cmd(elsewhere)
        run_command(c_desk, c_ctx, "issue_card", held)
        assert c_link.sync().pushed == 1
        a_db, a_env = _join(union, tmp_path, "a", "FSLIB", "D51", keyring_file)
        a_desk, a_link, a_ctx = opened.enter_context(_signed_in(a_db, a_env, monkeypatch, "fs-admin", "D51"))
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["身份证号", "姓名", "联系电话"])
        for person in (first, second, elsewhere, minor):
            sheet.append([person.citizen_number, person.name, person.phone])
        sheet.append([first.citizen_number[:-1] + ("0" if first.citizen_number[-1] != "0" else "1"), "错号", ""])
        book.save(tmp_path / "单位名单.xlsx")
        batches = BatchDesk(a_desk, a_ctx, a_link)
        imported = batches.import_file(tmp_path / "单位名单.xlsx", "某公司", False, lambda done, total: None)
        assert imported.summary == {"accepted": 4, "rejected": 1, "review": 0, "exists": 0}  # A knows no card
        assert batches.edit(str(imported.batch_id), 3, {"phone": "13900000077"}).status == "accepted"
        batches.delete(str(imported.batch_id), 6)
        counts = batches.approve(str(imported.batch_id), None)
        assert counts == {"approved": 3, "exists": 0, "skipped": 1}  # the union's answer: one holds a card
        assert a_link.conflicts() == [] and a_link.pending() == 0
        with a_desk.uow() as uow:
            rows = {r.row: r for r in uow.batch_rows.where(batch_id=uuid.UUID(imported.batch_id))}
            assert sorted(rows) == [2, 3, 4, 5] and rows[4].status == "exists" and "已在" in rows[4].reasons[-1]
            assert [rows[n].status for n in (2, 3, 5)] == ["approved"] * 3 and rows[3].fields["phone"].endswith("77")
            cards = [c for c in uow.cards.where() if c.number.startswith("FSFSLIBD51B")]
            assert len(cards) == 3 and not uow.readers.where(name=elsewhere.name)  # no card here for the holder
            assert uow.batches.get(uuid.UUID(imported.batch_id)).status == "approved"
            waiting = [c for c in cards if c.status.value == "pending_consent"]
            assert len(waiting) == 1  # the minor waits for the guardian (Foshan 表A1注)
        b_db, b_env = _join(union, tmp_path, "b", "FSLIB", "D52", keyring_file)
        b_desk, b_link, b_ctx = opened.enter_context(_signed_in(b_db, b_env, monkeypatch, "fs-admin", "D52"))
        assert b_link.sync().pulled >= 3 * 4
        assert [p.status for p in BatchDesk(b_desk, b_ctx, b_link).progress()] == ["approved"]
        mother = PeopleFactory("foshan", seed=5151).person(39, datetime.now(UTC).date())
        consent = ConsentArrived(
            waiting[0].number, mother.name, DocumentInput("resident_id", mother.citizen_number), "母亲"
        )
        run_command(b_desk, b_ctx, "record_consent", consent)
        assert b_link.sync().pushed == 1
        a_link.sync()
        with a_desk.uow() as uow:
            assert uow.cards.where(number=waiting[0].number)[0].status.value == "active"
    at_union = _rows(union["db"], f"SELECT status, count(*) FROM batch_rows WHERE batch_id = '{imported.batch_id}' "  # noqa: S608
                     "GROUP BY status ORDER BY status")  # fmt: skip
    assert [tuple(r) for r in at_union] == [("approved", 3), ("exists", 1)]


def test_the_whole_unions_figures_come_from_the_unions_database_never_through_a_desk(
    union, tmp_path, monkeypatch, test_keyring
):
    """`carddesk union stats` (library IT, against the union's database): every branch's cards, in the
    workbook and JSON shapes of `carddesk stats`."""
    from desk_app.union_desk import run_command

    people = PeopleFactory("foshan", seed=7301)
    for branch, code, user in (("FSLIB", "D71", "fs-admin"), ("SDLIB", "D72", "sd-admin")):
        desk_db, env = _join(union, tmp_path, code, branch, code, tmp_path / "keyring.cfg")
        with _signed_in(desk_db, env, monkeypatch, user, code) as (desk, link, ctx):
            person = people.person(29, datetime.now(UTC).date())
            run_command(desk, ctx, "issue_card", adult_cmd(person))
            assert link.push(link.sessions).pushed == 1
    year = str(datetime.now(UTC).year)
    shown = carddesk("union", "stats", "--db", union["db"], "--year", year, "--json")
    assert shown.returncode == 0, shown.stderr
    figures = json.loads(shown.stdout)
    assert figures["source"] == "联盟数据库（全联盟）" and figures["year"] == int(year)
    issued = {row["key"]: row["values"] for row in figures["views"]["by_branch"]["rows"]}
    assert {"FSLIB", "SDLIB"} <= set(issued)  # cards issued at both branches' desks, counted in one place
    book = carddesk("union", "stats", "--db", union["db"], "--year", year, "--out", str(tmp_path / "union.xlsx"))
    assert book.returncode == 0 and (tmp_path / "union.xlsx").stat().st_size > 0
    refused = carddesk("union", "stats", "--db", union["db"], "--year", year, "--branch", "NOPE")
    assert refused.returncode != 0 and "NOPE" in refused.stderr
