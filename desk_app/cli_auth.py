"""Who is acting in a `carddesk` command: a staff member who proves it, never a name typed on trust.

`--staff NAME` names the staff member. Their password comes from the first line of standard input with
`--password-stdin`, else from a prompt on a terminal. A service account (made by `staff add --service-account`
for IT's scheduled scripts) has a random secret that lives only in this machine's keyring, under this desk
file's path: the command finds it there. Every command signs in through the same use case as the window, so a
wrong password counts towards the lock-out and every sign-in is audited.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

from desk_app.bootstrap import OpenDesk
from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.core.services.staff_accounts import sign_in
from desk_app.secrets import secret, store_secret


def _entry(database: Path, username: str) -> str:
    return f"service-account:{username}@{database.resolve()}"


def store_service_secret(database: Path, username: str) -> str:
    """A new random secret for a service account, kept in the keyring only; returns it for hashing."""
    value = secrets.token_urlsafe(32)
    store_secret(_entry(database, username), value)
    return value


def _service_secret(database: Path, username: str) -> str | None:
    try:
        return secret(_entry(database, username))
    except DeskError:
        return None  # no keyring: the password is asked for instead


def read_stdin_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise DeskError("cli.password_stdin_empty")
    return line.rstrip("\r\n")


def acting_password(args: argparse.Namespace, database: Path) -> str:
    if args.actor_password_stdin:
        return read_stdin_line()
    stored = _service_secret(database, args.staff)
    if stored is not None:
        return stored
    if sys.stdin.isatty():
        return getpass.getpass(f"{args.staff} 的密码 / password: ")
    raise DeskError("cli.password_needed", staff=args.staff)


def acting_context(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object]) -> DeskContext:
    """The signed-in staff member this command acts as, at this desk: against the union service when this
    desk joined one and it answers (its session then goes with this command's pushes), else here."""
    from desk_app.union_desk import UnionLink

    if not args.staff:
        raise DeskError("cli.staff_needed")
    desk_code = args.desk or str(settings.get("desk") or "D1")
    password = acting_password(args, desk.path)
    link = UnionLink(desk, dict(settings))
    ctx = None
    if link.configured:
        try:
            ctx, session = link.sign_in(args.staff, password, desk_code)
            args.union_sessions = [session]
        except DeskError as err:
            if err.code != "union.unreachable":
                raise
    if ctx is None:
        with desk.uow() as uow:
            signed = sign_in(uow, args.staff, password, desk_code, datetime.now(UTC))
        ctx = desk.context(signed.actor)
    if args.branch and args.branch != ctx.actor.branch_code:
        raise DeskError("staff.wrong_branch", branch=args.branch)
    return ctx
