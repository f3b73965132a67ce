"""Loans and fines as the policies set them. Loans are recorded centrally; the desk reads them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desk_app.core.entities import Loan
from desk_app.core.policy import CardType


@dataclass(frozen=True)
class LoanCheck:
    allowed: bool
    reason: str = ""


def fine_accrued_fen(loan: Loan, card_type: CardType, today: date) -> int:
    """The fine the lending library recorded, however it computed it; else the policy's: per day past the due
    date, up to the cap per item, stopping when the item came back."""
    if loan.fine_recorded_fen is not None:
        return loan.fine_recorded_fen
    if card_type.fine_per_day_fen is None:
        return 0
    end = loan.returned_on or today
    days = max(0, (end - loan.due_date).days)
    fine = days * card_type.fine_per_day_fen
    if card_type.fine_cap_per_item_fen is not None:
        fine = min(fine, card_type.fine_cap_per_item_fen)
    return fine


def unpaid_fines_fen(loans: Iterable[Loan], card_type: CardType, today: date) -> int:
    return sum(max(0, fine_accrued_fen(loan, card_type, today) - loan.fine_paid_fen) for loan in loans)


def open_loans(loans: Iterable[Loan]) -> list[Loan]:
    return [loan for loan in loans if loan.returned_on is None]


def check_new_loan(loans: Iterable[Loan], card_type: CardType, foreign_language: bool) -> LoanCheck:
    out = open_loans(loans)
    if card_type.loan_limit is not None and len(out) >= card_type.loan_limit:
        return LoanCheck(False, f"已达可借总数{card_type.loan_limit}册")
    if foreign_language and card_type.foreign_language_limit is not None:
        foreign = sum(1 for loan in out if loan.is_foreign_language)
        if foreign >= card_type.foreign_language_limit:
            return LoanCheck(False, f"外文书刊不超过{card_type.foreign_language_limit}册")
    return LoanCheck(True)


def due_date_for(card_type: CardType, lent_on: date) -> date | None:
    return lent_on + timedelta(days=card_type.loan_days) if card_type.loan_days is not None else None


def check_renewal(
    loan: Loan, card_type: CardType, today: date, reserved: bool = False, card_loans: Iterable[Loan] = ()
) -> LoanCheck:
    """Chongqing 五（七）/（九）: one renewal; 超期文献、已预约文献、有违约及违规行为借阅卡不可续借.

    A breach on the card is any of its items overdue or a fine on it unpaid (the desk knows of no other)."""
    if loan.returned_on is not None:
        return LoanCheck(False, "已归还")
    others = [other for other in card_loans if other.id != loan.id]
    if any(o.returned_on is None and today > o.due_date for o in others) or unpaid_fines_fen(others, card_type, today):
        return LoanCheck(False, "有违约（逾期未还或未缴滞纳金）的借阅卡不可续借")
    if card_type.renewals is not None and loan.renewals >= card_type.renewals:
        return LoanCheck(False, f"只可续借{card_type.renewals}次")
    if today > loan.due_date:
        return LoanCheck(False, "超期文献不可续借")
    if reserved:
        return LoanCheck(False, "已预约文献不可续借")
    return LoanCheck(True)


def renewed_due_date(card_type: CardType, today: date, current_due: date) -> date:
    """The renewal period counts from the day of renewal."""
    days = card_type.renewal_days if card_type.renewal_days is not None else card_type.loan_days
    return today + timedelta(days=days) if days is not None else current_due
