"""The children's desk on screen: the child's document sets the path, the guardian's is read too, the
guardian signs on the pad, and the signature is kept with the consent and printed on the authorisation."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from desk_app.bootstrap import open_desk
from desk_app.children_desk import ChildrenDesk
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import PeopleFactory
from desk_app.ui.children_desk import ChildRegistrationDialog
from tests.conftest import TODAY
from tests.printing_fixtures import pdf_text


def test_a_child_registered_with_the_guardians_signature_on_the_pad(qtbot: Any, tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "children-fslib", "少儿服务台", "FSLIB", "children")
        children = ChildrenDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D3")), {})
        people = PeopleFactory("foshan", seed=31)
        child, parent = people.person(9, TODAY), people.person(37, TODAY)
        dialog = ChildRegistrationDialog(children)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.child_doc.setText(child.citizen_number)
        with qtbot.waitSignal(dialog.finished_step, timeout=10000) as path:
            dialog.check_path()
        assert path.args[1].consent_required and "9 周岁" in dialog.path_label.text()
        assert "须监护人签字同意" in dialog.path_label.text()
        dialog.child_name.setText(child.name)
        dialog.guardian_name.setText(parent.name)
        dialog.guardian_doc.setText(parent.citizen_number)
        dialog.guardian_phone.setText(parent.phone)
        with qtbot.waitSignal(dialog.finished_step, timeout=10000) as unsigned:
            dialog.issue_button.click()
        assert isinstance(unsigned.args[1], Exception) and dialog.result_label.text()  # no signature yet
        dialog.pad.add_stroke([(20, 90), (60, 40), (100, 95), (150, 35), (210, 80)])
        assert not dialog.pad.is_empty()
        with qtbot.waitSignal(dialog.finished_step, timeout=20000) as done:
            dialog.issue_button.click()
        issued = done.args[1]
        assert not isinstance(issued, Exception), dialog.result_label.text()
        assert issued.issued.card_number in dialog.result_label.text()
        with desk.uow() as uow:
            guardian = uow.guardians.where()[0]
            signatures = uow.attachments.where(owner="guardian", owner_id=str(guardian.id), kind="signature")
        assert guardian.relationship == "父母" and guardian.consent_signed_at is not None
        assert len(signatures) == 1 and signatures[0].mime == "image/png"
        text = pdf_text(Path(issued.consent_pdf))
        assert parent.name in text and child.name in text
        png = tmp_path / "consent"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", issued.consent_pdf, str(png)], check=True)
        assert list(tmp_path.glob("consent*.png"))
        dialog.operations.wait()
    finally:
        desk.close()


def test_at_the_childrens_desk_the_child_taps_then_the_guardian(qtbot: Any, tmp_path: Path) -> None:
    """Both documents come from the ID reader (its emulator on a real pseudo-terminal)."""
    import time
    from datetime import date

    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow
    from devices.emulators.id_reader import IdReaderEmulator
    from devices.idcard.text_block import CardKind, IdCardRecord
    from devices.manager import DeviceConfig, DeviceManager

    desk = open_desk(tmp_path / "desk.sqlite", "foshan")
    people = PeopleFactory("foshan", seed=32)
    child, parent = people.person(10, TODAY), people.person(40, TODAY)

    def card(person: Any) -> IdCardRecord:
        return IdCardRecord(CardKind.RESIDENT_ID, person.name, "女", person.birth_date, person.citizen_number,
                            "佛山市公安局", date(2020, 1, 1), None, "汉", "佛山市禅城区某路3号")  # fmt: skip

    hardware = IdReaderEmulator([card(child), card(parent)], tmp_path / "ttyUSB0")
    manager = None
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "children-tap", "少儿服务台", "FSLIB", "children")
        children = ChildrenDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D3")), {})
        window = MainWindow(desk.directory(), "佛山", "FSLIB · D3", str(desk.path), children=children)
        qtbot.addWidget(window)
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        manager = DeviceManager(DeviceConfig(id_reader_port=hardware.path, emulate="never", use_pcsc=False),
                                bridge.events())  # fmt: skip
        manager.start()
        dialog = window.open_children_desk()
        time.sleep(0.3)
        hardware.tap(0)
        qtbot.waitUntil(lambda: dialog.child_doc.text() == child.citizen_number, timeout=10000)
        qtbot.waitUntil(lambda: "须监护人签字同意" in dialog.path_label.text(), timeout=10000)
        hardware.lift()
        time.sleep(0.5)
        hardware.tap(1)
        qtbot.waitUntil(lambda: dialog.guardian_doc.text() == parent.citizen_number, timeout=10000)
        assert dialog.guardian_name.text() == parent.name and dialog.child_name.text() == child.name
        dialog.operations.wait()
        window.operations.wait()
    finally:
        if manager is not None:
            manager.stop()
        hardware.close()
        desk.close()


def test_a_childs_tap_at_the_counter_goes_to_the_childrens_path(qtbot: Any, tmp_path: Path) -> None:
    """#22.3: a child's ID card tapped at the counter opens the children's path with the child filled in, never
    the adult form; a clerk who may not serve children there is told who may."""
    from datetime import date

    from desk_app.children_desk import ChildrenDesk
    from desk_app.counter_desk import CounterDesk
    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow
    from devices.idcard.text_block import CardKind, IdCardRecord

    desk = open_desk(tmp_path / "desk.sqlite", "shenzhen")  # Shenzhen 2(3): under 14 at the children's area
    try:
        child, adult = (PeopleFactory("shenzhen", seed=44).person(age, TODAY) for age in (9, 35))

        def card(person: Any) -> IdCardRecord:
            return IdCardRecord(CardKind.RESIDENT_ID, person.name, "女", person.birth_date, person.citizen_number,
                                "深圳市公安局", date(2020, 1, 1), None, "汉", "深圳市福田区某路1号")  # fmt: skip

        for role, expect_children in (("children", True), ("counter", False)):
            with desk.uow() as uow:
                staff = add_staff(uow, f"{role}-tap", "服务台", desk.profile.branches[0].code, role)
            ctx = desk.context(Actor(staff.id, desk.profile.branches[0].code, "D1"))
            window = MainWindow(desk.directory(), "深圳", "D1", str(desk.path), counter=CounterDesk(desk, ctx),
                                children=ChildrenDesk(desk, ctx, {}))  # fmt: skip
            qtbot.addWidget(window)
            bridge = DeviceBridge()
            window.attach_devices(bridge)
            adult_forms: list[object] = []
            window.registration_opened.connect(adult_forms.append)
            with qtbot.waitSignal(window.search_finished, timeout=10000):
                bridge.id_card.emit(card(child))
            if expect_children:
                qtbot.waitUntil(lambda w=window: w.children_desk is not None, timeout=10000)
                assert window.children_desk.child_doc.text() == child.citizen_number
                window.children_desk.operations.wait()
                window.children_desk.close()  # (while it is open, the next card is the guardian's)
            else:
                qtbot.waitUntil(lambda w=window: "少儿服务台" in w.result_label.text(), timeout=10000)
                assert window.children_desk is None
            assert adult_forms == []
            with qtbot.waitSignal(window.registration_opened, timeout=10000):
                bridge.id_card.emit(card(adult))  # an adult still gets the adult form
            window.operations.wait()
            if window.children_desk is not None:
                window.children_desk.operations.wait()
    finally:
        desk.close()
