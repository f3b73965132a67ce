"""The deposit desk's own money: a deposit or a voluntary pre-deposit taken for a card, and the balances.

Taken offline as well as online: the receipt number carries the branch and desk, so it stays unique, and the
entry reaches the central database with the next sync.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.core.entities import LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.messages import format_fen
from desk_app.core.money import EFFECTS, balances, open_deposits
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import take_money
from desk_app.core.services.lookup import find_card
from desk_app.core.uow import UnitOfWork

TAKEN_HERE = {LedgerKind.DEPOSIT_TAKEN: "借阅证押金", LedgerKind.PRE_DEPOSIT: "预存款"}


@dataclass(frozen=True)
class MoneyLine:
    at: str
    kind: str
    label: str
    amount_fen: int
    signed_deposit_fen: int
    signed_pre_deposit_fen: int
    receipt_no: str | None
    branch_code: str
    desk_code: str
    note: str


@dataclass(frozen=True)
class MoneyAccount:
    """A reader's deposit and pre-deposit, and every movement behind them (what the deposit desk shows)."""

    reader_id: str
    card_number: str
    deposit_fen: int
    pre_deposit_fen: int
    open_deposits: int
    history: list[MoneyLine]


def account(uow: UnitOfWork, ctx: DeskContext, card_ref: str, lang: str = "zh") -> MoneyAccount:
    card = find_card(uow, card_ref)
    entries = sorted(uow.ledger.where(reader_id=card.reader_id), key=lambda e: e.at)
    held = balances(entries)
    return MoneyAccount(
        reader_id=str(card.reader_id),
        card_number=card.number,
        deposit_fen=held.deposit_fen,
        pre_deposit_fen=held.pre_deposit_fen,
        open_deposits=len(open_deposits(entries)),
        history=[
            MoneyLine(
                at=e.at.isoformat(),
                kind=e.kind.value,
                label=EFFECTS[e.kind].label.pick(lang),
                amount_fen=e.amount_fen,
                signed_deposit_fen=EFFECTS[e.kind].deposit * e.amount_fen,
                signed_pre_deposit_fen=EFFECTS[e.kind].pre_deposit * e.amount_fen,
                receipt_no=e.receipt_no,
                branch_code=e.branch_code,
                desk_code=e.desk_code,
                note=e.note,
            )
            for e in entries
        ],
    )


def take(uow: UnitOfWork, ctx: DeskContext, kind: LedgerKind, card_ref: str, amount_fen: int) -> str:
    """Takes a deposit or a pre-deposit in cash; returns the receipt number."""
    require(uow, ctx, "take_money")
    if kind not in TAKEN_HERE:
        raise DeskError("money.amount", amount=kind.value)
    if amount_fen <= 0:
        raise DeskError("money.amount", amount=format_fen(amount_fen))
    card = find_card(uow, card_ref)
    entry = take_money(uow, ctx, kind, amount_fen, amount_fen, card.reader_id, card, TAKEN_HERE[kind])
    assert entry is not None and entry.receipt_no is not None
    uow.commit()
    return entry.receipt_no
