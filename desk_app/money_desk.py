"""What the deposit desk asks for, Qt-free: balances, money taken, refunds from application to archive with
their receipts printed once, and the day-end. The window and the CLI both go through here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desk_app.bootstrap import OpenDesk
from desk_app.core.commands import (
    Attaching,
    MoneyTaken,
    PreDepositBack,
    RefundApproval,
    RefundClosing,
    RefundStep,
)
from desk_app.core.entities import LedgerEntry, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.messages import format_fen
from desk_app.core.services import refunds
from desk_app.core.services.context import DeskContext
from desk_app.core.services.day_end import DayEnd
from desk_app.core.services.deposits import MoneyAccount, account
from desk_app.core.services.lookup import find_card
from desk_app.core.services.paperwork import refund_agent
from desk_app.core.services.print_history import PrintRecord, get_record, history
from desk_app.core.services.refunds import RefundApplication, RefundView
from desk_app.crashpoints import crashpoint
from desk_app.documents import (
    Produced,
    deliver,
    fonts_for,
    history_of,
    known_printers,
    print_server,
    produce,
    remembered_printer,
    reprint,
)
from desk_app.union_desk import UnionLink, run_command

# The pay step's command id comes from the request: asked again after a lost answer, it is the same payment.
PAY_NAMESPACE = uuid.UUID("5b0f8e0c-3a51-4f41-9e60-2f4b2c7d9a13")

# A second payment of the same sum for the same card within this time is taken for a repeat.
REPEAT_WINDOW = timedelta(minutes=30)


def refuse_a_repeat(entries: Iterable[LedgerEntry], amount_fen: int, now: datetime) -> None:
    """The same sum among these entries within the repeat window: the answer was lost, not a second payment
    (the clerk confirms a second one with `again`)."""
    recent = [e for e in entries if e.amount_fen == amount_fen and timedelta(0) <= now - e.at < REPEAT_WINDOW]
    if recent:
        last = max(recent, key=lambda e: e.at)
        minutes = int((now - last.at).total_seconds() // 60)
        raise DeskError("money.just_taken", amount=format_fen(amount_fen), minutes=minutes, receipt=last.receipt_no)


@dataclass(frozen=True)
class PaidRefund:
    view: RefundView
    already: bool
    printed: list[Produced]  # the receipts this call produced, each with what became of it (none if made before)


@dataclass(frozen=True)
class Paid:
    view: RefundView
    already: bool  # paid before (a retried click, a second desk's screen): nothing was paid now


@dataclass
class MoneyDesk:
    desk: OpenDesk
    ctx: DeskContext
    settings: dict[str, Any]
    link: UnionLink | None = None  # a desk in a union: refunds are paid only with the union's answer
    # The window prints to the printer remembered for each kind of document; the command line only where
    # told (`--printer`), as its scripts expect.
    print_remembered: bool = False

    def account(self, card_ref: str, lang: str = "zh") -> MoneyAccount:
        with self.desk.uow() as uow:
            return account(uow, self.ctx, card_ref, lang)

    def opened(self, card_ref: str, lang: str = "zh") -> tuple[MoneyAccount, RefundView | None, list[PrintRecord]]:
        """What the desk shows when a card is queried: the account, the reader's refund still in progress
        (an approved one waiting to be paid, say) and their kept documents."""
        with self.desk.uow() as uow:
            shown = account(uow, self.ctx, card_ref, lang)
            reader_id = uuid.UUID(shown.reader_id)
            return shown, refunds.standing_request(uow, self.ctx, reader_id), history(uow, reader_id)

    def printers(self) -> list[str]:
        return known_printers(self.settings)

    def take(
        self,
        card_ref: str,
        amount_fen: int,
        pre_deposit: bool,
        against_policy: str = "",
        printer: str | None = None,
        again: bool = False,
    ) -> Produced:
        """Takes the money and prints its receipt in duplicate. The same sum for the same card a few minutes
        after the last is refused with that receipt (the answer lost to a power cut, the clerk trying again),
        unless the clerk confirms a second payment."""
        kind = LedgerKind.PRE_DEPOSIT if pre_deposit else LedgerKind.DEPOSIT_TAKEN
        if not again:
            self._refuse_a_repeat(card_ref, kind, amount_fen)
        inputs = MoneyTaken(card_ref, kind.value, amount_fen, against_policy)
        receipt = run_command(self.desk, self.ctx, "take_money", inputs)
        crashpoint("deposit.taken")
        return self._receipt(receipt, printer)

    def _refuse_a_repeat(self, card_ref: str, kind: LedgerKind, amount_fen: int) -> None:
        with self.desk.uow() as uow:
            card = find_card(uow, card_ref)
            refuse_a_repeat(uow.ledger.where(reader_id=card.reader_id, kind=kind), amount_fen, self.ctx.now())

    def refund_pre_deposit(
        self, card_ref: str, amount_fen: int | None, printer: str | None = None, again: bool = False
    ) -> Produced:
        if amount_fen is not None and not again:
            self._refuse_a_repeat(card_ref, LedgerKind.PRE_DEPOSIT_REFUNDED, amount_fen)
        receipt: str = run_command(self.desk, self.ctx, "refund_pre_deposit", PreDepositBack(card_ref, amount_fen))
        crashpoint("pre_deposit.refunded")
        return self._receipt(receipt, printer)

    def _receipt(self, receipt_no: str, printer: str | None) -> Produced:
        produced = produce(self.desk, self.ctx, "receipt", receipt_no, None, None, fonts_for(self.settings))
        return deliver(self.desk, self.ctx, produced, printer or self._remembered("receipt"), self._cups_server())

    def printer_for(self, kind: str) -> str | None:
        return remembered_printer(self.settings, kind)

    def _remembered(self, kind: str) -> str | None:
        return self.printer_for(kind) if self.print_remembered else None

    def _cups_server(self) -> str | None:
        return print_server(self.settings)

    def _union(self) -> UnionLink | None:
        """The union service decides refunds for a desk that joined it."""
        return self.link if self.link is not None and self.link.configured else None

    def apply(self, application: RefundApplication) -> RefundView:
        if self._union() is not None:
            view: RefundView = run_command(self.desk, self.ctx, "apply_refund", application)
            return view
        with self.desk.uow() as uow:
            return refunds.apply_for_refund(uow, self.ctx, application)

    def apply_and_print(self, application: RefundApplication) -> tuple[RefundView, Produced | None]:
        """The application recorded, then its form printed for the reader (or agent) to sign at once; a form
        that cannot be made leaves the application recorded (it is printed again from the button)."""
        view = self.apply(application)
        try:
            return view, self.application_form(view.reader_id)
        except DeskError:
            return view, None

    def approve(self, request_id: str, supervisor: tuple[str, str] | None = None) -> RefundView:
        union = self._union()
        if union is None:
            with self.desk.uow() as uow:
                return refunds.approve_refund(uow, self.ctx, uuid.UUID(request_id), supervisor)
        present: list[uuid.UUID] = []
        if supervisor is not None:
            # The supervisor signs in at the union from this desk: their session vouches for the approval there.
            _ctx, session = union.sign_in(supervisor[0], supervisor[1], self.ctx.actor.desk_code)
            union.signed_in(session, current=False)
            present.append(session.staff_id)
        approval = RefundApproval(request_id, supervisor[0].strip() if supervisor else "")
        view: RefundView = run_command(self.desk, self.ctx, "approve_refund", approval, present)
        return view

    def pay(self, request_id: str, printer: str | None = None) -> PaidRefund:
        """Pays (online, decided by the union) and prints each receipt that was not printed yet: a payment
        resumed after a cut prints what is missing, and nothing twice. Only the union knows whether another
        desk of the home branch paid the deposit back already, so a desk that has not joined one pays nothing."""
        union = self._union()
        if union is None:
            raise DeskError("refund.needs_union")
        paid = self._pay_through_union(union, request_id)
        with self.desk.uow() as uow:
            printed = {p.reference for p in uow.prints.where(kind="receipt")}
        made = []
        for number in paid.view.receipts:
            if number in printed:
                continue
            made.append(self._receipt(number, printer))
        crashpoint("refund.printed")
        return PaidRefund(paid.view, paid.already, made)

    def _pay_through_union(self, union: UnionLink, request_id: str) -> Paid:
        with self.desk.uow() as uow:
            view = refunds.refund_view(uow, self.ctx, uuid.UUID(request_id))
        if view.status in ("paid", "archived"):
            return Paid(view, already=True)
        command_id = uuid.uuid5(PAY_NAMESPACE, request_id)
        union.run_confirmed(self.ctx, "pay_refund", RefundStep(request_id), command_id)
        crashpoint("refund.claimed")
        with self.desk.uow() as uow:
            return Paid(refunds.refund_view(uow, self.ctx, uuid.UUID(request_id)), already=False)

    def attach_scan(self, request_id: str, kind: str, content: bytes) -> RefundView:
        """A scan or photo for the refund's archive (the document copy, the application, the receipt...)."""
        from desk_app.core.services.attachments import attach

        if kind not in refunds.ARCHIVE_NAMES:
            raise ValueError(f"not an archive item: {kind}")
        if self._union() is not None:
            run_command(self.desk, self.ctx, "attach", Attaching("refund", request_id, kind, content))
        else:
            with self.desk.uow() as uow:
                attach(uow, self.ctx, "refund", request_id, kind, content)
        with self.desk.uow() as uow:
            return refunds.refund_view(uow, self.ctx, uuid.UUID(request_id))

    def archive(self, request_id: str, paper_archive_no: str) -> RefundView:
        if self._union() is not None:
            view: RefundView = run_command(
                self.desk, self.ctx, "archive_refund", RefundClosing(request_id, paper_archive_no)
            )
            return view
        with self.desk.uow() as uow:
            return refunds.archive_refund(uow, self.ctx, uuid.UUID(request_id), paper_archive_no)

    def withdraw(self, request_id: str, reason: str) -> RefundView:
        if self._union() is not None:
            view: RefundView = run_command(self.desk, self.ctx, "withdraw_refund", RefundClosing(request_id, reason))
            return view
        with self.desk.uow() as uow:
            return refunds.withdraw_refund(uow, self.ctx, uuid.UUID(request_id), reason)

    def open_requests(self) -> list[RefundView]:
        with self.desk.uow() as uow:
            return refunds.refunds_of(uow, self.ctx, "open")

    def application_form(self, reader_ref: str, printer: str | None = None) -> Produced:
        """Appendix C for the reader to sign, or, when an agent applied, the proxy variant with the power of
        attorney; filled from the reader's refund request when there is one (also after paying, for the
        archive), and sent to the printer remembered for it."""
        with self.desk.uow() as uow:
            agent = refund_agent(uow, reader_ref)
        kind = "proxy-authorisation" if agent is not None else "refund-application"
        produced = produce(self.desk, self.ctx, kind, reader_ref, None, agent, fonts_for(self.settings))
        return deliver(self.desk, self.ctx, produced, printer or self._remembered(kind), self._cups_server())

    def print_history(self, reader_ref: str) -> list[PrintRecord]:
        return history_of(self.desk, reader_ref)

    def reprint(self, record_id: str, printer: str | None = None) -> PrintRecord:
        """A kept document sent again, to the printer given or the one remembered for its kind."""
        with self.desk.uow() as uow:
            record = get_record(uow, uuid.UUID(record_id))
        if record is None:
            raise DeskError("print.no_record", record=record_id)
        chosen = printer or self.printer_for(record.kind)
        if not chosen:
            raise DeskError("print.no_printer", kind=record.kind, path=record.file_path)
        return reprint(self.desk, self.ctx, record_id, chosen, self._cups_server())

    def day_end(self, day: date, lang: str = "zh") -> tuple[DayEnd, Path, Path]:
        """The day's summary, with its sheet and workbook kept in the documents folder."""
        from desk_app.day_end_desk import close_day, write_pdf, write_workbook

        report = close_day(self.desk, self.ctx, day, None, lang)
        stem = self.desk.documents_dir / day.strftime("%Y") / f"day-end-{report.branch_code}-{report.desk_code}-{day}"
        pdf = write_pdf(self.desk, self.ctx, report, stem.with_suffix(".pdf"), fonts_for(self.settings))
        return report, pdf, write_workbook(report, stem.with_suffix(".xlsx"), lang)
