"""#23.5: Chongqing's pupils borrow with their social security card (seed 002, 三、四): its number is read over
PC/SC from the card's public application (a real pcscd, the vpcd driver, a virtual card answering it), or
scanned, into the co-branded path; a library card without that application still gives its UID."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

from devices.chip_reader import ChipWatcher, PcscSession
from devices.emulators.virtual_chip_card import VirtualChipCard
from tests.pcsc_daemon import PcscDaemon
from tests.test_cobranded_and_online_cards import counter_desk

READER = "Virtual PCD 00 00"
NUMBER = "A12345678"  # the card number printed on a social security card: nine characters


def _until(check: Any, timeout: float = 8.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.05)


def test_the_social_security_number_is_read_from_its_application_and_a_library_card_gives_its_uid(
    pcscd: PcscDaemon,
) -> None:
    numbers: list[str] = []
    uids: list[str] = []
    watcher = ChipWatcher(uids.append, on_social_security=numbers.append, reader=READER, reconnect_pause=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        social = VirtualChipCard(bytes.fromhex("04AA00000000BB"), social_security_number=NUMBER)
        social.insert()
        _until(lambda: numbers == [NUMBER])
        assert uids == []  # the number, not the chip's UID
        selected = [apdu[:4].hex().upper() for apdu in social.apdus]
        assert "00A40400" in selected and "00B20704" in selected
        social.remove()
        time.sleep(0.8)
        library = VirtualChipCard(bytes.fromhex("04CC11223344DD"))
        library.insert()
        _until(lambda: uids == ["04CC11223344DD"])
        assert numbers == [NUMBER]
        library.remove()
    finally:
        stop.set()
        thread.join(5)
    with PcscSession() as session:
        assert session.readers()


def test_the_co_branded_path_takes_the_social_security_card_read_or_scanned(qtbot: Any, tmp_path: Any) -> None:
    with counter_desk(tmp_path, "chongqing", "CQLIB") as (opened, counter, people):
        _social_security_card_at_the_window(qtbot, counter, people)
        assert queued(opened) == ["issue_card"]  # the union runs it again, as any card issued here


def _social_security_card_at_the_window(qtbot: Any, counter: Any, people: Any) -> None:
    from desk_app.ui.card_paths import CobrandedDialog
    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow
    from devices.idcard.text_block import CardKind, IdCardRecord
    from tests.conftest import TODAY

    pupil = people.person(12, TODAY)
    window = MainWindow(None, "T", "B", "x", counter=counter)
    qtbot.addWidget(window)
    bridge = DeviceBridge()
    window.attach_devices(bridge)
    window.show()
    dialog = window.open_cobranded()
    assert isinstance(dialog, CobrandedDialog) and dialog.issuer.currentText() == "社会保障卡"

    def tap(person: Any) -> IdCardRecord:
        return IdCardRecord(CardKind.RESIDENT_ID, person.name, "男", person.birth_date, person.citizen_number,
                            "重庆市公安局", date(2022, 1, 1), date(2032, 1, 1), "汉", "重庆市某路1号")  # fmt: skip

    bridge.id_card.emit(tap(pupil))
    parent = people.person(39, TODAY)
    bridge.id_card.emit(tap(parent))  # the second card read: the guardian's
    assert dialog.guardian_doc.text() == parent.citizen_number and dialog.id_number.text() == pupil.citizen_number
    dialog.consent.setChecked(True)  # the guardian signed the consent
    bridge.social_security.emit(NUMBER)  # read from the card's chip
    assert dialog.card.text() == NUMBER and window.search_edit.text() == ""
    bridge.scanned.emit("B87654321")  # or scanned from the card's face
    assert dialog.card.text() == "B87654321"
    dialog.card.setText(NUMBER)
    dialog.phone.setText(pupil.phone)
    with qtbot.waitSignal(dialog.done_with, timeout=10000) as done:
        dialog.go.click()
    assert not isinstance(done.args[0], Exception), done.args[0]
    assert done.args[0].card_type_code == "student"
    dialog.operations.wait()


def queued(opened: Any) -> list[str]:
    from sqlalchemy import select

    from db.models import CommandOutboxRow

    with opened.session_factory() as session:
        return list(session.scalars(select(CommandOutboxRow.name)).all())
