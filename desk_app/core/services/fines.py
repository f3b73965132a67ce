"""Fines at the desk: which ones this branch may collect, and the payment with its receipt.

Chongqing 五（十）: 滞纳金 is paid at the library where it arose. Where the policy says so, a fine from another
member library is shown but not taken here; elsewhere any branch takes it and the receipt names the library
the money is for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.entities import LedgerEntry, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.loan_rules import fine_accrued_fen
from desk_app.core.messages import format_fen
from desk_app.core.money import balances
from desk_app.core.permissions import require
from desk_app.core.policy import CardType
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import next_receipt_no
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork


@dataclass(frozen=True)
class FineView:
    loan_id: str
    title: str
    incurred_at_branch: str
    branch_name: str
    unpaid_fen: int
    collectable_here: bool


def _card_type_of(uow: UnitOfWork, ctx: DeskContext, card_id: uuid.UUID) -> CardType | None:
    card = uow.cards.get(card_id)
    return ctx.profile.card_type(card.card_type_code) if card else None


def fines_at_desk(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID) -> list[FineView]:
    views = []
    for loan in uow.loans.where(reader_id=reader_id):
        card_type = _card_type_of(uow, ctx, loan.card_id)
        if card_type is None:
            continue
        unpaid = fine_accrued_fen(loan, card_type, ctx.today()) - loan.fine_paid_fen
        if unpaid <= 0:
            continue
        branch = uow.branches.get(loan.branch_code)
        here = not card_type.fines_paid_where_incurred or loan.branch_code == ctx.actor.branch_code
        views.append(
            FineView(
                str(loan.id), loan.title, loan.branch_code, branch.name if branch else loan.branch_code, unpaid, here
            )
        )
    return views


def pay_fine(
    uow: UnitOfWork, ctx: DeskContext, loan_id: uuid.UUID, paid_fen: int, from_pre_deposit: bool = False
) -> LedgerEntry:
    """In cash, or from the reader's pre-deposit (Shenzhen 4(3)) where it covers the amount."""
    require(uow, ctx, "collect_fine")
    loan = uow.loans.get(loan_id)
    if loan is None:
        raise DeskError("fine.not_found")
    card_type = _card_type_of(uow, ctx, loan.card_id)
    unpaid = fine_accrued_fen(loan, card_type, ctx.today()) - loan.fine_paid_fen if card_type else 0
    if unpaid <= 0:
        raise DeskError("fine.nothing_owed")
    if card_type is not None and card_type.fines_paid_where_incurred and loan.branch_code != ctx.actor.branch_code:
        branch = uow.branches.get(loan.branch_code)
        raise DeskError("fine.elsewhere", branch=branch.name if branch else loan.branch_code)
    if not 0 < paid_fen <= unpaid:
        raise DeskError("fine.amount", owed=format_fen(unpaid), paid=format_fen(paid_fen))
    if from_pre_deposit:
        held = balances(uow.ledger.where(reader_id=loan.reader_id)).pre_deposit_fen
        if held < paid_fen:
            raise DeskError("money.pre_deposit_short", balance=format_fen(held), amount=format_fen(paid_fen))
    before = snapshot(loan)
    loan.fine_paid_fen += paid_fen
    uow.loans.save(loan)
    entry = LedgerEntry(
        id=new_id(),
        reader_id=loan.reader_id,
        card_id=loan.card_id,
        kind=LedgerKind.PRE_DEPOSIT_USED if from_pre_deposit else LedgerKind.FINE_PAID,
        amount_fen=paid_fen,
        at=ctx.now(),
        staff_id=ctx.actor.staff_id,
        branch_code=ctx.actor.branch_code,
        desk_code=ctx.actor.desk_code,
        receipt_no=next_receipt_no(uow, ctx),
        note=f"《{loan.title}》滞纳金" + ("（预存款抵扣）" if from_pre_deposit else ""),
        for_branch_code=loan.branch_code,
        authorised_by=f"loan:{loan.id}",
    )
    uow.ledger.add(entry)
    audit(
        uow,
        ctx,
        "pay_fine",
        "loan",
        loan.id,
        {"fine_paid_fen": before["fine_paid_fen"]},
        {"fine_paid_fen": loan.fine_paid_fen, "receipt_no": entry.receipt_no},
    )
    uow.commit()
    return entry
