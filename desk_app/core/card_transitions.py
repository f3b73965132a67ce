"""Which card services a card allows, as one table: the states each action starts from, whether the library keeps
it at the card's home branch, and whether loans and fines must be settled first. The use cases refuse by it and
the preview lists its refusals, so the two cannot disagree (tests/test_card_transitions.py checks every action,
state and profile)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desk_app.core.entities import Card, CardStatus
from desk_app.core.errors import DeskError
from desk_app.core.loan_rules import open_loans, unpaid_fines_fen
from desk_app.core.messages import ACTION_NAMES, CARD_STATUS_NAMES, format_fen
from desk_app.core.services.context import DeskContext
from desk_app.core.uow import UnitOfWork

_ANY = frozenset(CardStatus)
_IN_USE = frozenset({CardStatus.ACTIVE, CardStatus.PROVISIONAL})


@dataclass(frozen=True)
class Transition:
    states: frozenset[CardStatus]  # the card's states the action starts from (replace: by the card type)
    home_branch: bool = False  # the profile may keep it at the card's home branch
    settled: bool = False  # every loan returned and every fine paid first


TRANSITIONS: dict[str, Transition] = {
    "report_loss": Transition(_IN_USE),  # Foshan A.4.1: any member library, also by telephone
    "restore": Transition(frozenset({CardStatus.LOST})),  # Foshan 6.3.2 / A.4.2: any branch
    "cancel": Transition(_IN_USE | {CardStatus.LOST}, home_branch=True, settled=True),  # 6.3.4 / A.4.3
    "replace": Transition(frozenset({CardStatus.LOST}), home_branch=True),  # 一卡通: lost, then cancelled (A.4.4)
    "bind": Transition(_IN_USE),  # a physical card bound to a virtual number
    "confirm": Transition(frozenset({CardStatus.PROVISIONAL})),  # an offline issue confirmed
    "consent": Transition(frozenset({CardStatus.PENDING_CONSENT})),  # a batch card's guardian authorised it
    "change_details": Transition(_ANY),
    "reset_password": Transition(_ANY),
}


@dataclass(frozen=True)
class Refusal:
    code: str  # a message code (desk_app.core.messages)
    params: dict[str, Any] = field(default_factory=dict)

    def error(self) -> DeskError:
        return DeskError(self.code, **self.params)


def was_reported_lost(uow: UnitOfWork, card: Card) -> bool:
    return any(e.to_status is CardStatus.LOST for e in uow.events.where(card_id=card.id))


def home_branch_only(ctx: DeskContext, action: str) -> bool:
    """Whether the profile keeps this action at the card's home library (Foshan 6.3.3 / A.4.3 for both)."""
    service = ctx.profile.service
    return service.cancel_at_home_branch if action == "cancel" else service.replace_at_home_branch


def card_refusals(uow: UnitOfWork, ctx: DeskContext, card: Card, action: str) -> list[Refusal]:
    """What the card itself and the branch asking say against the action (before the reader's document)."""
    rule = TRANSITIONS[action]
    found: list[Refusal] = []
    if action == "replace" and ctx.profile.card_type(card.card_type_code).replacement_requires_cancellation:
        if card.status is not CardStatus.CANCELLED or not was_reported_lost(uow, card):
            found.append(Refusal("card.replacement_needs_cancellation"))
    elif action == "replace" and card.status not in rule.states:
        found.append(Refusal("card.replacement_needs_loss"))
    elif card.status not in rule.states:
        status = CARD_STATUS_NAMES[card.status.value]
        found.append(Refusal("card.bad_transition", {"status": status, "action": ACTION_NAMES[action]}))
    if rule.home_branch and home_branch_only(ctx, action) and ctx.actor.branch_code != card.home_branch_code:
        branch = uow.branches.get(card.home_branch_code)
        name = branch.name if branch else card.home_branch_code
        found.append(Refusal("card.home_branch_only", {"action": ACTION_NAMES[action], "branch_name": name}))
    return found


def reader_refusals(uow: UnitOfWork, ctx: DeskContext, card: Card, action: str) -> list[Refusal]:
    """What the reader's loans and fines say against it (Foshan 6.3.4 / A.4.3: settled first)."""
    if not TRANSITIONS[action].settled:
        return []
    loans = uow.loans.where(reader_id=card.reader_id)
    found = []
    out = open_loans(loans)
    if out:
        found.append(Refusal("card.loans_out", {"count": len(out)}))
    unpaid = unpaid_fines_fen(loans, ctx.profile.card_type(card.card_type_code), ctx.today())
    if unpaid:
        found.append(Refusal("card.fines_unpaid", {"amount": format_fen(unpaid), "fen": unpaid}))
    return found


def require_allowed(refusals: list[Refusal]) -> None:
    if refusals:
        raise refusals[0].error()
