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

from desk_app.bootstrap import OpenDesk
from desk_app.core.errors import DeskError
from desk_app.core.exports import write_table
from desk_app.core.permissions import Role
from desk_app.core.services.audit_log import AuditEntry, search_audit, verify_chain
from desk_app.core.services.context import DeskContext
from desk_app.core.services.paperwork import resolve_reader
from desk_app.core.services.privacy import export_reader_data, purge
from desk_app.core.services.setup import add_staff
from desk_app.core.services.staff_accounts import set_password

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    staff = commands.add_parser("staff", help="staff accounts").add_subparsers(dest="staff_command", required=True)
    add = staff.add_parser("add", help="add a staff member (library IT)")
    add.add_argument("username")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--staff-branch", required=True, help="the branch the staff member belongs to")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd = staff.add_parser("passwd", help="set a staff member's password")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")

    audit = commands.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", required=True)
    verify = audit.add_parser("verify", help="check the hash chain: exit 3 when a record was edited or removed")
    verify.add_argument("--json", action="store_true")
    search = audit.add_parser("search", help="search the audit log (supervisors)")
    search.add_argument("--entity-id")
    search.add_argument("--action")
    search.add_argument("--by", help="staff username")
    search.add_argument("--since", type=date.fromisoformat)
    search.add_argument("--until", type=date.fromisoformat)
    search.add_argument("--limit", type=int, default=1000)
    search.add_argument("--export", type=Path, help="write the results to a .csv or .xlsx file")
    search.add_argument("--json", action="store_true")

    privacy = commands.add_parser("privacy", help="readers' personal data").add_subparsers(
        dest="privacy_command", required=True
    )
    purge_cmd = privacy.add_parser("purge", help="anonymise cancelled readers after the retention period")
    purge_cmd.add_argument("--retention-days", type=int, default=1095)
    purge_cmd.add_argument("--photo-retention-days", type=int, default=30)
    export = privacy.add_parser("export", help="everything held on one reader, for an access request")
    export.add_argument("--reader", required=True)
    export.add_argument("--out", type=Path, required=True)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise DeskError("cli.password_needs_terminal")
    first, second = getpass.getpass("新密码 / new password: "), getpass.getpass("再输入一次 / again: ")
    if first != second:
        raise DeskError("cli.passwords_differ")
    return first


def _moment(day: date | None, end: bool) -> datetime | None:
    return None if day is None else datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    """Run a command of this module; False when the command is not one of them."""
    now = datetime.now(UTC)
    if args.command == "staff":
        password = _password(args)
        with desk.uow() as uow:
            if args.staff_command == "add":
                desk.profile.branch(args.staff_branch)
                add_staff(uow, args.username, args.name, args.staff_branch, args.role)
            set_password(uow, args.username, password, now)
        print(f"ok: {args.username}")
    elif args.command == "audit" and args.audit_command == "verify":
        with desk.uow() as uow:
            report = verify_chain(uow)
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
