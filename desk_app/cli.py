"""`carddesk`: the headless commands that library IT scripts, and the entry to the desk window.

Options, command names and JSON shapes here are a contract: extend them, never rename them.
A failure exits non-zero with one line on stderr, in the user's language.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from db.backup import backups, make_backup, restore
from db.errors import explain
from desk_app import (
    cli_admin,
    cli_args,
    cli_batch,
    cli_desk,
    cli_device,
    cli_money,
    cli_stats,
    cli_sync,
    cli_union,
)
from desk_app.bootstrap import OpenDesk, open_desk
from desk_app.cli_auth import acting_context
from desk_app.core.errors import DeskError
from desk_app.core.policy import PROFILE_NAMES
from desk_app.core.rules_table import render_rules_table
from desk_app.core.services.context import DeskContext
from desk_app.core.services.paperwork import Agent, resolve_reader
from desk_app.core.services.print_history import history
from desk_app.core.services.setup import list_branches
from desk_app.core.views import ReaderDirectory
from desk_app.documents import fonts_for, print_server, produce, reprint, send
from desk_app.logs import setup_logging
from desk_app.settings import config_file, default_database, load_settings
from forms.identity_documents import DocumentType
from forms.paper_forms import FormKind
from printing.printers import PrintFailedError, list_printers

log = logging.getLogger(__name__)
# The kinds the printing issue names for `carddesk print`; batch results come with the batch import, the
# day-end sheet with `carddesk day-end`.
PRINT_KINDS = [k for k in FormKind if k not in (FormKind.BATCH_RESULT, FormKind.DAY_END)]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carddesk", description="CardDesk 读者证服务台")
    parser.add_argument("--db", type=Path, help="local SQLite database file (default: the user data folder)")
    parser.add_argument("--profile", choices=PROFILE_NAMES, help="library policy profile")
    parser.add_argument("--lang", default=None, help="zh (default) or en, for messages")
    parser.add_argument("--branch", help="the branch this command acts for (default: settings, else the first)")
    parser.add_argument("--desk", help="the desk code recorded in the audit log (default: settings)")
    parser.add_argument(
        "--staff",
        help="who acts (audited): a staff username; their password by --password-stdin or a prompt, a service"
        " account's secret from the keyring. Commands that change data need it",
    )
    parser.add_argument(
        "--password-stdin",
        dest="actor_password_stdin",
        action="store_true",
        help="read the --staff member's password from the first line of standard input",
    )
    parser.add_argument(
        "--self-check", action="store_true", help="open the database, fonts and translations, then exit (installers)"
    )
    # No command opens the desk window, as double-clicking the installed program does.
    commands = parser.add_subparsers(dest="command")

    db = commands.add_parser("db", help="database maintenance")
    maintenance = db.add_subparsers(dest="db_command", required=True)
    maintenance.add_parser("upgrade", help="apply migrations")
    maintenance.add_parser("backup", help="a verified copy now, into backups/ beside the database").add_argument(
        "--json", action="store_true"
    )
    maintenance.add_parser("backups", help="the verified copies, newest first")
    restore = maintenance.add_parser("restore", help="put a verified copy in the database's place (desks closed)")
    restore.add_argument("backup", type=Path)

    demo = commands.add_parser("demo-data", help="fill the database with synthetic demo data")
    demo.add_argument("--readers", type=cli_args.count, default=40)
    demo.add_argument("--seed", type=cli_args.count, default=2026)
    demo.add_argument("--if-empty", action="store_true", help="do nothing when readers exist already")

    branches = commands.add_parser("branches", help="list the union's member libraries")
    branches.add_argument("--json", action="store_true")

    rules = commands.add_parser("rules-table", help="the rules table of every profile, as Markdown")
    rules.add_argument("--out", type=Path)

    search = commands.add_parser("search", help="find readers by card, document, phone or name")
    search.add_argument("text")
    search.add_argument("--limit", type=cli_args.positive, default=50)
    search.add_argument("--json", action="store_true")

    printing = commands.add_parser("print", help="produce a document as PDF, and print it if asked")
    printing.add_argument("kind", choices=[k.value for k in PRINT_KINDS])
    source = printing.add_mutually_exclusive_group(required=True)
    source.add_argument("--reader", help="reader id, or one of their card numbers or barcodes")
    source.add_argument("--receipt", help="receipt number")
    source.add_argument("--blank", action="store_true", help="the form with no values, to fill by hand")
    printing.add_argument("--out", type=Path, required=True)
    printing.add_argument("--printer", help="also send it to this printer (CUPS queue name)")
    printing.add_argument("--server", help="CUPS server or socket (default: settings, else this machine)")
    printing.add_argument("--agent-name", help="proxy-authorisation: the agent's name")
    printing.add_argument("--agent-doc-type", default="resident_id", help="proxy-authorisation: document type")
    printing.add_argument("--agent-doc-number", help="proxy-authorisation: document number")
    printing.add_argument("--json", action="store_true")

    prints = commands.add_parser("print-history", help="the documents produced for a reader")
    prints.add_argument("--reader", required=True)
    prints.add_argument("--json", action="store_true")

    again = commands.add_parser("reprint", help="send a kept document to a printer again")
    again.add_argument("record", help="the id from print-history")
    again.add_argument("--printer")
    again.add_argument("--server")

    printers = commands.add_parser("printers", help="list the system's printers")
    printers.add_argument("--server")

    cli_admin.add_commands(commands)
    cli_batch.add_commands(commands)
    cli_desk.add_commands(commands)
    cli_stats.add_commands(commands)
    cli_sync.add_commands(commands)
    cli_money.add_commands(commands)
    cli_union.add_commands(commands)

    gui = commands.add_parser("gui", help="open the desk window")
    gui.add_argument("--branch", help="this desk's branch code")
    gui.add_argument("--desk", help="this desk's code")
    gui.add_argument("--screenshot", type=Path, help="save a screenshot of the screen once shown, then quit")
    gui.add_argument("--user", help="sign in as this staff member without the dialog (kiosk start-up)")
    gui.add_argument("--password-stdin", action="store_true", help="with --user: read the password from stdin")
    gui.add_argument(
        "--quit-when-ready", action="store_true", help="quit once the main window shows readers (benchmarks)"
    )
    gui.add_argument("--open", choices=["stats"], help="open this screen once signed in (stats: the statistics)")
    cli_device.add_parser(commands)
    commands.add_parser("setup", help="the first-run set-up: branch, desk, union service, printers, devices")
    return parser


def _open(args: argparse.Namespace, settings: dict[str, object]) -> OpenDesk:
    path = args.db or Path(str(settings["database"]) or default_database())
    return open_desk(path, args.profile or str(settings["profile"]))


def _context(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object]) -> DeskContext:
    # One sign-in per command, however many steps of it act (the password is read once).
    ctx: DeskContext | None = getattr(args, "acting", None)
    if ctx is None:
        ctx = acting_context(desk, args, settings)
        args.acting = ctx
    return ctx


def _db_files(args: argparse.Namespace, settings: dict[str, object]) -> int:
    """Restore and the list of backups work on the files: a damaged database is not opened first."""
    path = args.db or Path(str(settings["database"]) or default_database())
    if args.db_command == "backups":
        for found in backups(path):
            print(found)
        return 0
    from desk_app.bootstrap import is_plain_sqlite
    from desk_app.secrets import desk_file_key

    key = None if is_plain_sqlite(args.backup) else desk_file_key()
    aside = restore(path, args.backup, key)
    print(f"restored {args.backup} -> {path} (the replaced file: {aside})")
    return 0


def _print(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object]) -> None:
    ctx = _context(desk, args, settings)
    agent = None
    if args.agent_name:
        agent = Agent(args.agent_name, DocumentType(args.agent_doc_type), args.agent_doc_number or "")
    ref = None if args.blank else (args.reader or args.receipt)
    produced = produce(desk, ctx, args.kind, ref, args.out, agent, fonts_for(settings))
    for char in produced.missing_characters:
        print(f"carddesk: 警告：字体缺少字符「{char}」(U+{ord(char):04X})，打印时将显示为空白", file=sys.stderr)
    record = produced.record
    printer = args.printer or dict(settings.get("printers") or {}).get(args.kind)  # type: ignore[call-overload]
    if args.printer and record is None:
        raise DeskError("print.blank_not_kept")
    if args.printer and record is not None:
        record = send(desk, ctx, record, printer, args.server or print_server(settings))
    result = {
        "path": str(produced.path),
        "pages": produced.pages,
        "record": asdict(record) if record else None,
        "missing_characters": list(produced.missing_characters),
    }
    print(json.dumps(result, ensure_ascii=False) if args.json else produced.path)


def _run(args: argparse.Namespace) -> int:
    if args.self_check:
        from desk_app.self_check import run_self_check

        settings = load_settings()
        database = args.db or Path(str(settings["database"]) or default_database())
        return run_self_check(database, args.profile or str(settings["profile"]), settings)
    if args.command == "device":
        return cli_device.run(args, args.lang or "zh")
    settings = load_settings()
    # A real installation (no --db given) opens the set-up once, before anything else, until it is done.
    first_run = args.command == "gui" and args.db is None and not config_file().exists() and not args.user
    if args.command == "setup" or first_run:
        from desk_app.ui.app import run_setup

        database = args.db or Path(str(settings.get("database") or "") or default_database())
        stored = run_setup(settings, args.lang or "zh", database)
        if stored is None:
            return 0 if first_run else 1  # cancelled: a first start just closes
        if args.command == "setup":
            return 0
        settings = stored
    if args.command == "union":
        return cli_union.run_union(args, args.profile or str(settings["profile"]))
    if args.command == "join":
        cli_union.run_join(args.db or Path(str(settings["database"]) or default_database()), args)
        return 0
    if not cli_batch.needs_database(args):
        cli_batch.run_template(args, args.profile or str(settings["profile"]))
        return 0
    if args.command == "rules-table":
        text = render_rules_table()
        if args.out:
            args.out.write_text(text, "utf-8")
        else:
            print(text)
        return 0
    if args.command == "db" and args.db_command in ("restore", "backups"):
        return _db_files(args, settings)
    desk = _open(args, settings)
    try:
        if args.command == "db" and args.db_command == "backup":
            made = make_backup(desk.path, "manual", key=desk.key)
            print(json.dumps({"backup": str(made)}) if args.json else made)
        elif args.command == "db":
            print(f"database is at the current schema: {desk.path}")
        elif args.command == "demo-data":
            if dict(settings.get("union") or {}).get("url") or settings.get("central_url"):
                # Demo staff with a known password must never reach a real union: a demo union gets its demo
                # data at the union (`carddesk union demo-data`), and its desks pull it.
                raise DeskError("demo.in_union")
            try:
                from desk_app.demo.demo_data import DEMO_PASSWORD, make_demo_data
            except ImportError:
                raise DeskError("demo.not_installed") from None  # the installed desk carries no demo code
            with desk.uow() as uow:
                has_readers = bool(uow.readers.where())
            if args.if_empty and has_readers:
                print("demo data skipped: the database already has readers")
                return 0
            summary = make_demo_data(desk.uow_factory(), desk.profile, readers=args.readers, seed=args.seed)
            print(json.dumps(asdict(summary), ensure_ascii=False))
            first = desk.profile.branches[0].code.lower()
            print(
                f"demo sign-in: {first}-counter / {DEMO_PASSWORD} (also -children, -deposit, -supervisor, -admin)",
                file=sys.stderr,
            )
        elif args.command == "branches":
            with desk.uow() as uow:
                rows = [{"code": b.code, "name": b.name} for b in list_branches(uow)]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for row in rows:
                    print(f"{row['code']}\t{row['name']}")
        elif args.command == "search":
            found = _directory(desk, args, settings).search(args.text, args.limit)
            if args.json:
                print(json.dumps([asdict(r) for r in found], ensure_ascii=False))
            else:
                for r in found:
                    # Stored before the text rule refused them, escapes would still reach the terminal.
                    name = "".join(c if c.isprintable() else "?" for c in r.name)
                    print(f"{r.card_number or '-'}\t{name}\t{r.masked_document}\t{r.masked_phone}\t{r.card_status}")
        elif args.command == "print":
            _print(desk, args, settings)
        elif args.command == "print-history":
            with desk.uow() as uow:
                records = history(uow, resolve_reader(uow, args.reader).id)
            if args.json:
                print(json.dumps([asdict(r) for r in records], ensure_ascii=False))
            else:
                for doc in records:
                    print(f"{doc.id}\t{doc.created_at}\t{doc.kind}\t{doc.reference}\t{doc.status}\t{doc.printer or ''}")
        elif args.command == "reprint":
            server = args.server or print_server(settings)
            record = reprint(desk, _context(desk, args, settings), args.record, args.printer, server)
            print(f"{record.status}\t{record.message}")
        elif args.command == "printers":
            for name in list_printers(args.server or print_server(settings)):
                print(name)
        elif any(
            module.run(desk, args, settings, _context)
            for module in (cli_admin, cli_batch, cli_desk, cli_stats, cli_sync, cli_money)
        ):
            pass
        elif args.command == "gui":
            from desk_app.ui.app import run_gui

            return run_gui(desk, args, settings)
    finally:
        desk.close()
    return 0


def prepare_window(words: Sequence[str]) -> tuple[argparse.Namespace, dict[str, object], OpenDesk]:
    """What the window's start needs from the command line, loaded while the sign-in is on screen
    (`ui/sign_in_first.py`): the options as this parser reads them, the settings and the open desk."""
    args = _parser().parse_args([*words])
    if args.command is None:
        args = _parser().parse_args([*words, "gui"])
    setup_logging()
    settings = load_settings()
    return args, settings, _open(args, settings)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(words)
    if args.command is None and not args.self_check:
        args = _parser().parse_args([*words, "gui"])
    lang = args.lang or "zh"
    try:
        setup_logging()
        return _run(args)
    except DeskError as err:
        return _refuse(args, _with_log(err, lang), 2)
    except PrintFailedError as err:
        return _refuse(args, str(err), 2)
    except Exception as err:  # the one place that turns any failure into a one-line reason
        log.exception("command failed")
        explained = explain(err, getattr(args, "db", None) or default_database())
        if explained is not None:
            return _refuse(args, _with_log(explained, lang), 2)
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        where = setup_logging()
        return _refuse(args, f"{type(err).__name__}: {reason}（详见日志 / see the log: {where}）", 1)


def _with_log(err: DeskError, lang: str) -> str:
    """A damaged, newer, read-only or full file: what to do, and where the details were logged."""
    if not err.code.startswith(("db.", "settings.", "output.")):
        return err.message(lang)
    return f"{err.message(lang)}（{'日志' if lang == 'zh' else 'log'}：{setup_logging()}）"


def _directory(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object]) -> ReaderDirectory:
    """A desk that joined a union also asks the union when a staff member signed in (`--staff`)."""
    from desk_app.union_desk import ServedDirectory, UnionLink

    sessions = list(getattr(args, "union_sessions", []))
    union = UnionLink(desk, dict(settings), sessions, current=sessions[0] if sessions else None)
    return ServedDirectory(union, desk.directory()) if union.configured and sessions else desk.directory()


def _refuse(args: argparse.Namespace, message: str, code: int) -> int:
    """The reason on stderr; for the window, also in a window, since a desktop icon shows no terminal."""
    print(f"carddesk: {message}", file=sys.stderr)
    has_screen = sys.platform == "win32" or any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    )
    if args.command == "gui" and has_screen and not getattr(args, "user", None):
        from desk_app.ui.start_failure import show_start_failure

        show_start_failure(message, str(setup_logging()), args.lang or "zh", getattr(args, "screenshot", None))
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
