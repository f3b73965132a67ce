"""Co-branded cards (Shenzhen) and online cards made physical (Chongqing), through the core and the desk."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from stdnum import luhn

from desk_app.core.batch import approval
from desk_app.core.batch.importing import import_group
from desk_app.core.entities import CardStatus
from desk_app.core.errors import DeskError
from desk_app.core.services.cobranded import activate_external_card
from desk_app.core.services.external_cards import lookup_token
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import activate_physical_card, report_loss
from desk_app.counter_desk import CounterDesk
from tests.conftest import id_card
from tests.test_batch_import import PUPIL_X, messy_rows, write_xlsx
from tests.test_issue_card import adult_cmd, guardian_for

KEY = bytes(range(32))
PAN = "622202000012345" + luhn.calc_check_digit("622202000012345")


def test_a_cobranded_card_works_as_the_reader_card_and_its_number_is_never_stored(make_desk, tmp_path):
    desk = make_desk("shenzhen")
    person = desk.person(35)
    issued = desk.run(activate_external_card, id_card(person), person.name, person.phone, "culture-credit", PAN, KEY)
    assert issued.card_number.startswith(f"CULTURE-CREDIT-{PAN[-4:]}-") and not issued.is_virtual
    card = desk.read(lambda uow: uow.cards.where(number=issued.card_number)[0])
    assert card.issuer == "culture-credit" and PAN not in str(card)
    issuer = desk.profile.issuer("culture-credit")
    # A swipe at any desk finds it through the keyed hash.
    desk.run(report_loss, lookup_token(issuer, PAN, KEY))
    assert desk.read(lambda uow: uow.cards.get(card.id).status) is CardStatus.LOST
    everything = str(desk.read(lambda uow: (uow.cards.where(), uow.events.where(), uow.audit.where())))
    assert PAN not in everything


def test_cobranded_rules(make_desk):
    desk = make_desk("shenzhen")
    person = desk.person(35)
    with pytest.raises(DeskError) as luhn_error:
        desk.run(
            activate_external_card,
            id_card(person),
            person.name,
            person.phone,
            "culture-credit",
            PAN[:-1] + "0" if PAN[-1] != "0" else PAN[:-1] + "1",
            KEY,
        )
    assert luhn_error.value.code == "external.bad_number"
    with pytest.raises(DeskError) as no_key:
        desk.run(activate_external_card, id_card(person), person.name, person.phone, "culture-credit", PAN, b"")
    assert no_key.value.code == "external.no_key"
    passport = DocumentInput("passport", "E12345678", nationality="CHN", valid_until=desk.now.date().replace(year=2031))
    with pytest.raises(DeskError) as not_id:
        desk.run(activate_external_card, passport, "某人", "13900000000", "culture-credit", PAN, KEY)
    assert not_id.value.code == "external.id_card_needed"
    with pytest.raises(DeskError) as other:
        desk.run(activate_external_card, id_card(person), person.name, person.phone, "some-bank", PAN, KEY)
    assert other.value.code == "external.unknown_issuer"
    desk.run(issue_card, adult_cmd(person))
    with pytest.raises(DeskError) as second:
        desk.run(activate_external_card, id_card(person), person.name, person.phone, "culture-credit", PAN, KEY)
    assert second.value.code == "card.already_has_card"


def test_a_social_security_card_serves_a_pupil_in_chongqing(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(11)
    issued = desk.run(
        activate_external_card,
        id_card(pupil),
        pupil.name,
        pupil.phone,
        "social-security",
        "a12345678",
        b"",
        guardian_for(desk),
    )
    assert issued.card_number == "A12345678" and issued.card_type_code == "student"
    desk.run(report_loss, "A12345678")


def test_an_online_card_becomes_physical_by_the_readers_document(make_desk, tmp_path):
    desk = make_desk("chongqing")
    batch = desk.run(import_group, write_xlsx(tmp_path / "名单.xlsx", messy_rows()), branch="SPBLIB")
    desk.run(approval.approve, uuid.UUID(batch.batch_id), branch="SPBLIB", role="supervisor")
    shown = DocumentInput("resident_id", PUPIL_X)
    with pytest.raises(DeskError) as waiting:
        desk.run(activate_physical_card, shown, "CQ66600001", branch="NALIB")
    assert waiting.value.code == "card.bad_transition"  # no physical card before the guardian's consent
    online = desk.read(lambda uow: next(c for c in uow.cards.where() if c.status is CardStatus.PENDING_CONSENT))
    desk.run(approval.record_consent, online.number, "王大", branch="SPBLIB")
    # The pupil shows a household register this time: the same citizen number finds the same account.
    done = desk.run(activate_physical_card, DocumentInput("household_register", PUPIL_X), "CQ66600001", branch="NALIB")
    assert done.card_number == online.number and done.fee_fen == 0
    card = desk.read(lambda uow: uow.cards.get(online.id))
    assert card.barcode == "CQ66600001" and not card.is_virtual
    with pytest.raises(DeskError) as nobody:
        desk.run(activate_physical_card, DocumentInput("resident_id", desk.person(9).citizen_number), "CQ66600002")
    assert nobody.value.code == "card.none_for_document"


def test_the_card_key_lives_in_an_encrypted_keyring(tmp_path, monkeypatch):
    import keyring
    from keyrings.alt.file import EncryptedKeyring

    from desk_app.secrets import card_key

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    backend = EncryptedKeyring()
    backend.keyring_key = "desk-keyring-password"
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        first = card_key()
        assert len(first) == 32 and card_key() == first
        stored = b"".join(p.read_bytes() for p in Path(tmp_path).rglob("*") if p.is_file())
        assert stored and first.hex().encode() not in stored  # not in clear on disk
    finally:
        keyring.set_keyring(previous)


@contextmanager
def counter_desk(folder, profile, branch, seed=41):
    """A real desk file with a counter member signed in: the card paths run as commands, queued for the union."""
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.setup import add_staff
    from desk_app.demo.people import PeopleFactory

    opened = open_desk(folder / f"{profile}.sqlite", profile)
    try:
        with opened.uow() as uow:
            staff = add_staff(uow, f"counter-{branch.lower()}", "柜台", branch, "counter")
        counter = CounterDesk(opened, opened.context(Actor(staff.id, branch, "D1")), key=lambda: KEY)
        yield opened, counter, PeopleFactory(profile, seed=seed)
    finally:
        opened.close()


def test_the_desk_activates_a_cobranded_card(qtbot, tmp_path):
    from sqlalchemy import select

    from db.models import CommandOutboxRow
    from desk_app.ui.card_paths import CobrandedDialog
    from tests.conftest import TODAY

    with counter_desk(tmp_path, "shenzhen", "SZLIB") as (opened, counter, people):
        person = people.person(40, TODAY)
        window, bridge = _window_with_devices(counter, qtbot)
        dialog = window.open_cobranded()
        assert isinstance(dialog, CobrandedDialog)
        assert dialog.issuer.currentText() == "文化主题信用卡"
        bridge.id_card.emit(_tap(person))  # the holder's ID card fills who they are (#22.2), not the main search
        assert dialog.id_number.text() == person.citizen_number and dialog.name.text() == person.name
        assert window.search_edit.text() == ""
        dialog.phone.setText(person.phone)
        bridge.scanned.emit(PAN)  # the card swiped goes to the card field
        assert dialog.card.text() == PAN and window.search_edit.text() == ""
        with qtbot.waitSignal(dialog.done_with, timeout=10000) as done:
            dialog.go.click()
        assert done.args[0].card_number.startswith("CULTURE-CREDIT-")
        assert "已激活" in dialog.status.text() and dialog.card.text() == ""
        dialog.operations.wait()
        with opened.session_factory() as session:
            rows = session.scalars(select(CommandOutboxRow)).all()
            # The union runs it again (one person, one card union-wide); it carries the card's token, not its number.
            assert [row.name for row in rows] == ["issue_card"] and PAN not in str(rows[0].inputs)


def test_the_desk_binds_a_physical_card_to_an_online_card(qtbot, tmp_path):
    """Through a real desk: the binding is queued for the union as a command, as every card change is."""
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.setup import add_staff
    from desk_app.demo.people import PeopleFactory
    from desk_app.ui.card_paths import OnlineToPhysicalDialog
    from tests.conftest import TODAY

    opened = open_desk(tmp_path / "bind.sqlite", "chongqing")
    try:
        with opened.uow() as uow:
            staff = add_staff(uow, "counter-bind", "柜台", "JBLIB", "counter")
        ctx = opened.context(Actor(staff.id, "JBLIB", "D1"))
        people = PeopleFactory("chongqing", seed=23)
        pupil, parent = people.person(10, TODAY), people.person(38, TODAY)
        guardian = GuardianInput("家长" + parent.name, "父母", id_card(parent), parent.phone, True, True)
        with opened.uow() as uow:
            online = issue_card(uow, ctx, adult_cmd(pupil, guardian=guardian))
        counter = CounterDesk(opened, ctx, key=lambda: KEY)
        window, bridge = _window_with_devices(counter, qtbot)
        dialog = window.open_online_to_physical()
        assert isinstance(dialog, OnlineToPhysicalDialog)
        bridge.id_card.emit(_tap(pupil))  # the reader's ID card finds the online card
        bridge.scanned.emit("CQ77700001")  # and the physical card's barcode is scanned into its field
        assert dialog.number.text() == pupil.citizen_number and dialog.barcode.text() == "CQ77700001"
        assert dialog.doc_type.currentData() == "resident_id" and window.search_edit.text() == ""
        dialog.fee.setText("2.005")  # the fee is typed in yuan: a third decimal is refused, never rounded away
        dialog.go.click()
        assert dialog.status.text() == "工本费金额格式不对（如 10.00）"
        dialog.fee.setText("")
        with qtbot.waitSignal(dialog.done_with, timeout=10000) as done:
            dialog.go.click()
        assert done.args[0].card_number == online.card_number
        assert "证号" in dialog.status.text()
        dialog.operations.wait()
        from sqlalchemy import select

        from db.models import CommandOutboxRow

        with opened.uow() as uow:
            assert uow.cards.where(number=online.card_number)[0].barcode == "CQ77700001"
        with opened.session_factory() as session:
            queued = session.scalars(select(CommandOutboxRow.name)).all()
        assert queued.count("bind_physical_card") == 1  # the union hears of it at the next sync
    finally:
        opened.close()


def _window_with_devices(counter, qtbot):
    """The counter's window with its device bridge: the card paths open from its menu as the clerk opens them."""
    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow

    window = MainWindow(None, "T", "B", "x", counter=counter)
    qtbot.addWidget(window)
    bridge = DeviceBridge()
    window.attach_devices(bridge)
    window.show()
    return window, bridge


def _tap(person):
    from datetime import date

    from devices.idcard.text_block import CardKind, IdCardRecord

    return IdCardRecord(CardKind.RESIDENT_ID, person.name, "男", person.birth_date, person.citizen_number,
                        "某市公安局", date(2020, 1, 1), None, "汉", "某市某路1号")  # fmt: skip
