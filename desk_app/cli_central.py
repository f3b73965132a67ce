"""`carddesk central init|register-desk`, `carddesk sync` and `carddesk conflicts`: the union's central
database, for library IT, and the desk's side of it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict

from sqlalchemy.engine import URL, make_url

from db.central.admin import admin_engine, init_central, register_desk
from db.sync import enqueue_existing
from desk_app.bootstrap import OpenDesk
from desk_app.core.services.context import DeskContext
from desk_app.secrets import store_central_password
from desk_app.settings import load_settings, save_settings
from desk_app.sync_desk import CentralLink
from desk_app.union_desk import UnionLink

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    central = commands.add_parser("central", help="the union's central PostgreSQL database (library IT)")
    sub = central.add_subparsers(dest="central_command", required=True)
    init = sub.add_parser("init", help="create or upgrade the central schema, with the profile's branches")
    init.add_argument("--url", required=True, help="an administrator's postgresql:// address")
    register = sub.add_parser("register-desk", help="give this desk its own role at the central database")
    register.add_argument("--url", required=True, help="an administrator's postgresql:// address")
    register.add_argument("--desk-branch", required=True, help="the desk's branch code")
    register.add_argument("--desk-code", required=True, help="the desk's code, such as D1")
    register.add_argument("--desk-url", help="the address desks use, if not the administrator's (no password)")
    register.add_argument("--ca-file", default="", help="the library's CA certificate, for sslmode=verify-full")
    register.add_argument("--json", action="store_true")

    sync = commands.add_parser("sync", help="push this desk's changes and pull the union's")
    sync.add_argument("--json", action="store_true")
    conflicts = commands.add_parser("conflicts", help="changes the central database refused, and their resolution")
    conflicts.add_argument("--json", action="store_true")
    csub = conflicts.add_subparsers(dest="conflicts_command")
    resolve = csub.add_parser("resolve", help="resolve one conflict")
    resolve.add_argument("change_id")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--cancel-local", action="store_true", help="cancel this desk's refused card")
    how.add_argument("--dismiss", action="store_true", help="dealt with another way; keep it on record")


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command == "central":
        engine = admin_engine(args.url)
        try:
            if args.central_command == "init":
                branches = init_central(engine, desk.profile)
                print(json.dumps({"branches": branches}))
            else:
                role, password = register_desk(engine, args.desk_branch, args.desk_code)
                given = make_url(args.desk_url or args.url)
                # The desk's address carries no one's name or password: the desk's own are in its keyring.
                address = URL.create("postgresql", host=given.host, port=given.port, database=given.database)
                url = address.render_as_string(hide_password=False)
                store_central_password(url, role, password)
                stored = load_settings()
                stored |= {"central_url": url, "central_user": role, "central_ca_file": args.ca_file}
                stored |= {"branch": args.desk_branch, "desk": args.desk_code}
                save_settings(stored)
                queued = enqueue_existing(desk.session_factory)
                out = {"role": role, "central_url": url, "queued": queued}
                print(json.dumps(out) if args.json else f"{role}\t{url}\t{queued} changes queued")
        finally:
            engine.dispose()
        return True
    if args.command == "sync" and UnionLink(desk, dict(settings)).configured:
        # A desk that joined the union service pushes commands; the staff member named (if any) vouches for theirs.
        if args.staff:
            context(desk, args, settings)
        report = UnionLink(desk, dict(settings)).sync(list(getattr(args, "union_sessions", [])))
        shown = asdict(report)
        print(json.dumps(shown) if args.json else " ".join(f"{k}={v}" for k, v in shown.items()))
        return True
    if args.command == "sync":
        link = CentralLink(desk, dict(settings))
        result = link.sync()
        data = asdict(result)
        data.pop("outcomes")
        data["pending"] = link.pending()
        print(json.dumps(data) if args.json else " ".join(f"{k}={v}" for k, v in data.items()))
        return True
    if args.command == "conflicts":
        union = UnionLink(desk, dict(settings))
        resolver: CentralLink | UnionLink = union if union.configured else CentralLink(desk, dict(settings))
        if args.conflicts_command == "resolve":
            ctx = context(desk, args, settings)  # on a joined desk, a sign-in against the union: its session vouches
            union.sessions = list(getattr(args, "union_sessions", []))
            how = "cancel-local" if args.cancel_local else "dismiss"
            print(resolver.resolve(ctx, args.change_id, how) or "dismissed")
            return True
        rows = [asdict(c) for c in resolver.conflicts()]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                print("\t".join(str(v) for v in row.values()))
        return True
    return False
