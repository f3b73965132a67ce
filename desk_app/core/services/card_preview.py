"""What a card service will do before it is done: the effects, the fee, and what blocks it (loans out, fines
due, the wrong branch, the card's state), in both languages, from the same rules the use cases apply."""

from __future__ import annotations

from dataclasses import dataclass, field

from desk_app.core.entities import CardStatus
from desk_app.core.loan_rules import open_loans, unpaid_fines_fen
from desk_app.core.messages import CARD_STATUS_NAMES, Text, format_fen
from desk_app.core.money import balances
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import physical_card_fee
from desk_app.core.services.lifecycle import home_branch_only, was_reported_lost
from desk_app.core.services.lookup import find_card
from desk_app.core.uow import UnitOfWork

ACTIONS = ("report_loss", "restore", "cancel", "replace", "change_details", "reset_password")


@dataclass(frozen=True)
class ActionPreview:
    action: str
    card_number: str
    status: str
    allowed: bool
    effects: list[Text] = field(default_factory=list)
    blockers: list[Text] = field(default_factory=list)
    fee_fen: int = 0
    needs_document: bool = True  # the reader's document must be shown (read or typed)


def preview(uow: UnitOfWork, ctx: DeskContext, card_ref: str, action: str) -> ActionPreview:
    card = find_card(uow, card_ref)
    card_type = ctx.profile.card_type(card.card_type_code)
    status = card.status
    effects: list[Text] = []
    blockers: list[Text] = []
    fee = 0
    needs_document = True
    state = CARD_STATUS_NAMES[status.value]
    home = uow.branches.get(card.home_branch_code)
    home_name = home.name if home else card.home_branch_code
    at_home = ctx.actor.branch_code == card.home_branch_code

    def en(fen: int) -> str:
        return format_fen(fen, "en")

    def wrong_state() -> None:
        blockers.append(Text(f"借阅证当前为「{state.zh}」，不能办理", f"The card is {state.en}; this cannot be done"))

    if action == "report_loss":
        needs_document = False
        if status not in (CardStatus.ACTIVE, CardStatus.PROVISIONAL):
            wrong_state()
        effects.append(Text("借阅证立即停用；此后被冒用的损失不由读者承担", "The card is blocked at once"))
        effects.append(Text("找回后可在任一成员馆恢复", "Found again, it is restored at any member library"))
    elif action == "restore":
        if status is not CardStatus.LOST:
            wrong_state()
        effects.append(Text("查验本人证件后恢复使用", "Restored once the reader's document is checked"))
    elif action == "cancel":
        if status not in (CardStatus.ACTIVE, CardStatus.LOST, CardStatus.PROVISIONAL):
            wrong_state()
        if not at_home and home_branch_only(ctx, "cancel"):
            blockers.append(Text(f"须回办证馆（{home_name}）注销", f"Only at the issuing library ({home_name})"))
        loans = uow.loans.where(reader_id=card.reader_id)
        out = open_loans(loans)
        if out:
            blockers.append(Text(f"尚有 {len(out)} 册未还", f"{len(out)} item(s) still on loan"))
        owed = unpaid_fines_fen(loans, card_type, ctx.today())
        if owed:
            blockers.append(Text(f"尚有滞纳金 {format_fen(owed)} 未缴", f"{en(owed)} in fines unpaid"))
        held = balances(uow.ledger.where(reader_id=card.reader_id)).deposit_fen
        effects.append(Text("借阅证注销，不能再借阅", "The card is cancelled for good"))
        if held:
            effects.append(
                Text(
                    f"押金 {format_fen(held)} 请到押金台办理退还",
                    f"The {en(held)} deposit is refunded at the deposit desk",
                )
            )
    elif action == "replace":
        if not at_home and home_branch_only(ctx, "replace"):
            blockers.append(Text(f"须回办证馆（{home_name}）补办", f"Only at the issuing library ({home_name})"))
        if card_type.replacement_requires_cancellation:
            if status is not CardStatus.CANCELLED or not was_reported_lost(uow, card):
                blockers.append(Text("须先挂失并注销原证", "The card must be reported lost and cancelled first"))
        elif status is not CardStatus.LOST:
            blockers.append(Text("须先挂失原证", "The card must be reported lost first"))
        fee = physical_card_fee(uow, card_type, card.reader_id)
        effects.append(
            Text("扫描新卡条码，新卡启用，原证作废", "Scan the new card: it works at once, the old one never again")
        )
        if fee:
            effects.append(Text(f"收取工本费 {format_fen(fee)}，打印收据", f"A {en(fee)} card fee, with a receipt"))
    elif action == "change_details":
        effects.append(
            Text("修改后的信息及代办人身份记入审计日志", "The change, and any proxy, are kept in the audit log")
        )
    elif action == "reset_password":
        effects.append(
            Text(
                "密码重置为身份证号码后六位（无公民身份号码的读者为随机六位数，只显示一次），请提醒读者尽快修改",
                "The password becomes the last six characters of the citizen number (a random six digits, shown"
                " once, for a reader without one); remind the reader to change it",
            )
        )
    else:
        raise ValueError(f"unknown card action {action!r}")
    return ActionPreview(action, card.number, status.value, not blockers, effects, blockers, fee, needs_document)
