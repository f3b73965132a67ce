"""Loss, restore, cancel, replace and bind, as the seeds describe them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desk_app.core.entities import CardStatus, LedgerKind, Loan
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.core.services.lifecycle import (
    bind_physical_card,
    cancel_card,
    confirm_provisional,
    replace_card,
    report_loss,
    restore_card,
)
from tests.conftest import NOW, TODAY, id_card
from tests.test_issue_card import adult_cmd, guardian_for


def issued_adult(desk, branch=None, **extra):
    person = desk.person(35)
    return person, desk.run(issue_card, adult_cmd(person, **extra), branch=branch)


def card_status(desk, number):
    return desk.read(lambda uow: uow.cards.where(number=number)[0].status)


def add_loan(desk, issued, due, returned=None, paid=0, branch="FSLIB"):
    def write(uow):
        card = uow.cards.where(number=issued.card_number)[0]
        uow.loans.add(
            Loan(new_id(), card.reader_id, card.id, "B0001", "书", False, branch, NOW, due, returned, 0, paid)
        )
        uow.commit()

    desk.read(write)


def test_loss_at_any_branch_then_restore_at_another(make_desk):
    desk = make_desk("foshan")
    person, issued = issued_adult(desk, branch="FSLIB")
    lost = desk.run(report_loss, issued.card_number, channel="phone", branch="SSLIB")
    assert lost.status == "lost"
    event = desk.read(lambda uow: uow.events.where(kind="report_loss")[0])
    assert event.branch_code == "SSLIB" and event.detail["channel"] == "phone"
    with pytest.raises(DeskError) as twice:
        desk.run(report_loss, issued.card_number)
    assert twice.value.code == "card.bad_transition"
    stranger = desk.person(36)
    with pytest.raises(DeskError) as wrong:
        desk.run(restore_card, issued.card_number, id_card(stranger), branch="GMLIB")
    assert wrong.value.code == "reader.identity_mismatch"
    desk.run(restore_card, issued.card_number, id_card(person), reason="id_reissued", branch="GMLIB")
    assert card_status(desk, issued.card_number) is CardStatus.ACTIVE


def test_cancel_only_at_home_branch_where_the_profile_says_so_and_only_when_settled(make_desk):
    foshan = make_desk("foshan")
    reader = foshan.person(30)
    issued = foshan.run(issue_card, adult_cmd(reader), branch="CCLIB")
    with pytest.raises(DeskError) as elsewhere:
        foshan.run(cancel_card, issued.card_number, id_card(reader), branch="SDLIB")
    assert elsewhere.value.code == "card.home_branch_only" and "禅城区图书馆" in elsewhere.value.message()  # 6.3.3
    desk = make_desk("chongqing")  # the seed names no place: any of the 11 libraries (CardDesk's choice)
    pupil = desk.person(12)
    issued = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)), branch="SPBLIB")
    add_loan(desk, issued, due=TODAY + timedelta(days=5), branch="SPBLIB")
    with pytest.raises(DeskError) as loans:
        desk.run(cancel_card, issued.card_number, id_card(pupil), branch="CQLIB")
    assert loans.value.code == "card.loans_out"


def test_cancel_refused_while_a_fine_is_unpaid(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(12)
    issued = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)), branch="SPBLIB")
    # Returned 10 days late: 10 x 0.20 = 2.00 yuan, 0.50 of it paid.
    add_loan(
        desk, issued, due=TODAY - timedelta(days=20), returned=TODAY - timedelta(days=10), paid=50, branch="SPBLIB"
    )
    with pytest.raises(DeskError) as fines:
        desk.run(cancel_card, issued.card_number, id_card(pupil), branch="SPBLIB")
    assert fines.value.code == "card.fines_unpaid" and "1.50 元" in fines.value.message()


def test_cancel_when_settled(make_desk):
    desk = make_desk("foshan")
    person, issued = issued_adult(desk)
    add_loan(desk, issued, due=TODAY - timedelta(days=3), returned=TODAY - timedelta(days=1))
    desk.run(cancel_card, issued.card_number, id_card(person))
    assert card_status(desk, issued.card_number) is CardStatus.CANCELLED
    with pytest.raises(DeskError):
        desk.run(report_loss, issued.card_number)


def test_one_card_replacement_only_after_loss_and_cancellation(make_desk):
    desk = make_desk("foshan")
    passport = DocumentInput("passport", "P7654321", valid_until=date(2030, 1, 1), nationality="FRA")
    cmd = IssueCardCommand(
        name="Marie Dupont",
        phone="19900003333",
        documents=(passport,),
        birth_date=date(1985, 3, 3),
        barcode="FS1000001",
    )
    desk.run(issue_card, cmd)
    with pytest.raises(DeskError) as not_yet:
        desk.run(replace_card, "FS1000001", passport, "FS1000002")
    assert not_yet.value.code == "card.replacement_needs_cancellation"
    desk.run(report_loss, "FS1000001")
    with pytest.raises(DeskError):
        desk.run(replace_card, "FS1000001", passport, "FS1000002")
    desk.run(cancel_card, "FS1000001", passport)
    with pytest.raises(DeskError) as away:
        desk.run(replace_card, "FS1000001", passport, "FS1000002", branch="NHLIB")
    assert away.value.code == "card.home_branch_only"
    new = desk.run(replace_card, "FS1000001", passport, "FS1000002")
    assert new.status == "active"
    cards = desk.read(lambda uow: {c.number: c for c in uow.cards.where()})
    assert cards["FS1000002"].replaces_card_id == cards["FS1000001"].id
    assert cards["FS1000001"].status is CardStatus.CANCELLED


def test_cancelled_without_a_loss_cannot_be_replaced(make_desk):
    desk = make_desk("foshan")
    passport = DocumentInput("passport", "P7654322", valid_until=date(2030, 1, 1), nationality="FRA")
    desk.run(
        issue_card,
        IssueCardCommand(
            name="Jean", phone="19900003334", documents=(passport,), birth_date=date(1985, 3, 3), barcode="FS1000011"
        ),
    )
    desk.run(cancel_card, "FS1000011", passport)
    with pytest.raises(DeskError) as refused:
        desk.run(replace_card, "FS1000011", passport, "FS1000012")
    assert refused.value.code == "card.replacement_needs_cancellation"


def test_chongqing_replacement_costs_ten_yuan(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(9)
    desk.run(issue_card, adult_cmd(pupil, barcode="CQ20000001", guardian=guardian_for(desk)))
    with pytest.raises(DeskError) as active:
        desk.run(replace_card, "CQ20000001", id_card(pupil), "CQ20000002", fee_paid_fen=1000)
    assert active.value.code == "card.replacement_needs_loss"
    desk.run(report_loss, "CQ20000001", branch="JBLIB")
    with pytest.raises(DeskError) as unpaid:
        desk.run(replace_card, "CQ20000001", id_card(pupil), "CQ20000002", branch="JBLIB")
    assert unpaid.value.code == "card.fee_due" and "10.00 元" in unpaid.value.message()
    new = desk.run(replace_card, "CQ20000001", id_card(pupil), "CQ20000002", fee_paid_fen=1000, branch="JBLIB")
    assert new.fee_fen == 1000
    assert card_status(desk, "CQ20000001") is CardStatus.REPLACED
    entry = desk.read(lambda uow: uow.ledger.where()[0])
    assert (entry.kind, entry.amount_fen, entry.branch_code) == (LedgerKind.CARD_FEE, 1000, "JBLIB")


def test_bind_a_physical_card_to_an_online_card(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(11)
    online = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)))
    assert online.is_virtual
    bound = desk.run(bind_physical_card, online.card_number, "cq30000001", chip_uid="01020304")
    assert bound.fee_fen == 0 and bound.card_number == online.card_number
    card = desk.read(lambda uow: uow.cards.where(barcode="CQ30000001")[0])
    assert not card.is_virtual and card.chip_uid == "01020304"
    with pytest.raises(DeskError) as again:
        desk.run(bind_physical_card, online.card_number, "CQ30000002")
    assert again.value.code == "card.already_physical"
    # The card is found by its barcode and its chip as well as by its number.
    desk.run(report_loss, "01020304")
    assert card_status(desk, online.card_number) is CardStatus.LOST


def test_second_physical_card_costs_the_fee(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(11)
    desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk), barcode="CQ40000001"))
    desk.run(report_loss, "CQ40000001")
    desk.run(replace_card, "CQ40000001", id_card(pupil), "CQ40000002", fee_paid_fen=1000)
    assert desk.read(lambda uow: sum(e.amount_fen for e in uow.ledger.where())) == 1000


def test_confirm_a_provisional_card(make_desk):
    desk = make_desk("foshan")
    _, issued = issued_adult(desk, provisional=True)
    with pytest.raises(DeskError) as counter:
        desk.run(confirm_provisional, issued.card_number)
    assert counter.value.code == "staff.not_permitted"
    desk.run(confirm_provisional, issued.card_number, role="supervisor")
    assert card_status(desk, issued.card_number) is CardStatus.ACTIVE


def test_unknown_card_is_reported_by_reference(make_desk):
    desk = make_desk("foshan")
    with pytest.raises(DeskError) as missing:
        desk.run(report_loss, "NOPE000")
    assert missing.value.code == "card.not_found" and "NOPE000" in missing.value.message("en")
