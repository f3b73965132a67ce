"""#21.2 shown: what the card services preview says (allowed, or why not) is what the use case then does, for
every action × card state × library profile — they read one table of card transitions, so they cannot drift
(a preview that allows what the use case refuses is a clerk told yes and then no)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from desk_app.core.entities import CardStatus
from desk_app.core.errors import DeskError
from desk_app.core.services import lifecycle
from desk_app.core.services.card_preview import preview
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lookup import find_card
from tests.conftest import id_card
from tests.test_issue_card import adult_cmd, guardian_for

PROFILES = ("foshan", "shenzhen", "chongqing", "zhejiang")
ACTIONS = ("report_loss", "restore", "cancel", "replace", "bind")


def _attempt(desk: Any, action: str, number: str, shown: Any, fee: int, serial: int) -> DeskError | None:
    calls = {
        "report_loss": lambda: desk.run(lifecycle.report_loss, number),
        "restore": lambda: desk.run(lifecycle.restore_card, number, shown),
        "cancel": lambda: desk.run(lifecycle.cancel_card, number, shown),
        "replace": lambda: desk.run(lifecycle.replace_card, number, shown, f"AGREE{serial:06d}", None, fee),
        "bind": lambda: desk.run(lifecycle.bind_physical_card, number, f"BIND{serial:06d}", None, fee),
    }
    try:
        calls[action]()
    except DeskError as err:
        return err
    return None


@pytest.mark.parametrize("profile", PROFILES)
def test_the_preview_and_the_use_case_agree_for_every_action_and_state(make_desk: Any, profile: str) -> None:
    desk = make_desk(profile)
    disagreements, compared = [], set()
    for serial, (state, action) in enumerate(itertools.product(CardStatus, ACTIONS)):
        person = desk.person(30 + serial % 40)
        try:
            # Zhejiang's credit reading card needs the credit platform's reference; the others ignore it.
            issued = desk.run(issue_card, adult_cmd(person, credit_reference=f"CR-2026-{serial:04d}"))
        except DeskError:
            # Chongqing's card is the pupils': a pupil with the guardian's consent.
            person = desk.person(8 + serial % 8)
            issued = desk.run(issue_card, adult_cmd(person, guardian=guardian_for(desk)))
        with desk.open_uow() as uow:
            card = find_card(uow, issued.card_number)
            card.status = state
            uow.cards.save(card)
            uow.commit()
        said = desk.read(lambda uow, n=issued.card_number, a=action: preview(uow, desk.ctx(), n, a))
        refused = _attempt(desk, action, issued.card_number, id_card(person), said.fee_fen, serial)
        compared.add((state, action, said.allowed))
        if said.allowed != (refused is None):
            why = refused.message("en") if refused else "; ".join(b.pick("en") for b in said.blockers)
            disagreements.append(f"{action} on a {state.value} card: preview {said.allowed}, use case: {why}")
    assert disagreements == []
    assert {(s, a) for s, a, _ in compared} == set(itertools.product(CardStatus, ACTIONS))  # every pair compared
    assert {allowed for *_, allowed in compared} == {True, False}
