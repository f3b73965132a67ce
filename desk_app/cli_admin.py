"""`carddesk staff|audit|privacy`: accounts, the audit log and readers' data rights, for library IT."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import UTC, date, datetime, time
from pathlib import Path

from desk_app import cli_args
from desk_app.bootstrap import OpenDesk
from desk_app.cli_auth import read_stdin_line, store_service_secret
from desk_app.core.audit_chain import ChainReport, against_anchors
from desk_app.core.entities import AuditRecord
from desk_app.core.errors import DeskError
from desk_app.core.exports import write_table
from desk_app.core.permissions import Role
from desk_app.core.services.audit_log import AuditEntry, search_audit, verify_chain
from desk_app.core.services.context import DeskContext
from desk_app.core.services.paperwork import resolve_reader
from desk_app.core.services.privacy import export_reader_data, purge
from desk_app.core.services.staff_accounts import (
    create_first_admin,
    create_staff,
    has_signing_staff,
    set_password,
    unlock,
)

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    staff = commands.add_parser("staff", help="staff accounts").add_subparsers(dest="staff_command", required=True)
    add = staff.add_parser("add", help="add a staff member (library IT)")
    add.add_argument("username")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--staff-branch", required=True, help="the branch the staff member belongs to")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new password from standard input (after the acting staff's, with both)",
    )
    add.add_argument(
        "--service-account",
        action="store_true",
        help="an account for scheduled scripts: a random secret kept in this machine's keyring, never shown",
    )
    passwd = staff.add_parser("passwd", help="set a staff member's password (their branch's administrator)")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    unlock_cmd = staff.add_parser("unlock", help="unlock an account locked by wrong passwords")
    unlock_cmd.add_argument("username")

    audit = commands.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", required=True)
    verify = audit.add_parser("verify", help="check the hash chain: exit 3 when a record was edited or removed")
    verify.add_argument("--json", action="store_true")
    search = audit.add_parser("search", help="search the audit log (supervisors)")
    search.add_argument("--entity-id")
    search.add_argument("--action")
    search.add_argument("--by", help="staff username")
    search.add_argument("--since", type=cli_args.day)
    search.add_argument("--until", type=cli_args.day)
    search.add_argument("--limit", type=cli_args.positive, default=1000)
    search.add_argument("--export", type=Path, help="write the results to a .csv or .xlsx file")
    search.add_argument("--json", action="store_true")

    privacy = commands.add_parser("privacy", help="readers' personal data").add_subparsers(
        dest="privacy_command", required=True
    )
    purge_cmd = privacy.add_parser("purge", help="anonymise cancelled readers after the retention period")
    purge_cmd.add_argument("--retention-days", type=cli_args.count, default=1095)
    purge_cmd.add_argument("--photo-retention-days", type=cli_args.count, default=30)
    export = privacy.add_parser("export", help="everything held on one reader, for an access request")
    export.add_argument("--reader", required=True)
    export.add_argument("--out", type=Path, required=True)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return read_stdin_line()
    if not sys.stdin.isatty():
        raise DeskError("cli.password_needs_terminal")
    first, second = getpass.getpass("新密码 / new password: "), getpass.getpass("再输入一次 / again: ")
    if first != second:
        raise DeskError("cli.passwords_differ")
    return first


def _staff(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> None:
    """Accounts are made and changed by a signed-in branch administrator; only a desk nobody can sign in to yet
    takes its first administrator without one."""
    from desk_app.union_desk import UnionLink

    union = UnionLink(desk, dict(settings))
    if union.configured:
        # A desk in a union makes no account of its own, not even a first one: the union keeps them.
        ctx = context(desk, args, settings)
        sessions = list(getattr(args, "union_sessions", []))
        union.sessions, union.current = sessions, sessions[0] if sessions else None
        if args.staff_command == "add" and args.staff_branch != ctx.actor.branch_code:
            raise DeskError("staff.other_branch", staff=args.username, branch=args.staff_branch)
        if args.staff_command == "add" and args.service_account:
            raise DeskError("union.no_service_accounts")
        password = _password(args) if args.staff_command in ("add", "passwd") else ""
        name, role = (args.name, args.role) if args.staff_command == "add" else ("", "")
        union.change_staff(args.staff_command, args.username, name, role, password)
        print(f"ok: {args.username}")
        return
    with desk.uow() as uow:
        first = args.staff_command == "add" and not has_signing_staff(uow)
    if first:
        desk.profile.branch(args.staff_branch)
        if args.role != Role.ADMIN.value:
            raise DeskError("staff.first_admin_role")
        password = store_service_secret(desk.path, args.username) if args.service_account else _password(args)
        desk_code = args.desk or str(settings.get("desk") or "D1")
        with desk.uow() as uow:
            create_first_admin(uow, args.username, args.name, args.staff_branch, password, desk_code, datetime.now(UTC))
        print(f"ok: {args.username}")
        return
    ctx = context(desk, args, settings)
    with desk.uow() as uow:
        if args.staff_command == "add":
            desk.profile.branch(args.staff_branch)
            if args.staff_branch != ctx.actor.branch_code:
                raise DeskError("staff.other_branch", staff=args.username, branch=args.staff_branch)
            password = store_service_secret(desk.path, args.username) if args.service_account else _password(args)
            create_staff(uow, ctx, args.username, args.name, args.role, password)
        elif args.staff_command == "passwd":
            set_password(uow, ctx, args.username, _password(args))
        else:
            unlock(uow, ctx, args.username)
    print(f"ok: {args.username}")


def _against_the_union(
    desk: OpenDesk, settings: dict[str, object], records: list[AuditRecord], report: ChainReport
) -> ChainReport:
    """Online, the chain must also hold every head the union was shown at a push (it keeps them append-only)."""
    from desk_app.union_desk import UnionLink

    link = UnionLink(desk, dict(settings))
    if not report.ok or not link.configured:
        return report
    try:
        anchors = link.client().audit_heads()
    except DeskError as err:
        if err.code == "union.unreachable":
            return report  # offline: the local chain is all there is to check
        raise
    return against_anchors(records, anchors) or report


def _moment(day: date | None, end: bool) -> datetime | None:
    return None if day is None else datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    """Run a command of this module; False when the command is not one of them."""
    if args.command == "staff":
        _staff(desk, args, settings, context)
    elif args.command == "audit" and args.audit_command == "verify":
        with desk.uow() as uow:
            report = verify_chain(uow)
            records = uow.audit.where()
        report = _against_the_union(desk, settings, records, report)
        print(
            json.dumps(asdict(report))
            if args.json
            else ("ok" if report.ok else report.problem) + f" ({report.checked} records checked)"
        )
        if not report.ok:
            raise SystemExit(3)
    elif args.command == "audit":
        ctx = context(desk, args, settings)
        with desk.uow() as uow:
            entries = search_audit(
                uow,
                ctx,
                args.entity_id,
                args.action,
                args.by,
                _moment(args.since, False),
                _moment(args.until, True),
                args.limit,
            )
        if args.export:
            headers = [f.name for f in fields(AuditEntry)]
            write_table(args.export, headers, [[getattr(e, h) for h in headers] for e in entries])
        if args.json:
            print(json.dumps([asdict(e) for e in entries], ensure_ascii=False))
        elif not args.export:
            for e in entries:
                print(
                    f"{e.seq}\t{e.at}\t{e.staff}\t{e.branch_code}/{e.desk_code}\t{e.action}\t{e.entity}\t{e.entity_id}"
                )
    elif args.command == "privacy" and args.privacy_command == "export":
        ctx = context(desk, args, settings)
        with desk.uow() as uow:
            data = export_reader_data(uow, ctx, resolve_reader(uow, args.reader).id)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
        print(args.out)
    elif args.command == "privacy":
        ctx = context(desk, args, settings)
        with desk.uow() as uow:
            purged = purge(uow, ctx, args.retention_days, args.photo_retention_days)
        for path in purged.files_to_erase:
            Path(path).unlink(missing_ok=True)
        with desk.engine.connect() as conn:
            # Erased values must not linger in the write-ahead log either.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        print(json.dumps(asdict(purged), ensure_ascii=False))
    else:
        return False
    return True
