"""A staff member with a known password in a desk file, for tests that run `carddesk` as a subprocess.

The command line acts only as a staff member who proves who they are: these helpers give a test one, and the
words and standard input that sign them in.
"""

from __future__ import annotations

from pathlib import Path

from desk_app.bootstrap import open_desk
from desk_app.core.passwords import hash_password
from desk_app.core.services.setup import add_staff, ensure_profile_branches

PASSWORD = "cli-test-2026"
DEMO_PASSWORD = "demo2026"


def cli_staff(db: Path, profile: str, branch: str, role: str = "admin") -> list[str]:
    """Adds (once) `cli-<role>-<branch>` to the desk file; returns the words that act as them. Give the command
    PASSWORD as the first line of its standard input."""
    username = f"cli-{role}-{branch.lower()}"
    desk = open_desk(db, profile)
    try:
        with desk.uow() as uow:
            ensure_profile_branches(uow, desk.profile)
            member = add_staff(uow, username, "命令行测试", branch, role)
            if not member.password_hash:
                member.password_hash = hash_password(PASSWORD)
                uow.staff.save(member)
                uow.commit()
    finally:
        desk.close()
    return ["--staff", username, "--password-stdin"]


def demo_staff(branch: str, role: str = "admin") -> list[str]:
    """The demo data's account of that branch and role (password DEMO_PASSWORD)."""
    return ["--staff", f"{branch.lower()}-{role}", "--password-stdin"]
