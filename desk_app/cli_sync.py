"""`carddesk sync` and `carddesk conflicts`: a desk that joined the union service pushes its commands, pulls
its branch's rows, and resolves what the union refused."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict

from desk_app.bootstrap import OpenDesk
from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.union_desk import UnionLink

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser("sync", help="push this desk's commands to the union and pull its branch's rows")
    sync.add_argument("--json", action="store_true")
    conflicts = commands.add_parser("conflicts", help="commands the union refused, and their resolution")
    conflicts.add_argument("--json", action="store_true")
    csub = conflicts.add_subparsers(dest="conflicts_command")
    resolve = csub.add_parser("resolve", help="resolve one conflict")
    resolve.add_argument("change_id")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--cancel-local", action="store_true", help="cancel this desk's refused card")
    how.add_argument("--dismiss", action="store_true", help="the union's record stands: undo here what the command did")


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command not in ("sync", "conflicts"):
        return False
    union = UnionLink(desk, dict(settings))
    if not union.configured:
        raise DeskError("union.not_joined")
    if args.command == "sync":
        # The staff member named (if any) signs in against the union: their session vouches for their commands.
        if args.staff:
            context(desk, args, settings)
        shown = asdict(union.sync(list(getattr(args, "union_sessions", []))))
        print(json.dumps(shown) if args.json else " ".join(f"{k}={v}" for k, v in shown.items()))
        return True
    if args.conflicts_command == "resolve":
        ctx = context(desk, args, settings)  # a sign-in against the union: its session vouches
        union.sessions = list(getattr(args, "union_sessions", []))
        how = "cancel-local" if args.cancel_local else "dismiss"
        print(union.resolve(ctx, args.change_id, how) or "dismissed")
        return True
    rows = [asdict(c) for c in union.conflicts()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print("\t".join(str(v) for v in row.values()))
    return True
