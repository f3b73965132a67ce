"""Issuing cards, against the fake unit of work and a real SQLite file alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desk_app.core.entities import CardStatus, LedgerKind
from desk_app.core.errors import DeskError
from desk_app.core.passwords import FROM_CITIZEN_NUMBER, verify_password, verify_reader_password
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from tests.conftest import id_card


def adult_cmd(person, **extra):
    return IssueCardCommand(name=person.name, phone=person.phone, documents=(id_card(person),), **extra)


def guardian_for(desk, consent=True, present=True):
    parent = desk.person(38)
    return GuardianInput("家长" + parent.name, "父母", id_card(parent), parent.phone, consent, present)


def test_adult_with_id_card_gets_a_virtual_number_and_the_default_password(make_desk):
    desk = make_desk("foshan")
    person = desk.person(30)
    issued = desk.run(issue_card, adult_cmd(person))
    assert issued.is_virtual and issued.barcode is None
    assert issued.card_number.startswith("FSFSLIBD1")
    assert issued.card_type_code == "id_card"
    assert issued.password_must_change
    reader = desk.read(lambda uow: uow.readers.where()[0])
    assert reader.birth_date == person.birth_date and reader.gender == person.gender
    assert verify_reader_password(reader.password_hash, person.citizen_number[-6:], [person.citizen_number])
    assert reader.password_hash == FROM_CITIZEN_NUMBER  # the number is on record: a hash would hide nothing
    assert reader.password_must_change
    events = desk.read(lambda uow: uow.events.where())
    assert [(e.kind, e.to_status) for e in events] == [("issue", CardStatus.ACTIVE)]
    actions = sorted(a.action for a in desk.read(lambda uow: uow.audit.where()))
    assert actions == ["add_document", "issue", "register"]
    assert all(
        a.staff_id == desk.member("FSLIB").id and a.desk_code == "D1" for a in desk.read(lambda u: u.audit.where())
    )


def test_two_virtual_cards_get_different_numbers(make_desk):
    desk = make_desk("foshan")
    first = desk.run(issue_card, adult_cmd(desk.person(30)))
    second = desk.run(issue_card, adult_cmd(desk.person(31)))
    assert first.card_number != second.card_number


def test_one_person_one_card_across_the_union_and_across_documents(make_desk):
    desk = make_desk("foshan")
    person = desk.person(40)
    desk.run(issue_card, adult_cmd(person), branch="NHLIB")
    # The same citizen number on a household register, at another member library.
    again = IssueCardCommand(
        name=person.name,
        phone=person.phone,
        barcode="FS0000123",
        documents=(DocumentInput("household_register", person.citizen_number),),
        card_type_code="yikatong",
    )
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, again, branch="SDLIB")
    assert refused.value.code == "card.already_has_card"
    assert "南海区图书馆" in refused.value.message("zh")
    assert desk.read(lambda uow: len(uow.cards.where())) == 1


def test_a_refused_issue_leaves_nothing_behind(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(10)
    cmd = IssueCardCommand(name=pupil.name, phone=pupil.phone, documents=(id_card(pupil),))
    with pytest.raises(DeskError, match="监护人"):
        desk.run(issue_card, cmd)
    assert desk.read(lambda uow: (uow.readers.where(), uow.audit.where())) == ([], [])


def test_one_card_people_without_an_id_card_need_a_physical_card(make_desk):
    desk = make_desk("foshan")
    passport = DocumentInput("passport", "x1234567 ", valid_until=date(2030, 1, 1), nationality="gbr")
    cmd = IssueCardCommand(name="Alex Smith", phone="19900001234", documents=(passport,), birth_date=date(1990, 5, 1))
    with pytest.raises(DeskError) as no_barcode:
        desk.run(issue_card, cmd)
    assert no_barcode.value.code == "card.barcode_required"
    issued = desk.run(issue_card, replace(cmd, barcode="fs00012345", chip_uid="04a1b2c3d4e5f6"))
    assert issued.card_type_code == "yikatong" and not issued.is_virtual
    assert issued.card_number == issued.barcode == "FS00012345"
    card = desk.read(lambda uow: uow.cards.where()[0])
    assert card.chip_uid == "04A1B2C3D4E5F6"
    reader = desk.read(lambda uow: uow.readers.where()[0])
    # "身份证后六位" says nothing of a passport: six random digits, told to the reader once.
    assert len(issued.initial_password) == 6 and issued.initial_password.isdigit()
    assert verify_password(reader.password_hash, issued.initial_password)


def test_adult_with_id_card_cannot_take_a_one_card_card_but_a_minor_may(make_desk):
    desk = make_desk("foshan")
    adult = desk.person(20)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(adult, card_type_code="yikatong", barcode="FS0000777"))
    assert refused.value.code == "card.not_eligible"
    child = desk.person(12)
    issued = desk.run(
        issue_card, adult_cmd(child, card_type_code="yikatong", barcode="FS0000777", guardian=guardian_for(desk))
    )
    assert issued.card_type_code == "yikatong"


def test_under_sixteen_needs_signed_consent_in_foshan(make_desk):
    desk = make_desk("foshan")
    child = desk.person(15)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(child))
    assert refused.value.code == "guardian.required"
    with pytest.raises(DeskError) as unsigned:
        desk.run(issue_card, adult_cmd(child, guardian=guardian_for(desk, consent=False)))
    assert unsigned.value.code == "guardian.consent_missing"
    desk.run(issue_card, adult_cmd(child, guardian=guardian_for(desk)))
    guardian = desk.read(lambda uow: uow.guardians.where()[0])
    assert guardian.consent_signed_at == desk.now
    assert desk.run(issue_card, adult_cmd(desk.person(16))).status == "active"


def test_shenzhen_ages_three_to_eight_must_be_accompanied(make_desk):
    desk = make_desk("shenzhen")
    child = desk.person(6)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(child, guardian=guardian_for(desk, present=False)), role="children")
    assert refused.value.code == "guardian.must_accompany"
    desk.run(issue_card, adult_cmd(child, guardian=guardian_for(desk, present=True)), role="children")
    # Nine is past the accompany range but still under 14: consent without presence is enough.
    desk.run(issue_card, adult_cmd(desk.person(9), guardian=guardian_for(desk, present=False)), role="children")


def test_shenzhen_under_fourteen_is_served_at_the_childrens_desk(make_desk):
    desk = make_desk("shenzhen")
    cmd = adult_cmd(desk.person(12), guardian=guardian_for(desk))
    with pytest.raises(DeskError) as counter:
        desk.run(issue_card, cmd)
    assert counter.value.code == "staff.children_desk_only"
    assert desk.run(issue_card, cmd, role="children").status == "active"
    assert desk.run(issue_card, adult_cmd(desk.person(14)), role="counter").status == "active"


def test_a_guardian_must_be_an_adult(make_desk):
    desk = make_desk("chongqing")
    sibling = desk.person(15)
    guardian = GuardianInput(sibling.name, "兄姐", id_card(sibling), sibling.phone, True, True)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(desk.person(8), guardian=guardian))
    assert refused.value.code == "guardian.too_young"


def test_chongqing_student_card_refuses_a_parents_age(make_desk):
    desk = make_desk("chongqing")
    parent = desk.person(38)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(parent, guardian=guardian_for(desk)))
    assert refused.value.code == "card.not_eligible"
    assert "38周岁" in refused.value.message()


def test_chongqing_first_physical_card_is_free(make_desk):
    desk = make_desk("chongqing")
    issued = desk.run(issue_card, adult_cmd(desk.person(10), barcode="CQ10000001", guardian=guardian_for(desk)))
    assert issued.fee_fen == 0
    assert desk.read(lambda uow: uow.ledger.where()) == []


def test_credit_reading_needs_a_credit_check_and_takes_no_deposit(make_desk):
    desk = make_desk("zhejiang")
    person = desk.person(25)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(person))
    assert refused.value.code == "credit.attestation_required"
    issued = desk.run(issue_card, adult_cmd(person, credit_reference="CR-2026-0001"))
    assert issued.deposit_fen == 0 and issued.is_virtual
    event = desk.read(lambda uow: uow.events.where()[0])
    assert event.detail["credit_reference"] == "CR-2026-0001"
    with pytest.raises(DeskError, match="不适用"):
        desk.run(issue_card, adult_cmd(desk.person(17), credit_reference="CR-1", guardian=guardian_for(desk)))


def test_a_deposit_card_type_takes_exactly_its_deposit(make_desk):
    desk = make_desk("foshan")
    yikatong = desk.profile.card_type("yikatong")
    desk.profile = replace(desk.profile, card_types=(replace(yikatong, deposit_fen=10000),))
    passport = DocumentInput("passport", "E12345678", valid_until=date(2031, 1, 1), nationality="CHN")
    cmd = IssueCardCommand(
        name="测试",
        phone="19900002222",
        documents=(passport,),
        birth_date=date(1980, 1, 1),
        barcode="FS0099999",
        card_type_code="yikatong",
        deposit_paid_fen=5000,
    )
    with pytest.raises(DeskError) as short:
        desk.run(issue_card, cmd)
    assert short.value.code == "card.deposit_due" and "100.00 元" in short.value.message()
    desk.run(issue_card, replace(cmd, deposit_paid_fen=10000))
    entry = desk.read(lambda uow: uow.ledger.where()[0])
    assert entry.kind is LedgerKind.DEPOSIT_TAKEN and entry.amount_fen == 10000
    assert entry.receipt_no == "FSLIB-D1-00000001"


def test_barcode_and_chip_have_one_owner(make_desk):
    desk = make_desk("foshan")
    desk.run(issue_card, adult_cmd(desk.person(30), barcode="FS0000001", chip_uid="AABBCCDD"))
    with pytest.raises(DeskError) as taken:
        desk.run(issue_card, adult_cmd(desk.person(31), barcode="FS0000001"))
    assert taken.value.code == "card.barcode_taken"
    with pytest.raises(DeskError) as chip:
        desk.run(issue_card, adult_cmd(desk.person(32), barcode="FS0000002", chip_uid="aa:bb:cc:dd"))
    assert chip.value.code == "card.chip_taken"


def test_birth_date_typed_must_match_the_document(make_desk):
    desk = make_desk("foshan")
    person = desk.person(30)
    with pytest.raises(DeskError) as mismatch:
        desk.run(issue_card, adult_cmd(person, birth_date=date(1970, 1, 1)))
    assert mismatch.value.code == "document.birth_date_mismatch"


def test_offline_issue_is_provisional(make_desk):
    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(30), provisional=True))
    assert issued.status == "provisional"


def test_re_registration_after_cancellation_reuses_the_reader(make_desk):
    from desk_app.core.services.lifecycle import cancel_card

    desk = make_desk("foshan")
    person = desk.person(30)
    first = desk.run(issue_card, adult_cmd(person))
    desk.run(cancel_card, first.card_number, id_card(person))
    second = desk.run(issue_card, replace(adult_cmd(person), phone="13900000000"))
    assert second.reader_id == first.reader_id and second.card_number != first.card_number
    reader = desk.read(lambda uow: uow.readers.where())
    assert len(reader) == 1 and reader[0].phone == "13900000000"
    assert desk.read(lambda uow: len(uow.documents.where())) == 1
