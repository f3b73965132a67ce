"""The command line acts only as a staff member who proves who they are, and manages only what they may."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.bootstrap import open_desk
from tests.environments import cli_environment, keyed_desk_file

BOSS_PASSWORD = "boss-2026-pass"


@pytest.fixture
def desk_file(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "desk.sqlite"
    env = cli_environment(tmp_path)
    first = run(db, env, "staff", "add", "boss", "--name", "馆长", "--role", "admin", "--staff-branch", "FSLIB",
                "--password-stdin", stdin=BOSS_PASSWORD + "\n")  # fmt: skip
    assert first.returncode == 0, first.stderr
    return db, env


def run(db: Path, env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", str(db), "--profile", "foshan", *args],
        capture_output=True, text=True, env=env, input=stdin, timeout=120, check=False,
    )  # fmt: skip


def staff_names(db: Path) -> dict[str, str]:
    desk = open_desk(db, "foshan")
    try:
        with desk.uow() as uow:
            return {s.username: s.role for s in uow.staff.where()}
    finally:
        desk.close()


def test_a_changing_command_without_a_proven_staff_member_is_refused_and_makes_no_account(desk_file):
    db, env = desk_file
    nobody = run(db, env, "deposit", "take", "--card", "X1", "--amount", "100")
    assert nobody.returncode == 2 and "--staff" in nobody.stderr
    named = run(db, env, "--staff", "boss", "deposit", "take", "--card", "X1", "--amount", "100")
    assert named.returncode == 2 and "--password-stdin" in named.stderr
    wrong = run(db, env, "--staff", "boss", "--password-stdin", "deposit", "take", "--card", "X1", "--amount", "1",
                stdin="guess\n")  # fmt: skip
    assert wrong.returncode == 2 and "用户名或密码错误" in wrong.stderr
    assert set(staff_names(db)) == {"boss"}  # no carddesk-cli-<branch> admin appeared


def test_only_a_signed_in_admin_of_the_branch_adds_staff(desk_file):
    db, env = desk_file
    again = run(db, env, "staff", "add", "mallory", "--name", "M", "--role", "admin", "--staff-branch", "SDLIB",
                "--password-stdin", stdin="mallory-2026\n")  # fmt: skip
    assert again.returncode == 2 and "--staff" in again.stderr
    made = run(db, env, "--staff", "boss", "--password-stdin", "staff", "add", "clerk", "--name", "柜员",
               "--role", "counter", "--staff-branch", "FSLIB", "--password-stdin",
               stdin=BOSS_PASSWORD + "\nclerk-2026-pass\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    by_clerk = run(db, env, "--staff", "clerk", "--password-stdin", "staff", "add", "eve", "--name", "E",
                   "--role", "admin", "--staff-branch", "FSLIB", "--password-stdin",
                   stdin="clerk-2026-pass\neve-2026-pass\n")  # fmt: skip
    assert by_clerk.returncode == 2 and "无权管理工作人员" in by_clerk.stderr
    elsewhere = run(db, env, "--staff", "boss", "--password-stdin", "staff", "add", "eve", "--name", "E",
                    "--role", "admin", "--staff-branch", "SDLIB", "--password-stdin",
                    stdin=BOSS_PASSWORD + "\neve-2026-pass\n")  # fmt: skip
    assert elsewhere.returncode == 2 and "SDLIB" in elsewhere.stderr
    assert staff_names(db) == {"boss": "admin", "clerk": "counter"}
    log = run(db, env, "--staff", "boss", "--password-stdin", "audit", "search", "--action", "create_staff",
              "--json", stdin=BOSS_PASSWORD + "\n")  # fmt: skip
    entries = json.loads(log.stdout)
    assert len(entries) == 1 and entries[0]["staff"] == "boss"


def test_a_service_account_keeps_its_secret_in_the_keyring_only(desk_file):
    db, env = desk_file
    made = run(db, env, "--staff", "boss", "--password-stdin", "staff", "add", "nightly", "--name", "夜间任务",
               "--role", "supervisor", "--staff-branch", "FSLIB", "--service-account",
               stdin=BOSS_PASSWORD + "\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    acted = run(db, env, "--staff", "nightly", "audit", "search", "--action", "create_staff", "--json")
    assert acted.returncode == 0, acted.stderr
    assert json.loads(acted.stdout)[-1]["staff"] == "boss"
    # The secret is in the (encrypted) keyring file, nowhere in the desk file or the settings.
    keyed = keyed_desk_file(db)
    assert keyed.execute("SELECT count(*) FROM staff WHERE username = 'nightly'").fetchone()[0] == 1
    keyed.close()
    assert not list((Path(env["XDG_CONFIG_HOME"])).rglob("*.json"))
    # Another machine has neither the account's secret nor the desk file's key: the file does not even open.
    other_machine = env | {"CARDDESK_TEST_KEYRING": str(db.parent / "empty-keyring.cfg")}
    refused = run(db, other_machine, "--staff", "nightly", "audit", "search", "--json")
    assert refused.returncode == 2 and "在别的电脑上加密" in refused.stderr


def test_passwords_are_reset_and_accounts_unlocked_by_their_branch_admin(desk_file):
    db, env = desk_file
    run(db, env, "--staff", "boss", "--password-stdin", "staff", "add", "clerk", "--name", "柜员", "--role",
        "counter", "--staff-branch", "FSLIB", "--password-stdin",
        stdin=BOSS_PASSWORD + "\nclerk-2026-pass\n")  # fmt: skip
    for _ in range(5):
        run(db, env, "--staff", "clerk", "--password-stdin", "audit", "search", stdin="guess\n")
    locked = run(db, env, "--staff", "clerk", "--password-stdin", "day-end", "--json", stdin="clerk-2026-pass\n")
    assert locked.returncode == 2 and "锁定" in locked.stderr
    unlocked = run(
        db, env, "--staff", "boss", "--password-stdin", "staff", "unlock", "clerk", stdin=BOSS_PASSWORD + "\n"
    )
    assert unlocked.returncode == 0, unlocked.stderr
    assert run(db, env, "--staff", "clerk", "--password-stdin", "day-end", "--json",
               stdin="clerk-2026-pass\n").returncode == 0  # fmt: skip
    reset = run(db, env, "--staff", "boss", "--password-stdin", "staff", "passwd", "clerk", "--password-stdin",
                stdin=BOSS_PASSWORD + "\nclerk-2027-pass\n")  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    assert run(db, env, "--staff", "clerk", "--password-stdin", "day-end", "--json",
               stdin="clerk-2027-pass\n").returncode == 0  # fmt: skip
