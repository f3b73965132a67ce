"""`carddesk refund|deposit|day-end`: the deposit desk's work without the window.

JSON shapes: `refund ... --json` prints a RefundView (plus "already_paid" and "printed" for `pay`),
`deposit show --json` a MoneyAccount, `day-end --json` a DayEnd. Amounts are integer fen.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desk_app import cli_args
from desk_app.bootstrap import OpenDesk
from desk_app.core.errors import DeskError
from desk_app.core.money import parse_yuan
from desk_app.core.services import refunds
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.refunds import AgentInput, LegacyInput, RefundApplication, RefundView
from desk_app.crashpoints import crashpoint

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]
COMMANDS = ("refund", "deposit", "day-end")


def fen(text: str) -> int:
    try:
        return parse_yuan(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    refund = commands.add_parser("refund", help="deposit refunds at the home branch (Foshan 6.4)")
    steps = refund.add_subparsers(dest="refund_command", required=True)
    apply = steps.add_parser("apply", help="record the refund application (the deposit record is checked)")
    apply.add_argument("--reader", required=True, help="card number, barcode, chip UID or reader id")
    apply.add_argument("--doc-type", default="resident_id", help="the reader's document shown")
    apply.add_argument("--doc-number", required=True)
    apply.add_argument("--agent-name", help="an agent applies for the reader (Foshan 6.4.7)")
    apply.add_argument("--agent-doc-type", default="resident_id")
    apply.add_argument("--agent-doc-number")
    apply.add_argument("--power-of-attorney", default="", help="its attachment id or paper archive number")
    apply.add_argument("--guardian-name", help="the guardian who comes with a reader under 16")
    apply.add_argument("--guardian-doc-type", default="resident_id")
    apply.add_argument("--guardian-doc-number")
    apply.add_argument("--legacy-card", help="a first-generation card the system never recorded (6.4.8)")
    apply.add_argument("--legacy-receipt", default="", help="the old deposit receipt's number")
    apply.add_argument("--legacy-amount", type=fen, default=0, help="yuan, as on the old receipt")
    apply.add_argument("--original-card-seen", action="store_true")
    apply.add_argument(
        "--card-presented", action="store_true", help="the reader's card was handed over (Foshan C, Chongqing 五（五）)"
    )
    apply.add_argument("--reader-signed", action="store_true")
    apply.add_argument("--settle-fines", action="store_true", help="settle unpaid fines from the deposit")
    apply.add_argument("--reason", choices=["refund", "swap"], default="refund")
    approve = steps.add_parser("approve", help="approve an application (a legacy card: with a supervisor)")
    approve.add_argument("request")
    approve.add_argument("--supervisor", help="the supervisor's user name; the password is read from stdin")
    pay = steps.add_parser("pay", help="pay it out: online only; prints the receipt in duplicate")
    pay.add_argument("request")
    pay.add_argument("--printer", help="send the receipt to this printer as well")
    archive = steps.add_parser("archive", help="archive the papers: scans attached, or a paper archive number")
    archive.add_argument("request")
    archive.add_argument("--attach", action="append", default=[], metavar="KIND=FILE",
                         help="document_copy, application, receipt, agent_document_copy, power_of_attorney, "
                              "old_card, old_receipt")  # fmt: skip
    archive.add_argument("--paper-archive", default="", help="the archive number of the paper file")
    withdraw = steps.add_parser("withdraw", help="withdraw an application not yet paid")
    withdraw.add_argument("request")
    withdraw.add_argument("--reason", required=True)
    show = steps.add_parser("show", help="one request")
    show.add_argument("request")
    listing = steps.add_parser("list", help="this branch's requests")
    listing.add_argument("--status", help="open, applied, approved, paying, paid, archived, withdrawn, refused")
    for step in (apply, approve, pay, archive, withdraw, show, listing):
        step.add_argument("--json", action="store_true")

    deposit = commands.add_parser("deposit", help="a reader's deposit and pre-deposit")
    kinds = deposit.add_subparsers(dest="deposit_command", required=True)
    taking = kinds.add_parser("take", help="take a deposit (or with --pre-deposit a pre-deposit) in cash")
    taking.add_argument("--card", required=True)
    taking.add_argument("--amount", required=True, type=fen, help="yuan, e.g. 100.00")
    taking.add_argument("--pre-deposit", action="store_true")
    taking.add_argument(
        "--against-policy", default="", metavar="REASON", help="why a deposit other than the policy's is taken"
    )
    taking.add_argument("--printer", help="send the receipt (kept in the documents folder) to this printer too")
    taking.add_argument(
        "--again", action="store_true", help="the same sum for the same card was just taken: take it a second time"
    )
    taking.add_argument("--json", action="store_true")
    back = kinds.add_parser("refund-pre-deposit", help="pay back a pre-deposit in cash (the card's home branch)")
    back.add_argument("--card", required=True)
    back.add_argument("--amount", type=fen, help="yuan (default: the whole balance)")
    back.add_argument("--printer", help="send the receipt to this printer too")
    back.add_argument("--again", action="store_true", help="the same sum was just paid back: pay it a second time")
    back.add_argument("--json", action="store_true")
    showing = kinds.add_parser("show", help="balances and every movement behind them")
    showing.add_argument("--card", required=True)
    showing.add_argument("--json", action="store_true")

    end = commands.add_parser("day-end", help="this desk's cash by kind, its receipts, and whether they agree")
    end.add_argument("--date", type=cli_args.day, help="YYYY-MM-DD (default: today, library time)")
    end.add_argument("--for-desk", dest="for_desk", help="another desk of this branch (default: this desk)")
    end.add_argument("--pdf", type=Path, help="write the printable sheet here")
    end.add_argument("--xlsx", type=Path, help="write the workbook here")
    end.add_argument("--json", action="store_true")


def _person(name: str | None, doc_type: str, number: str | None) -> AgentInput | None:
    if not name:
        return None
    return AgentInput(name, DocumentInput(doc_type, number or ""))


def _show(view: RefundView, as_json: bool, **extra: Any) -> None:
    if as_json:
        print(json.dumps({**asdict(view), **extra}, ensure_ascii=False))
    else:
        receipts = ",".join(view.receipts) or "-"
        print(f"{view.id}\t{view.status}\t{view.reader_name}\t{view.refund_fen / 100:.2f}\t{receipts}")


def _refund(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], ctx: DeskContext) -> None:
    step = args.refund_command
    if step == "list":
        with desk.uow() as uow:
            views = refunds.refunds_of(uow, ctx, args.status)
        if args.json:
            print(json.dumps([asdict(v) for v in views], ensure_ascii=False))
        for view in [] if args.json else views:
            _show(view, False)
        return
    if step == "apply":
        legacy = None
        if args.legacy_card:
            legacy = LegacyInput(
                args.legacy_card, args.legacy_receipt, args.legacy_amount, args.original_card_seen, args.reader_signed
            )
        application = RefundApplication(
            reader_ref=args.reader,
            shown=DocumentInput(args.doc_type, args.doc_number),
            agent=_person(args.agent_name, args.agent_doc_type, args.agent_doc_number),
            power_of_attorney=args.power_of_attorney,
            guardian=_person(args.guardian_name, args.guardian_doc_type, args.guardian_doc_number),
            legacy=legacy,
            settle_fines=args.settle_fines,
            reason=args.reason,
            card_presented=args.card_presented,
        )
        _show(_money(desk, args, settings, ctx).apply(application), args.json)
        return
    request_id = _request_id(args.request)
    if step == "approve":
        supervisor = None
        if args.supervisor:
            supervisor = (args.supervisor, sys.stdin.readline().rstrip("\n"))
        _show(_money(desk, args, settings, ctx).approve(str(request_id), supervisor), args.json)
    elif step == "pay":
        paid = _money(desk, args, settings, ctx).pay(str(request_id), args.printer)
        outcomes = [
            {"receipt": p.record.reference, "status": p.record.status, "printer": p.record.printer,
             "message": p.record.message, "path": str(p.path)}
            for p in paid.printed if p.record is not None
        ]  # fmt: skip
        _show(paid.view, args.json, already_paid=paid.already, printed=[str(p.path) for p in paid.printed],
              print_outcomes=outcomes)  # fmt: skip
    elif step == "archive":
        money = _money(desk, args, settings, ctx)
        for item in args.attach:
            kind, _, path = item.partition("=")
            if kind not in refunds.ARCHIVE_NAMES or not path:
                raise DeskError("refund.archive_missing", items=item)
            money.attach_scan(str(request_id), kind, Path(path).read_bytes())
        crashpoint("refund.attached")
        _show(money.archive(str(request_id), args.paper_archive), args.json)
    elif step == "withdraw":
        _show(_money(desk, args, settings, ctx).withdraw(str(request_id), args.reason), args.json)
    else:
        with desk.uow() as uow:
            _show(refunds.refund_view(uow, ctx, request_id), args.json)


def _request_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise DeskError("refund.not_found", request=text) from None


def _money(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], ctx: DeskContext) -> Any:
    """The deposit desk's facade with the desk's link to the union service, when joined (the staff member's
    session from `--staff` vouches)."""
    from desk_app.money_desk import MoneyDesk
    from desk_app.union_desk import UnionLink

    union = UnionLink(desk, dict(settings), list(getattr(args, "union_sessions", [])))
    return MoneyDesk(desk, ctx, dict(settings), union if union.configured else None)


def _deposit(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], ctx: DeskContext) -> None:
    """Money taken or paid back prints its receipt in duplicate, kept and recorded as the window does, so the
    day-end finds every receipt."""
    from desk_app.money_desk import MoneyDesk

    lang = args.lang or "zh"
    money = MoneyDesk(desk, ctx, dict(settings))
    if args.deposit_command in ("take", "refund-pre-deposit"):
        if args.deposit_command == "take":
            produced = money.take(
                args.card, args.amount, args.pre_deposit, args.against_policy, args.printer, again=args.again
            )
        else:
            produced = money.refund_pre_deposit(args.card, args.amount, args.printer, again=args.again)
        receipt = produced.record.reference if produced.record else ""
        if args.json:
            shown = money.account(args.card, lang)
            printed = produced.record.status if produced.record else ""
            print(json.dumps({"receipt_no": receipt, "receipt_pdf": str(produced.path), "receipt_print": printed,
                              **asdict(shown)}, ensure_ascii=False))  # fmt: skip
        else:
            print(receipt)
        return
    shown = money.account(args.card, lang)
    if args.json:
        print(json.dumps(asdict(shown), ensure_ascii=False))
    else:
        print(f"押金 {shown.deposit_fen / 100:.2f}\t预存款 {shown.pre_deposit_fen / 100:.2f}")
        for line in shown.history:
            print(f"{line.at}\t{line.label}\t{line.amount_fen / 100:.2f}\t{line.receipt_no or '-'}")


def _day_end(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], ctx: DeskContext) -> None:
    from desk_app.day_end_desk import close_day, write_pdf, write_workbook
    from desk_app.documents import fonts_for

    lang = args.lang or "zh"
    report = close_day(desk, ctx, args.date or ctx.today(), args.for_desk, lang)
    if args.pdf:
        write_pdf(desk, ctx, report, args.pdf, fonts_for(settings))
    if args.xlsx:
        write_workbook(report, args.xlsx, lang)
    if args.json:
        print(json.dumps({**asdict(report), "agrees": report.agrees}, ensure_ascii=False))
    else:
        print(f"现金收入 {report.cash_in_fen / 100:.2f}\t现金支出 {report.cash_out_fen / 100:.2f}")
        for problem in report.problems:
            print(f"不符：{problem}")


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command not in COMMANDS:
        return False
    ctx = context(desk, args, settings)
    if args.command == "refund":
        _refund(desk, args, settings, ctx)
    elif args.command == "deposit":
        _deposit(desk, args, settings, ctx)
    else:
        _day_end(desk, args, settings, ctx)
    return True
