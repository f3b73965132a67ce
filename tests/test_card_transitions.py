"""The preview and the use cases read one table of card transitions: for every profile, card type (with and
without Foshan's 一卡通 rule), action and state, at the home branch and away, with and without a loss reported
before, and with a loan out, the preview allows exactly what the use case then does."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from desk_app.core.card_transitions import TRANSITIONS
from desk_app.core.entities import CardEvent, CardStatus, Loan
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.services.card_preview import preview
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import cancel_card, replace_card, report_loss, restore_card
from tests.conftest import NOW, TODAY, id_card
from tests.test_issue_card import adult_cmd, guardian_for

PROFILES = ("foshan", "shenzhen", "chongqing", "zhejiang")
ACTIONS: dict[str, Callable[..., Any]] = {
    "report_loss": lambda uow, ctx, card, person: report_loss(uow, ctx, card),
    "restore": lambda uow, ctx, card, person: restore_card(uow, ctx, card, id_card(person)),
    "cancel": lambda uow, ctx, card, person: cancel_card(uow, ctx, card, id_card(person)),
    "replace": lambda uow, ctx, card, person, fee=0: replace_card(
        uow, ctx, card, id_card(person), "NEW0000001", None, fee
    ),
}
# What the table says against an action; any other refusal would mean the case was not set up right.
RULES = {"card.bad_transition", "card.home_branch_only", "card.loans_out", "card.fines_unpaid",
         "card.replacement_needs_cancellation", "card.replacement_needs_loss"}  # fmt: skip


@pytest.fixture
def uow_kind() -> str:
    return "fake"  # the agreement is the rules' own; the fake runs a few hundred cases in a second


def _card_types(profile: Any) -> list[str]:
    """One card type with the 一卡通 rule and one without, where the profile has them."""
    by_rule = {t.replacement_requires_cancellation: t.code for t in profile.card_types}
    return sorted(by_rule.values())


def _cases(profile: Any) -> list[tuple[str, str, CardStatus, bool, bool, bool]]:
    cases = []
    for code, action, status in itertools.product(_card_types(profile), ACTIONS, CardStatus):
        for away, lost_before, loan_out in itertools.product((False, True), repeat=3):
            if away and not TRANSITIONS[action].home_branch:
                continue
            if lost_before and action != "replace":
                continue
            if loan_out and not TRANSITIONS[action].settled:
                continue
            cases.append((code, action, status, away, lost_before, loan_out))
    return cases


def _who(desk: Any) -> tuple[Any, dict[str, Any]]:
    """Someone each library gives a card to: Chongqing's cards are pupils', Zhejiang's need a credit check."""
    if desk.profile.code == "chongqing":
        return desk.person(10), {"guardian": guardian_for(desk)}
    if desk.profile.code == "zhejiang":
        return desk.person(30), {"credit_reference": "CR-2026-0001"}
    return desk.person(30), {}


@pytest.mark.parametrize("profile_name", PROFILES)
def test_the_preview_allows_exactly_what_the_use_case_does(make_desk, profile_name):
    checked = 0
    for code, action, status, away, lost_before, loan_out in _cases(make_desk(profile_name).profile):
        desk = make_desk(profile_name)
        home = desk.profile.branches[0].code
        other = next(b.code for b in desk.profile.branches if b.code != home)
        person, how = _who(desk)
        issued = desk.run(issue_card, adult_cmd(person, **how), branch=home)
        with desk.open_uow() as uow:
            card = uow.cards.where(number=issued.card_number)[0]
            uow.cards.save(dataclasses.replace(card, card_type_code=code, status=status))
            if lost_before:
                uow.events.add(CardEvent(new_id(), card.id, "report_loss", CardStatus.ACTIVE, CardStatus.LOST, NOW,
                                         desk.member(home).id, home, "D1", {}))  # fmt: skip
            if loan_out:
                uow.loans.add(Loan(new_id(), card.reader_id, card.id, "B1", "三体", False, home, NOW,
                                   TODAY - timedelta(days=3)))  # fmt: skip
            uow.commit()
        branch = other if away else home
        with desk.open_uow() as uow:
            shown = preview(uow, desk.ctx(branch), issued.card_number, action)
        try:
            extra = {"fee": shown.fee_fen} if action == "replace" else {}
            desk.run(ACTIONS[action], issued.card_number, person, branch=branch, **extra)
            done = True
        except DeskError as err:
            assert err.code in RULES, (code, action, status, away, lost_before, loan_out, err.code)
            done = False
        assert shown.allowed == done, (code, action, status.value, away, lost_before, loan_out, shown.blockers)
        checked += 1
    assert checked >= 4 * len(CardStatus)
