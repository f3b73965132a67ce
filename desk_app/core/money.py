"""What each kind of ledger entry does: to the reader's deposit, to their pre-deposit, and to the cash drawer.

Amounts in the ledger are positive fen; this table gives them their direction. Every balance the desk shows
is a sum over the ledger with these signs, never a number kept anywhere else.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desk_app.core.entities import LedgerEntry, LedgerKind
from desk_app.core.messages import Text


@dataclass(frozen=True)
class Effect:
    deposit: int  # +1 adds to the deposit held, -1 takes from it
    pre_deposit: int
    cash: int  # +1 cash in at the desk, -1 cash out, 0 no cash moves
    label: Text


EFFECTS: dict[LedgerKind, Effect] = {
    LedgerKind.DEPOSIT_TAKEN: Effect(+1, 0, +1, Text("收押金", "deposit taken")),
    LedgerKind.DEPOSIT_RECORDED: Effect(+1, 0, 0, Text("补录旧证押金", "old card's deposit recorded")),
    LedgerKind.DEPOSIT_REFUNDED: Effect(-1, 0, -1, Text("退押金", "deposit refunded")),
    LedgerKind.DEPOSIT_APPLIED: Effect(-1, 0, 0, Text("押金抵扣滞纳金", "deposit used for a fine")),
    LedgerKind.CARD_FEE: Effect(0, 0, +1, Text("工本费", "card fee")),
    LedgerKind.FINE_PAID: Effect(0, 0, +1, Text("滞纳金", "fine paid")),
    LedgerKind.PRE_DEPOSIT: Effect(0, +1, +1, Text("预存款", "pre-deposit taken")),
    LedgerKind.PRE_DEPOSIT_USED: Effect(0, -1, 0, Text("预存款抵扣", "pre-deposit used")),
    LedgerKind.PRE_DEPOSIT_REFUNDED: Effect(0, -1, -1, Text("退预存款", "pre-deposit refunded")),
}


@dataclass(frozen=True)
class Balances:
    deposit_fen: int
    pre_deposit_fen: int


def balances(entries: Iterable[LedgerEntry]) -> Balances:
    deposit = pre = 0
    for entry in entries:
        effect = EFFECTS[entry.kind]
        deposit += effect.deposit * entry.amount_fen
        pre += effect.pre_deposit * entry.amount_fen
    return Balances(deposit, pre)


def cash_fen(entry: LedgerEntry) -> int:
    """What the entry put into (positive) or took out of (negative) the desk's cash drawer."""
    return cash_of(entry.kind, entry.amount_fen)


def cash_of(kind: LedgerKind, amount_fen: int) -> int:
    """What `amount_fen` of this kind puts into (positive) or takes out of (negative) the cash drawer."""
    return EFFECTS[kind].cash * amount_fen


@dataclass(frozen=True)
class OpenDeposit:
    """A deposit not yet refunded, and how much of it is still the reader's."""

    entry_id: uuid.UUID
    amount_fen: int
    taken_at_branch: str
    receipt_no: str | None


def open_deposits(entries: Iterable[LedgerEntry]) -> list[OpenDeposit]:
    """Deposits no closing entry names, oldest first."""
    items = sorted(entries, key=lambda e: e.at)
    # The one entry that closes a deposit names it: its refund, or the deduction that used the last of it.
    refunded = {e.refund_of for e in items if e.refund_of is not None}
    return [
        OpenDeposit(e.id, e.amount_fen, e.branch_code, e.receipt_no)
        for e in items
        if EFFECTS[e.kind].deposit > 0 and e.id not in refunded
    ]


def parse_yuan(text: str) -> int:
    """Yuan as typed ("100", "100.5", "¥100.50") to integer fen, never through a float."""
    try:
        value = Decimal(text.strip().replace("¥", "").replace("元", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not an amount in yuan: {text}") from None
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"more than two decimals: {text}")
    return int(value * 100)
