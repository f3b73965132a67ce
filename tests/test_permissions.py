"""Every use case refuses the wrong role and the wrong branch, in the core, whatever the UI shows."""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from desk_app.core.batch import approval, school_classes
from desk_app.core.batch.columns import template_for
from desk_app.core.batch.importing import import_group
from desk_app.core.batch.template import write_template
from desk_app.core.entities import LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.permissions import PERMISSIONS, Role
from desk_app.core.services import refunds
from desk_app.core.services.attachments import attach
from desk_app.core.services.audit_log import search_audit, view_reader_details
from desk_app.core.services.day_end import day_end
from desk_app.core.services.deposits import take
from desk_app.core.services.figures import cards_behind
from desk_app.core.services.fines import pay_fine
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import (
    bind_physical_card,
    cancel_card,
    confirm_provisional,
    replace_card,
    report_loss,
    restore_card,
)
from desk_app.core.services.merge import merge_readers
from desk_app.core.services.print_history import record_document
from desk_app.core.services.privacy import export_reader_data, purge
from desk_app.core.services.reader_details import change_details, change_password, reset_password
from desk_app.core.services.staff_accounts import create_staff
from desk_app.core.services.sync_conflicts import cancel_refused_card
from desk_app.demo.paper_samples import png
from tests.conftest import TODAY, id_card
from tests.test_issue_card import adult_cmd

PNG = png("#000000", (4, 4))


@pytest.fixture
def world(make_desk):
    desk = make_desk("foshan")
    person = desk.person(40)
    issued = desk.run(issue_card, adult_cmd(person))
    return desk, person, issued


def calls(desk, person, issued):
    reader = uuid.UUID(issued.reader_id)
    card = issued.card_number
    shown = id_card(person)
    return {
        "issue_card": lambda uow, ctx: issue_card(uow, ctx, adult_cmd(desk.person(30))),
        "report_loss": lambda uow, ctx: report_loss(uow, ctx, card),
        "restore_card": lambda uow, ctx: restore_card(uow, ctx, card, shown),
        "cancel_card": lambda uow, ctx: cancel_card(uow, ctx, card, shown),
        "replace_card": lambda uow, ctx: replace_card(uow, ctx, card, shown, "FS7777777"),
        "bind_physical_card": lambda uow, ctx: bind_physical_card(uow, ctx, card, "FS8888888"),
        "confirm_provisional": lambda uow, ctx: confirm_provisional(uow, ctx, card),
        "merge_readers": lambda uow, ctx: merge_readers(uow, ctx, reader, uuid.uuid4(), "同一人"),
        "change_details": lambda uow, ctx: change_details(uow, ctx, reader, {"phone": "13900009999"}, shown),
        "reset_password": lambda uow, ctx: reset_password(uow, ctx, reader, shown),
        "change_password": lambda uow, ctx: change_password(uow, ctx, reader, "x", "abcd1234"),
        "view_reader_details": lambda uow, ctx: view_reader_details(uow, ctx, reader, "读者本人在场"),
        "attach": lambda uow, ctx: attach(uow, ctx, "reader", str(reader), "photo", PNG),
        "produce_document": lambda uow, ctx: record_document(uow, ctx, "registration", reader, card, "/x", "0"),
        "manage_staff": lambda uow, ctx: create_staff(
            uow, ctx, f"new-{uuid.uuid4().hex[:6]}", "新人", "counter", "abcd1234"
        ),
        "audit_search": lambda uow, ctx: search_audit(uow, ctx),
        "privacy_export": lambda uow, ctx: export_reader_data(uow, ctx, reader),
        "privacy_purge": lambda uow, ctx: purge(uow, ctx, 1095, 30),
        "import_batch": lambda uow, ctx: import_group(
            uow, ctx, write_template(Path(tempfile.mkdtemp()) / "t.xlsx", template_for(ctx.profile))
        ),
        "approve_batch": lambda uow, ctx: approval.approve(uow, ctx, uuid.uuid4()),
        "edit_batch": lambda uow, ctx: approval.edit_row(uow, ctx, uuid.uuid4(), 2, {}),
        "record_consent": lambda uow, ctx: approval.record_consent(uow, ctx, card, "家长"),
        "collect_fine": lambda uow, ctx: pay_fine(uow, ctx, uuid.uuid4(), 100),
        "resolve_conflict": lambda uow, ctx: cancel_refused_card(uow, ctx, uuid.UUID(issued.card_id), "test"),
        "view_statistics": lambda uow, ctx: cards_behind(uow, ctx, [uuid.UUID(issued.card_id)]),
        "refund_deposit": lambda uow, ctx: refunds.apply_for_refund(
            uow, ctx, refunds.RefundApplication(card, shown, card_presented=True)
        ),
        "take_money": lambda uow, ctx: take(uow, ctx, LedgerKind.PRE_DEPOSIT, card, 100),
        "day_end": lambda uow, ctx: day_end(uow, ctx, TODAY),
        "manage_school_classes": lambda uow, ctx: school_classes.add_class(
            uow, ctx, "演示小学", "一年级", "一年级一班"
        ),
    }


def test_every_action_of_the_table_is_exercised(world):
    assert set(calls(*world)) == set(PERMISSIONS)


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_each_use_case_refuses_every_role_it_does_not_allow(world, action):
    desk, person, issued = world
    call = calls(desk, person, issued)[action]
    allowed = PERMISSIONS[action][0]
    for role in Role:
        # One unit of work at a time (a writer holds the desk file until it ends): context and counts outside.
        ctx = desk.ctx(role=role.value)
        if role in allowed:
            # Allowed: any refusal now comes from the rules of the case, not from the role.
            code = ""
            with desk.open_uow() as uow:
                try:
                    call(uow, ctx)
                except DeskError as err:
                    code = err.code
            assert not code.startswith("staff."), (role, code)
        else:
            before = desk.read(lambda u: len(u.audit.where()))
            with desk.open_uow() as uow, pytest.raises(DeskError) as refused:
                call(uow, ctx)
            assert refused.value.code == "staff.not_permitted", role
            assert desk.read(lambda u: len(u.audit.where())) == before  # a refusal changes nothing


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_each_use_case_refuses_staff_acting_for_another_branch(world, action):
    desk, person, issued = world
    call = calls(desk, person, issued)[action]
    admin = desk.member("FSLIB", "admin")
    ctx = desk.ctx("FSLIB", role="admin")
    elsewhere = replace(ctx, actor=replace(ctx.actor, branch_code="NHLIB"))
    assert admin.branch_code == "FSLIB"
    with desk.open_uow() as uow, pytest.raises(DeskError) as refused:
        call(uow, elsewhere)
    assert refused.value.code == "staff.wrong_branch"


def test_a_disabled_account_can_do_nothing(world):
    desk, _person, issued = world
    member = desk.member("FSLIB", "counter")

    def disable(uow):
        staff = uow.staff.get(member.id)
        staff.active = False
        uow.staff.save(staff)
        uow.commit()

    desk.read(disable)
    with pytest.raises(DeskError) as refused:
        desk.run(report_loss, issued.card_number)
    assert refused.value.code == "staff.unknown"


def test_cancel_stays_at_the_home_branch_even_for_an_admin(world):
    desk, person, issued = world
    with pytest.raises(DeskError) as refused:
        desk.run(cancel_card, issued.card_number, id_card(person), branch="NHLIB", role="admin")
    # The home branch rule belongs to the card, not to the role.
    assert refused.value.code == "card.home_branch_only"
