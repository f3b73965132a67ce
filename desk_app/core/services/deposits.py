"""The deposit desk's own money: a deposit or a voluntary pre-deposit taken for a card, and the balances.

Taken offline as well as online: the receipt number carries the branch and desk, so it stays unique, and the
entry reaches the central database with the next sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from desk_app.core.entities import Card, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.messages import format_fen
from desk_app.core.money import EFFECTS, balances, open_deposits
from desk_app.core.permissions import require
from desk_app.core.privacy import mask_document
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import take_money
from desk_app.core.services.lookup import find_card, get_reader
from desk_app.core.text_rules import clean_free_text
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
    # What the card type's policy takes as a deposit (0: none), so the desk warns before money moves.
    policy_deposit_fen: int = 0
    # Whose money it is, as the screen shows them before any moves.
    reader_name: str = ""
    masked_document: str = ""


def account(uow: UnitOfWork, ctx: DeskContext, card_ref: str, lang: str = "zh") -> MoneyAccount:
    card = find_card(uow, card_ref)
    entries = sorted(uow.ledger.where(reader_id=card.reader_id), key=lambda e: e.at)
    held = balances(entries)
    reader = get_reader(uow, card.reader_id)
    documents = sorted(uow.documents.where(reader_id=card.reader_id), key=lambda d: d.recorded_at)
    return MoneyAccount(
        reader_name=reader.name,
        masked_document=mask_document(documents[0].number) if documents else "",
        reader_id=str(card.reader_id),
        card_number=card.number,
        deposit_fen=held.deposit_fen,
        pre_deposit_fen=held.pre_deposit_fen,
        open_deposits=len(open_deposits(entries)),
        policy_deposit_fen=policy_deposit_fen(ctx, card),
        history=[
            MoneyLine(
                # In the library's time, as its receipts print it (the offset keeps the instant exact).
                at=e.at.astimezone(ZoneInfo(ctx.profile.timezone)).isoformat(),
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


def take(
    uow: UnitOfWork, ctx: DeskContext, kind: LedgerKind, card_ref: str, amount_fen: int, against_policy: str = ""
) -> str:
    """Takes a deposit or a pre-deposit in cash; returns the receipt number.

    A deposit is the card type's policy deposit. Any other amount (a card type whose policy takes none, as
    every Foshan, Shenzhen and Chongqing card) is refused unless the clerk says why, and the reason is kept
    with the entry: the desk never takes money the policy does not ask for without a word.
    """
    require(uow, ctx, "take_money")
    if kind not in TAKEN_HERE:
        raise DeskError("money.amount", amount=kind.value)
    if amount_fen <= 0:
        raise DeskError("money.amount", amount=format_fen(amount_fen))
    card = find_card(uow, card_ref)
    note = TAKEN_HERE[kind]
    if kind is LedgerKind.DEPOSIT_TAKEN:
        note = _deposit_note(ctx, card, amount_fen, against_policy)
    entry = take_money(uow, ctx, kind, amount_fen, amount_fen, card.reader_id, card, note)
    assert entry is not None and entry.receipt_no is not None
    uow.commit()
    return entry.receipt_no


def policy_deposit_fen(ctx: DeskContext, card: Card) -> int:
    return ctx.profile.card_type(card.card_type_code).deposit_fen or 0


def _deposit_note(ctx: DeskContext, card: Card, amount_fen: int, against_policy: str) -> str:
    policy = policy_deposit_fen(ctx, card)
    if amount_fen == policy:
        return TAKEN_HERE[LedgerKind.DEPOSIT_TAKEN]
    reason = clean_free_text(against_policy, 100, "收取原因")
    if not reason:
        card_type = ctx.profile.card_type(card.card_type_code)
        if policy == 0:
            raise DeskError(
                "money.no_policy_deposit", card_type=card_type.text, source=card_type.sources.get("deposit_fen", "")
            )
        raise DeskError("money.deposit_not_policy", policy=format_fen(policy), amount=format_fen(amount_fen))
    return f"借阅证押金（政策押金{format_fen(policy)}，收取原因：{reason}）"


def refund_pre_deposit(uow: UnitOfWork, ctx: DeskContext, card_ref: str, amount_fen: int | None = None) -> str:
    """Pays back what is left of a reader's pre-deposit (or part of it) in cash; returns the receipt number.

    CardDesk's choice where the seeds are silent: at the card's home branch, like a deposit (Foshan 6.4).
    """
    require(uow, ctx, "refund_deposit")
    card = find_card(uow, card_ref)
    if card.home_branch_code != ctx.actor.branch_code:
        branch = uow.branches.get(card.home_branch_code)
        raise DeskError("refund.home_branch_only", branch_name=branch.name if branch else card.home_branch_code)
    held = balances(uow.ledger.where(reader_id=card.reader_id)).pre_deposit_fen
    amount = held if amount_fen is None else amount_fen
    if held <= 0 or not 0 < amount <= held:
        raise DeskError("money.pre_deposit_short", balance=format_fen(held), amount=format_fen(amount))
    entry = take_money(uow, ctx, LedgerKind.PRE_DEPOSIT_REFUNDED, amount, amount, card.reader_id, card, "退预存款")
    assert entry is not None and entry.receipt_no is not None
    uow.commit()
    return entry.receipt_no
