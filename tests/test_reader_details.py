"""Details changed in person or by proxy, and the service password."""

from __future__ import annotations

import uuid

import pytest

from desk_app.core.errors import DeskError
from desk_app.core.passwords import verify_password, verify_reader_password
from desk_app.core.services.issue import issue_card
from desk_app.core.services.reader_details import Proxy, change_details, change_password, reset_password
from tests.conftest import id_card
from tests.test_issue_card import adult_cmd


@pytest.fixture
def reader(make_desk):
    desk = make_desk("foshan")
    person = desk.person(45)
    issued = desk.run(issue_card, adult_cmd(person, address="禅城区某路1号"))
    return desk, person, uuid.UUID(issued.reader_id)


def test_change_in_person_audits_only_what_changed(reader):
    desk, person, reader_id = reader
    changed = desk.run(
        change_details, reader_id, {"phone": "139 0000 1111", "address": "禅城区某路1号"}, id_card(person)
    )
    assert changed == {"phone": "13900001111"}
    record = desk.read(lambda uow: uow.audit.where(action="change_details")[0])
    # The audit log keeps personal values masked.
    assert record.before == {"phone": person.phone[:3] + "****" + person.phone[-4:]}
    assert record.after == {"phone": "139****1111"}
    assert record.reason == "in person"


def test_change_by_proxy_records_both_identities(reader):
    desk, person, reader_id = reader
    agent = desk.person(50)
    desk.run(
        change_details, reader_id, {"work_unit": "某某中学"}, id_card(person), proxy=Proxy(agent.name, id_card(agent))
    )
    record = desk.read(lambda uow: uow.audit.where(action="change_details")[0])
    assert record.after["by_proxy"] == {
        "name": agent.name[0] + "*" * (len(agent.name) - 1),
        "doc_type": "resident_id",
        "doc_number": agent.citizen_number[:3] + "*" * 11 + agent.citizen_number[-4:],
    }
    assert record.reason == "proxy"


def test_change_needs_the_readers_own_document(reader):
    desk, _, reader_id = reader
    stranger = desk.person(33)
    with pytest.raises(DeskError) as refused:
        desk.run(change_details, reader_id, {"phone": "13900001111"}, id_card(stranger))
    assert refused.value.code == "reader.identity_mismatch"


def test_unchangeable_and_empty_changes_are_refused(reader):
    desk, person, reader_id = reader
    with pytest.raises(DeskError) as field:
        desk.run(change_details, reader_id, {"birth_date": "2000-01-01"}, id_card(person))
    assert field.value.code == "reader.field_not_changeable"
    with pytest.raises(DeskError) as nothing:
        desk.run(change_details, reader_id, {"phone": person.phone}, id_card(person))
    assert nothing.value.code == "reader.nothing_to_change"


def test_password_change_needs_letters_and_digits_then_reset_restores_the_default(reader):
    desk, person, reader_id = reader
    default = person.citizen_number[-6:]
    with pytest.raises(DeskError) as weak:
        desk.run(change_password, reader_id, default, "12345678")
    assert weak.value.code == "password.too_weak"
    with pytest.raises(DeskError) as wrong:
        desk.run(change_password, reader_id, "000000", "abc12345")
    assert wrong.value.code == "password.wrong"
    desk.run(change_password, reader_id, default, "abc12345")
    stored = desk.read(lambda uow: uow.readers.get(reader_id))
    assert verify_password(stored.password_hash, "abc12345") and not stored.password_must_change
    desk.run(reset_password, reader_id, id_card(person))
    stored = desk.read(lambda uow: uow.readers.get(reader_id))
    assert (
        verify_reader_password(stored.password_hash, default, [person.citizen_number]) and stored.password_must_change
    )
    assert "$argon2" not in str(desk.read(lambda uow: [(a.before, a.after) for a in uow.audit.where()]))
