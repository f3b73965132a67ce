"""Two reader records of one person made one (on the fake and the real database alike)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from desk_app.core.entities import CardStatus
from desk_app.core.errors import DeskError
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.core.services.lifecycle import cancel_card
from desk_app.core.services.merge import merge_readers
from tests.test_issue_card import adult_cmd


def test_a_passport_record_and_a_later_id_card_record_of_one_person_become_one(make_desk):
    desk = make_desk("foshan")
    person = desk.person(40)
    passport = DocumentInput("passport", "E40404040", valid_until=date(2031, 1, 1), nationality="CHN")
    desk.now = datetime(2026, 3, 1, 2, tzinfo=UTC)
    first = desk.run(issue_card, IssueCardCommand(name=person.name, phone=person.phone, documents=(passport,),
                                                  birth_date=person.birth_date, barcode="FS0040404",
                                                  card_type_code="yikatong"))  # fmt: skip
    desk.run(cancel_card, first.card_number, passport)
    desk.now = datetime(2026, 6, 1, 2, tzinfo=UTC)
    second = desk.run(issue_card, adult_cmd(person))
    assert first.reader_id != second.reader_id  # a new document, a new record
    keep, gone = uuid.UUID(second.reader_id), uuid.UUID(first.reader_id)
    with pytest.raises(DeskError) as counter:
        desk.run(merge_readers, keep, gone, "护照与身份证为同一人")
    assert counter.value.code == "staff.not_permitted"  # a supervisor decides
    with pytest.raises(DeskError) as why:
        desk.run(merge_readers, keep, gone, " ", role="supervisor")
    assert why.value.code == "privacy.reason_required"
    merged = desk.run(merge_readers, keep, gone, "护照与身份证为同一人", role="supervisor")
    assert merged.moved == {"documents": 1, "cards": 1}
    assert desk.read(lambda uow: uow.readers.get(gone)) is None
    kept = desk.read(lambda uow: uow.readers.get(keep))
    # The statistics count the person by their first card: the passport one in March, not June's.
    assert (kept.first_issued_at, kept.first_document_type) == (datetime(2026, 3, 1, 2, tzinfo=UTC), "passport")
    documents = desk.read(lambda uow: uow.documents.where(reader_id=keep))
    assert sorted(d.doc_type.value for d in documents) == ["passport", "resident_id"]
    cards = desk.read(lambda uow: uow.cards.where(reader_id=keep))
    assert sorted(c.status for c in cards) == sorted([CardStatus.ACTIVE, CardStatus.CANCELLED])
    record = desk.read(lambda uow: [a for a in uow.audit.where() if a.action == "merge_readers"])
    assert record[0].reason == "护照与身份证为同一人"


def test_two_different_people_or_one_record_twice_are_not_merged(make_desk):
    desk = make_desk("foshan")
    one, other = desk.person(30), desk.person(50)
    a = desk.run(issue_card, adult_cmd(one))
    b = desk.run(issue_card, adult_cmd(other))
    with pytest.raises(DeskError) as different:
        desk.run(merge_readers, uuid.UUID(a.reader_id), uuid.UUID(b.reader_id), "核对", role="supervisor")
    assert different.value.code == "merge.not_the_same_person"
    with pytest.raises(DeskError) as same:
        desk.run(merge_readers, uuid.UUID(a.reader_id), uuid.UUID(a.reader_id), "核对", role="supervisor")
    assert same.value.code == "merge.same_record"
