"""`carddesk union init|serve|enrol-desk|desks|revoke-desk|staff add|stats` (library IT, on the union's side) and
`carddesk join` (on a desk). The `union` commands open the union's PostgreSQL and no desk database."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from desk_app import cli_args
from desk_app.core.errors import DeskError
from desk_app.core.permissions import Role
from desk_app.core.policy import PROFILE_NAMES, Profile


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    union = commands.add_parser("union", help="the union service and its database (library IT)")
    steps = union.add_subparsers(dest="union_command", required=True)
    init = steps.add_parser("init", help="create or upgrade the union's schema and load the profile")
    init.add_argument("--db", dest="union_db", required=True, help="postgresql://… as the tables' owner")
    init.add_argument("--profile", dest="union_profile", choices=PROFILE_NAMES,
                      help="the union's library profile (default: carddesk --profile, else the settings')")  # fmt: skip
    init.add_argument("--grant-to", help="the login role the service runs as: made a member of the runtime role")
    serve = steps.add_parser("serve", help="run the union service (HTTPS)")
    serve.add_argument("--db", dest="union_db", required=True)
    serve.add_argument("--listen", required=True, help="HOST:PORT")
    serve.add_argument("--cert", type=Path, required=True, help="the server certificate (PEM)")
    serve.add_argument("--key", type=Path, required=True, help="its private key (PEM)")
    enrol = steps.add_parser("enrol-desk", help="a one-time code for a desk to join with")
    enrol.add_argument("--db", dest="union_db", required=True)
    enrol.add_argument("--branch", dest="union_branch", required=True)
    enrol.add_argument("--desk", dest="union_desk", required=True)
    enrol.add_argument("--json", action="store_true")
    desks = steps.add_parser("desks", help="every desk with its last push and what the union refused")
    desks.add_argument("--db", dest="union_db", required=True)
    desks.add_argument("--json", action="store_true")
    revoke = steps.add_parser("revoke-desk", help="the desk's credential stops working at once")
    revoke.add_argument("--db", dest="union_db", required=True)
    revoke.add_argument("--branch", dest="union_branch", required=True)
    revoke.add_argument("--desk", dest="union_desk", required=True)
    staff = steps.add_parser("staff", help="staff accounts at the union").add_subparsers(
        dest="union_staff_command", required=True
    )
    demo = steps.add_parser("demo-data", help="synthetic readers and demo staff in a new, empty demo union")
    demo.add_argument("--db", dest="union_db", required=True)
    demo.add_argument("--readers", type=int, default=40)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--if-empty", action="store_true", help="do nothing when the union already has readers")
    stats = steps.add_parser("stats", help="the whole union's yearly figures (run against a read replica)")
    stats.add_argument("--db", dest="union_db", required=True)
    stats.add_argument("--year", type=cli_args.year, required=True)
    stats.add_argument("--branch", dest="stats_branch", help="one branch only (default: all)")
    stats.add_argument("--out", type=Path, help="write the workbook here (.xlsx)")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    add = staff.add_parser("add", help="a branch's first administrator (later accounts: by that administrator)")
    add.add_argument("username")
    add.add_argument("--db", dest="union_db", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--staff-branch", required=True)
    add.add_argument("--password-stdin", action="store_true")

    join = commands.add_parser("join", help="enrol this desk with the union service, with IT's one-time code")
    join.add_argument("--url", required=True, help="https://HOST:PORT of the union service")
    join.add_argument("--code", required=True)
    join.add_argument("--ca-file", type=Path, help="the library's CA certificate (PEM), if not a public one")


def _listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise DeskError("union.listen", listen=text)
    return host.strip("[]"), int(port)


def run_union(args: argparse.Namespace, profile_name: str) -> int:
    from desk_app.core.policy import load_profile
    from desk_app.union import store

    engine = store.engine_for(args.union_db)
    try:
        if args.union_command == "init":
            branches = store.init_union(engine, load_profile(args.union_profile or profile_name))
            if args.grant_to:
                store.grant_runtime(engine, args.grant_to)
            print(json.dumps({"branches": branches, "runtime_role": store.RUNTIME_ROLE}))
        elif args.union_command == "serve":
            return _serve(engine, args)
        elif args.union_command == "enrol-desk":
            made = store.enrol_desk(engine, args.union_branch, args.union_desk)
            print(json.dumps(made, ensure_ascii=False) if args.json else made["code"])
        elif args.union_command == "desks":
            rows = store.desks_report(engine)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            for row in [] if args.json else rows:
                print(f"{row['branch']}\t{row['desk']}\t{row['last_push'] or '-'}\t{row['open_conflicts']}")
        elif args.union_command == "demo-data":
            _demo_data(engine, args, load_profile(profile_name))
        elif args.union_command == "stats":
            _stats(engine, args)
        elif args.union_command == "revoke-desk":
            if not store.revoke_desk(engine, args.union_branch, args.union_desk):
                raise DeskError("union.desk_unknown")
            print(f"revoked: {args.union_branch} {args.union_desk}")
        else:
            _first_admin(engine, args)
    finally:
        engine.dispose()
    return 0


def _stats(engine: Engine, args: argparse.Namespace) -> None:
    """The yearly figures from the union's own database: every branch's events, as `carddesk stats` counts
    a desk's. Library IT runs it where the union's data lives (a read replica will do)."""
    from db.stats_source import UNION, SqlStatsSource
    from desk_app.cli_stats import show_report
    from desk_app.stats_desk import report_of
    from desk_app.union.store import union_profile

    lang = args.lang or "zh"
    source = SqlStatsSource(engine, UNION)
    show_report(report_of(source, union_profile(engine), args.year, args.stats_branch, lang), args, lang)


def _demo_data(engine: Engine, args: argparse.Namespace, profile: Profile) -> None:
    """Demo readers and staff (password demo2026) go into the union, never into a desk: each desk that joins
    pulls its own branch's, so two demo desks of one union hold the same people and never collide."""
    from dataclasses import asdict

    from sqlalchemy import func, select
    from sqlalchemy.orm import sessionmaker

    from db.models import ReaderRow
    from db.uow import SqlUnitOfWork
    from desk_app.union.store import note_snapshot

    try:
        from desk_app.demo.demo_data import DEMO_DESK_AT_UNION, make_demo_data
    except ImportError:
        raise DeskError("demo.not_installed") from None  # the installed program carries no demo code

    with engine.connect() as connection:
        readers = connection.execute(select(func.count()).select_from(ReaderRow)).scalar_one()
    if readers:
        if args.if_empty:
            print("demo data skipped: the union already has readers")
            return
        raise DeskError("union.demo_not_empty")
    factory = sessionmaker(engine)
    summary = make_demo_data(
        lambda: SqlUnitOfWork(factory), profile, readers=args.readers, seed=args.seed, desk=DEMO_DESK_AT_UNION
    )
    note_snapshot(engine)
    print(json.dumps(asdict(summary), ensure_ascii=False))


def _first_admin(engine: Engine, args: argparse.Namespace) -> None:
    from sqlalchemy.orm import sessionmaker

    from db.uow import SqlUnitOfWork
    from desk_app.cli_auth import read_stdin_line
    from desk_app.core.services.staff_accounts import create_first_admin_of_branch

    password = read_stdin_line() if args.password_stdin else ""
    with SqlUnitOfWork(sessionmaker(engine)) as uow:
        create_first_admin_of_branch(
            uow, args.username, args.name, args.staff_branch, args.role, password, datetime.now(UTC)
        )
    print(f"ok: {args.username}")


def _serve(engine: Engine, args: argparse.Namespace) -> int:
    import uvicorn

    from desk_app.union.app import create_app

    host, port = _listen(args.listen)
    uvicorn.run(
        create_app(engine),
        host=host,
        port=port,
        ssl_certfile=str(args.cert),
        ssl_keyfile=str(args.key),
        log_level="warning",
        access_log=False,
    )
    return 0


def run_join(database: Path, args: argparse.Namespace) -> None:
    """The code becomes this desk's own token, kept in the keyring; the settings keep where the union is."""
    from desk_app.settings import load_settings, save_settings
    from desk_app.union_client import joined_settings, redeem_code

    ca_file = str(args.ca_file.resolve()) if args.ca_file else None
    joined, token = redeem_code(args.url, args.code, ca_file)
    settings = joined_settings(load_settings(), database, args.url, ca_file, joined, token)
    save_settings(settings)
    print(json.dumps(joined, ensure_ascii=False), file=sys.stdout)
