"""`carddesk fines|pay-fine|report-loss|merge-readers`: counter and deposit desk work without the window."""

from __future__ import annotations

import argparse
import json
import uuid
from collections.abc import Callable
from dataclasses import asdict

from desk_app import cli_args
from desk_app.bootstrap import OpenDesk
from desk_app.cli_money import fen
from desk_app.core.commands import CardRef, FinePaid, PhoneLoss, ReaderMerge
from desk_app.core.entities import LedgerKind
from desk_app.core.messages import format_fen
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fines import fines_at_desk
from desk_app.core.services.paperwork import resolve_reader
from desk_app.crashpoints import crashpoint
from desk_app.money_desk import refuse_a_repeat
from desk_app.union_desk import run_command

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fines = commands.add_parser("fines", help="a reader's unpaid fines, and which this branch may collect")
    fines.add_argument("--reader", required=True)
    fines.add_argument("--json", action="store_true")
    pay = commands.add_parser("pay-fine", help="take a fine (prints the receipt number)")
    pay.add_argument("loan", help="the loan id from `carddesk fines`")
    pay.add_argument("--amount", required=True, type=fen, help="yuan, e.g. 2.00")
    pay.add_argument("--again", action="store_true", help="the same sum was just taken for this loan: take it again")
    merge = commands.add_parser("merge-readers", help="make two records of one person one (a supervisor)")
    merge.add_argument("keep", help="the reader id of the record to keep")
    merge.add_argument("merge", help="the reader id of the record that goes, after what it held moved")
    merge.add_argument("--reason", required=True)
    merge.add_argument("--json", action="store_true")
    loss = commands.add_parser("report-loss", help="block a card at once (at the counter or by telephone)")
    loss.add_argument("card")
    loss.add_argument("--phone", action="store_true", help="the caller was checked with the library's questions")
    loss.add_argument("--caller", default="")
    loss.add_argument("--asked", default="", help="the questions asked, comma-separated")
    loss.add_argument("--correct", type=cli_args.count, default=0, help="how many were answered right")


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command not in ("fines", "pay-fine", "report-loss", "merge-readers"):
        return False
    ctx = context(desk, args, settings)
    if args.command == "fines":
        with desk.uow() as uow:
            found = fines_at_desk(uow, ctx, resolve_reader(uow, args.reader).id)
        if args.json:
            print(json.dumps([asdict(f) for f in found], ensure_ascii=False))
        for f in [] if args.json else found:
            where = "本馆可收" if f.collectable_here else f"须在{f.branch_name}缴纳"
            print(f"{f.loan_id}\t{f.title}\t{format_fen(f.unpaid_fen)}\t{where}")
    elif args.command == "pay-fine":
        loan = uuid.UUID(args.loan)
        if not args.again:
            with desk.uow() as uow:
                paid = uow.ledger.where(authorised_by=f"loan:{loan}", kind=LedgerKind.FINE_PAID)
            refuse_a_repeat(paid, args.amount, ctx.now())
        entry = run_command(desk, ctx, "pay_fine", FinePaid(str(loan), args.amount))
        crashpoint("fine.paid")
        print(entry.receipt_no)
    elif args.command == "merge-readers":
        merged = run_command(desk, ctx, "merge_readers", ReaderMerge(args.keep, args.merge, args.reason))
        print(json.dumps(asdict(merged), ensure_ascii=False) if args.json else merged.kept)
    elif args.phone:
        asked = [q.strip() for q in args.asked.split(",") if q.strip()]
        call = PhoneLoss(args.card, args.caller, tuple(asked), args.correct)
        print(run_command(desk, ctx, "report_loss_by_phone", call).status)
    else:
        # Run as a command: queued for the union service in the same transaction.
        print(run_command(desk, ctx, "report_loss", CardRef(args.card)).status)
    return True
