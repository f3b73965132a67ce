"""Zhejiang's credit reading: whether a reader's own record at the library lets the deposit be waived.

The rule is policy data (CardType.deposit_waiver): over the last M months, and for anything still out, no
loan overdue by more than N days and no fine left unpaid. A reader with no history has nothing against them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desk_app.core.entities import Loan
from desk_app.core.loan_rules import fine_accrued_fen
from desk_app.core.policy import CardType, DepositWaiver


@dataclass(frozen=True)
class Standing:
    waived: bool
    reason: str  # why, in the words recorded with the card and shown at the desk


def standing(
    waiver: DepositWaiver, loans: Iterable[Loan], card_type_of: Callable[[Loan], CardType | None], today: date
) -> Standing:
    since = today - timedelta(days=round(waiver.months * 30.44))
    considered = [loan for loan in loans if loan.returned_on is None or loan.loaned_at.date() >= since]
    worst = 0
    unpaid = 0
    for loan in considered:
        worst = max(worst, ((loan.returned_on or today) - loan.due_date).days)
        card_type = card_type_of(loan)
        if card_type is not None:
            unpaid += max(0, fine_accrued_fen(loan, card_type, today) - loan.fine_paid_fen)
    window = f"近{waiver.months}个月"
    if worst > waiver.max_overdue_days:
        return Standing(False, f"{window}有逾期{worst}天的借阅（上限{waiver.max_overdue_days}天）")
    if unpaid > 0:
        return Standing(False, f"{window}有未缴滞纳金 {unpaid / 100:.2f} 元")
    return Standing(True, f"信用良好：{window}无逾期超过{waiver.max_overdue_days}天的借阅、无未缴滞纳金，免押金")
