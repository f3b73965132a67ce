"""The headless commands, run as library IT runs them: the installed `carddesk` in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.environments import keyring_environment

ROOT = Path(__file__).resolve().parent.parent
CARDDESK = shutil.which("carddesk", path=str(Path(sys.executable).parent)) or "carddesk"


def carddesk(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "HOME": str(env_home),
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "LANG": "C.UTF-8",
        **keyring_environment(),
    }
    return subprocess.run([CARDDESK, *args], capture_output=True, text=True, env=env, check=False, timeout=120)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    db = home / "demo.sqlite"
    made = carddesk("--db", str(db), "--profile", "chongqing", "demo-data", "--readers", "12", env_home=home)
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    assert summary["readers"] == 12 and summary["branches"] == 11 and summary["refused"] == 0
    return home, db


def test_branches_json_is_a_list_of_code_and_name(demo_db):
    home, db = demo_db
    done = carddesk("--db", str(db), "--profile", "chongqing", "branches", "--json", env_home=home)
    rows = json.loads(done.stdout)
    assert {"code": "SPBLIB", "name": "沙坪坝区图书馆"} in rows
    assert all(set(row) == {"code", "name"} for row in rows)


def test_demo_data_if_empty_does_not_add_twice(demo_db):
    home, db = demo_db
    again = carddesk("--db", str(db), "--profile", "chongqing", "demo-data", "--if-empty", env_home=home)
    assert again.returncode == 0 and "skipped" in again.stdout
    found = json.loads(carddesk("--db", str(db), "search", "", "--json", "--limit", "100", env_home=home).stdout)
    assert len(found) == 12
    first = found[0]
    assert "*" in first["masked_document"] and "*" in first["masked_phone"]
    by_number = json.loads(carddesk("--db", str(db), "search", first["card_number"], "--json", env_home=home).stdout)
    assert [r["reader_id"] for r in by_number] == [first["reader_id"]]


def test_db_upgrade_on_a_new_file(tmp_path):
    done = carddesk("--db", str(tmp_path / "new.sqlite"), "db", "upgrade", env_home=tmp_path)
    assert done.returncode == 0 and "current schema" in done.stdout


def test_failures_are_one_line_on_stderr_with_a_non_zero_exit(tmp_path):
    not_a_db = tmp_path / "garbage.sqlite"
    not_a_db.write_bytes(b"this is not a database" * 100)
    done = carddesk("--db", str(not_a_db), "branches", env_home=tmp_path)
    assert done.returncode != 0
    (line,) = done.stderr.splitlines()
    assert line.startswith(
        f"carddesk: 无法打开数据库文件 {not_a_db}（已损坏、不是 CardDesk 数据库，或在别的电脑上加密）"
    )
    assert "carddesk db restore" in line and "（日志：" in line
    assert not_a_db.read_bytes() == b"this is not a database" * 100  # the file is left as it was
    english = carddesk("--lang", "en", "--db", str(not_a_db), "branches", env_home=tmp_path)
    assert english.returncode == 2 and "cannot be opened" in english.stderr


def test_rules_table_command_matches_docs(tmp_path):
    out = tmp_path / "rules.md"
    done = carddesk("rules-table", "--out", str(out), env_home=tmp_path)
    assert done.returncode == 0
    assert out.read_text("utf-8") == (ROOT / "docs" / "rules.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["stats", "--year", "2026", "--branch", "NOPE"], "未知的分馆代码：NOPE"),
        (["stats", "--year", "0"], "1900–2100"),
        (["stats", "--year", "twenty"], "1900–2100"),
        (["search", "x", "--limit", "-1"], "≥ 1"),
        (["demo-data", "--readers", "-5"], "≥ 0"),
        (["audit", "search", "--since", "2026-13-01"], "YYYY-MM-DD"),
        (["day-end", "--date", "yesterday"], "YYYY-MM-DD"),
        (["batch", "delete", "B", "0"], "≥ 1"),
        (["device", "read-id", "--port", "/dev/null", "--timeout", "-3"], "0 to 3600"),
    ],
)
def test_bad_arguments_get_one_clear_line_and_exit_2(demo_db, args, says):
    home, db = demo_db
    done = carddesk("--db", str(db), "--profile", "chongqing", *args, env_home=home)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("made", ["empty", "directory"])
def test_only_a_path_that_does_not_exist_becomes_a_new_database(tmp_path, made):
    """A zero-byte file (a copy cut short) is never quietly turned into a new, empty desk database."""
    path = tmp_path / "desk.sqlite"
    if made == "empty":
        path.write_bytes(b"")
    else:
        path.mkdir()
    done = carddesk("--db", str(path), "branches", env_home=tmp_path)
    assert done.returncode == 2 and str(path) in done.stderr
    assert (path.is_file() and path.stat().st_size == 0) or path.is_dir()
