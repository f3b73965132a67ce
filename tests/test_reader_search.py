"""The desk's reader search: every way a reader is looked up, the summary it shows, and the card it names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desk_app.bootstrap import open_desk
from desk_app.core.entities import Actor
from desk_app.core.services.context import DeskContext
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import replace_card, report_loss
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import PeopleFactory
from tests.conftest import NOW, id_card
from tests.test_issue_card import adult_cmd


@pytest.fixture
def desk_with_readers(tmp_path):
    desk = open_desk(tmp_path / "d.sqlite", "foshan")
    with desk.uow() as uow:
        staff = add_staff(uow, "c", "柜台", "FSLIB", "counter")
    ctx = DeskContext(Actor(staff.id, "FSLIB", "D1"), desk.profile, clock=lambda: NOW)
    people = PeopleFactory("foshan", 11)
    readers = [people.person(30 + i, date(2026, 11, 22)) for i in range(3)]
    cards = []
    for person in readers:
        with desk.uow() as uow:
            cards.append(issue_card(uow, ctx, adult_cmd(person)))
    with desk.uow() as uow:  # the second reader lost a card and has a new one
        report_loss(uow, ctx, cards[1].card_number)
    with desk.uow() as uow:
        new = replace_card(uow, ctx, cards[1].card_number, id_card(readers[1]), "FS0000777")
    yield desk, readers, cards, new, ctx
    desk.close()


def test_each_way_of_looking_a_reader_up_finds_them(desk_with_readers):
    desk, readers, cards, _new, _ctx = desk_with_readers
    directory = desk.directory()
    first = readers[0]
    for term in (cards[0].card_number, cards[0].card_number.lower(), first.citizen_number, first.phone, first.name):
        found = directory.search(f"  {term} ")
        assert first.name in [r.name for r in found], term
    assert directory.search("FS0000777")[0].name == readers[1].name  # the new card's barcode
    assert directory.search("没有这个人") == []
    assert directory.search("%") == [] and directory.search("_") == []  # not wildcards


def test_the_summary_shows_the_live_card_masked_numbers_and_the_branch(desk_with_readers):
    desk, readers, cards, new, _ctx = desk_with_readers
    (summary,) = desk.directory().search(cards[1].card_number)  # the replaced card still finds its reader
    assert summary.card_number == new.card_number and summary.card_status == "active"
    assert summary.masked_document == readers[1].citizen_number[:3] + "*" * 11 + readers[1].citizen_number[-4:]
    assert summary.masked_phone == readers[1].phone[:3] + "****" + readers[1].phone[-4:]
    assert summary.home_branch_code == "FSLIB" and summary.home_branch_name != "FSLIB"


def test_an_empty_search_lists_the_latest_readers_up_to_the_limit(desk_with_readers):
    desk, readers, _cards, _new, _ctx = desk_with_readers
    directory = desk.directory()
    assert {r.name for r in directory.search("")} == {p.name for p in readers}
    assert len(directory.search("", limit=2)) == 2
    surname = readers[0].name[0]
    assert len(directory.search(surname, limit=1)) <= 1


def test_a_phone_from_abroad_is_found_as_it_was_written(desk_with_readers):
    desk, _readers, _cards, _new, ctx = desk_with_readers
    visitor = replace(PeopleFactory("foshan", 12).person(40, date(2026, 11, 22)), phone="+85291234567")
    with desk.uow() as uow:
        issue_card(uow, ctx, adult_cmd(visitor))
    assert [r.name for r in desk.directory().search("+85291234567")] == [visitor.name]
