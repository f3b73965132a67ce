"""What a card service will do before it is done: the effects, the fee, and what blocks it (loans out, fines
due, the wrong branch, the card's state), in both languages, from the same rules the use cases apply."""

from __future__ import annotations

from dataclasses import dataclass, field

from desk_app.core.card_transitions import TRANSITIONS, Refusal, card_refusals, reader_refusals
from desk_app.core.messages import CARD_STATUS_NAMES, Text, format_fen
from desk_app.core.money import balances
from desk_app.core.privacy import mask_name
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import physical_card_fee
from desk_app.core.services.lookup import find_card
from desk_app.core.uow import UnitOfWork

# The window's, in its order.
ACTIONS = ("report_loss", "restore", "cancel", "replace", "bind", "change_details", "reset_password", "consent")


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
    fee = 0
    needs_document = True
    state = CARD_STATUS_NAMES[status.value]
    home = uow.branches.get(card.home_branch_code)
    home_name = home.name if home else card.home_branch_code

    def en(fen: int) -> str:
        return format_fen(fen, "en")

    def said(refusal: Refusal) -> Text:
        """The table's refusal, in the preview's short words."""
        if refusal.code == "card.home_branch_only":
            verb = Text("注销", "cancelled") if action == "cancel" else Text("补办", "replaced")
            return Text(
                f"须回办证馆（{home_name}）{verb.zh}",
                f"{verb.en.capitalize()} only at the issuing library ({home_name})",
            )
        if refusal.code == "card.loans_out":
            count = refusal.params["count"]
            return Text(f"尚有 {count} 册未还", f"{count} item(s) still on loan")
        if refusal.code == "card.fines_unpaid":
            owed = int(refusal.params["fen"])
            return Text(f"尚有滞纳金 {format_fen(owed)} 未缴", f"{en(owed)} in fines unpaid")
        if refusal.code == "card.replacement_needs_cancellation":
            return Text("须先挂失并注销原证", "The card must be reported lost and cancelled first")
        if refusal.code == "card.replacement_needs_loss":
            return Text("须先挂失原证", "The card must be reported lost first")
        return Text(f"借阅证当前为「{state.zh}」，不能办理", f"The card is {state.en}; this cannot be done")

    if action not in TRANSITIONS:
        raise ValueError(f"unknown card action {action!r}")
    blockers = [said(r) for r in card_refusals(uow, ctx, card, action) + reader_refusals(uow, ctx, card, action)]
    if action == "report_loss":
        needs_document = False
        effects.append(Text("借阅证立即停用；此后被冒用的损失不由读者承担", "The card is blocked at once"))
        effects.append(Text("找回后可在任一成员馆恢复", "Found again, it is restored at any member library"))
    elif action == "restore":
        effects.append(Text("查验本人证件后恢复使用", "Restored once the reader's document is checked"))
    elif action == "cancel":
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
        fee = physical_card_fee(uow, card_type, card.reader_id)
        effects.append(
            Text("扫描新卡条码，新卡启用，原证作废", "Scan the new card: it works at once, the old one never again")
        )
        if fee:
            effects.append(Text(f"收取工本费 {format_fen(fee)}，打印收据", f"A {en(fee)} card fee, with a receipt"))
    elif action == "bind":
        needs_document = False  # the number the reader already uses is the account: nothing of theirs changes
        if card.barcode:
            blockers.append(Text(f"已有实体卡（条码 {card.barcode}），如需换卡请补办",
                                 f"It already has a physical card ({card.barcode}); replace it instead"))  # fmt: skip
        fee = physical_card_fee(uow, card_type, card.reader_id)
        effects.append(
            Text("扫描实体卡条码，证号不变，实体卡即可借阅", "Scan the physical card: same number, it works at once")
        )
        effects.append(
            Text(f"收取工本费 {format_fen(fee)}，打印收据", f"A {en(fee)} card fee, with a receipt")
            if fee
            else Text("首张实体卡免工本费", "The first physical card is free")
        )
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
    elif action == "consent":
        listed = uow.guardians.where(minor_reader_id=card.reader_id)
        who = mask_name(listed[0].name) if listed else ""
        effects.append(
            Text(
                f"读取监护人{f'（{who}）' if who else ''}本人的证件，核对无误后借阅证启用",
                f"The guardian{f' ({who})' if who else ''} shows their own document; once checked, the card works",
            )
        )
        effects.append(Text("请附上签字授权书的扫描件或照片", "Attach the signed authorisation's scan or photo"))
    return ActionPreview(action, card.number, status.value, not blockers, effects, blockers, fee, needs_document)
