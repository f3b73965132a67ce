"""Card services on screen against a real desk database: each action shows what it will do (or what blocks
it) before, and what happened after."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from desk_app.bootstrap import open_desk
from desk_app.card_services_desk import CardServices
from desk_app.core.entities import Actor, Loan
from desk_app.core.ids import new_id
from desk_app.core.services.card_preview import preview
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import PeopleFactory
from desk_app.ui.card_services import CardServicesDialog
from tests.conftest import NOW, TODAY


@pytest.fixture
def counter(tmp_path: Path) -> Any:
    desk = open_desk(tmp_path / "desk.sqlite", "foshan")
    with desk.uow() as uow:
        staff = add_staff(uow, "counter-fslib", "柜台", "FSLIB", "counter")
    ctx = desk.context(Actor(staff.id, "FSLIB", "D1"))
    person = PeopleFactory("foshan", seed=21).person(35, TODAY)
    # "一卡通" is the card for other documents: a passport holder (Foshan A.4.4 replaces it after cancellation).
    passport = DocumentInput("passport", "E12345678", valid_until=date(2031, 1, 1), nationality="CHN")
    cmd = IssueCardCommand(name=person.name, phone=person.phone, documents=(passport,), birth_date=date(1990, 5, 1),
                           barcode="FS1234567", card_type_code="yikatong")  # fmt: skip
    with desk.uow() as uow:
        issued = issue_card(uow, ctx, cmd)
    yield CardServices(desk, ctx), person, issued, desk, ctx
    desk.close()


def _step(qtbot: Any, dialog: CardServicesDialog, action: Any, name: str = "do") -> Any:
    with qtbot.waitSignal(dialog.finished_step, timeout=20000) as done:
        action()
    assert done.args[0] == name
    return done.args[1]


def test_loss_restore_cancel_and_replace_on_screen(qtbot: Any, counter: Any) -> None:
    services, person, issued, _desk, _ctx = counter
    dialog = CardServicesDialog(services, issued.card_number, person.name)
    qtbot.addWidget(dialog)
    dialog.show()
    _step(qtbot, dialog, lambda: dialog.choose("report_loss"), "preview")
    assert "借阅证立即停用" in dialog.preview_label.text() and dialog.do_button.isEnabled()
    done = _step(qtbot, dialog, dialog.do_button.click)
    assert done.status == "lost" and "已挂失" in dialog.result_label.text()

    _step(qtbot, dialog, lambda: dialog.choose("restore"), "preview")
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("passport"))
    dialog.nationality.setText("chn")
    dialog.valid_until.setText("2031-01-01")
    dialog.doc_number.setText("E87654321")  # someone else's
    failed = _step(qtbot, dialog, dialog.do_button.click)
    assert isinstance(failed, Exception) and dialog.result_label.text()
    dialog.doc_number.setText("E12345678")
    assert _step(qtbot, dialog, dialog.do_button.click).status == "active"

    _step(qtbot, dialog, lambda: dialog.choose("replace"), "preview")
    assert "须先挂失并注销原证" in dialog.preview_label.text() and not dialog.do_button.isEnabled()
    _step(qtbot, dialog, lambda: dialog.choose("report_loss"), "preview")
    _step(qtbot, dialog, dialog.do_button.click)
    _step(qtbot, dialog, lambda: dialog.choose("cancel"), "preview")
    assert "借阅证注销" in dialog.preview_label.text()
    assert _step(qtbot, dialog, dialog.do_button.click).status == "cancelled"
    _step(qtbot, dialog, lambda: dialog.choose("replace"), "preview")
    assert dialog.do_button.isEnabled() and dialog.replace_box.isVisible()
    dialog.new_barcode.setText("FS7654321")
    replaced = _step(qtbot, dialog, dialog.do_button.click)
    assert replaced.card_number == "FS7654321" and "新证号 FS7654321" in dialog.result_label.text()
    dialog.operations.wait()


def test_details_by_a_proxy_and_a_password_reset_on_screen(qtbot: Any, counter: Any) -> None:
    services, person, issued, desk, _ctx = counter
    dialog = CardServicesDialog(services, issued.card_number, person.name)
    qtbot.addWidget(dialog)
    dialog.show()
    _step(qtbot, dialog, lambda: dialog.choose("change_details"), "preview")
    assert dialog.details_box.isVisible()
    proxy = PeopleFactory("foshan", seed=22).person(50, TODAY)
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("passport"))
    dialog.nationality.setText("CHN")
    dialog.valid_until.setText("2031-01-01")
    dialog.doc_number.setText("E12345678")
    dialog.phone.setText("13800001111")
    dialog.proxy_name.setText(proxy.name)
    dialog.proxy_doc.setText(proxy.citizen_number)
    done = _step(qtbot, dialog, dialog.do_button.click)
    assert done.changed == {"phone": "13800001111"} and "phone" in dialog.result_label.text()
    with desk.uow() as uow:
        record = uow.audit.where(action="change_details")[0]
    assert record.reason == "proxy" and record.after["by_proxy"]["name"] == proxy.name[0] + "**"  # masked in the log
    _step(qtbot, dialog, lambda: dialog.choose("reset_password"), "preview")
    assert "后六位" in dialog.preview_label.text()
    _step(qtbot, dialog, dialog.do_button.click)
    assert "已重置" in dialog.result_label.text()
    dialog.operations.wait()


def test_cancel_shows_what_blocks_it(counter: Any) -> None:
    services, _person, issued, desk, ctx = counter
    with desk.uow() as uow:
        card = uow.cards.where(number=issued.card_number)[0]
        uow.loans.add(Loan(new_id(), card.reader_id, card.id, "B9", "三体", False, "FSLIB", NOW, TODAY - timedelta(3)))
        uow.commit()
    with desk.uow() as uow:
        shown = preview(uow, ctx, issued.card_number, "cancel")
    assert not shown.allowed and [b.zh for b in shown.blockers] == ["尚有 1 册未还"]
    elsewhere = desk.context(Actor(ctx.actor.staff_id, "SSLIB", "D1"))
    with desk.uow() as uow:
        away = preview(uow, elsewhere, issued.card_number, "cancel")
    assert "须回办证馆（佛山市图书馆）注销" in [b.zh for b in away.blockers]
    assert services.preview(issued.card_number, "report_loss").allowed


def test_a_tap_of_someone_whose_card_is_lost_opens_their_page_on_restore(qtbot: Any, tmp_path: Path) -> None:
    from desk_app.core.services.lifecycle import report_loss
    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow
    from devices.idcard.text_block import CardKind, IdCardRecord

    desk = open_desk(tmp_path / "tap.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-tap", "柜台", "FSLIB", "counter")
        ctx = desk.context(Actor(staff.id, "FSLIB", "D1"))
        person = PeopleFactory("foshan", seed=23).person(41, TODAY)
        shown = DocumentInput("resident_id", person.citizen_number)
        with desk.uow() as uow:
            issued = issue_card(uow, ctx, IssueCardCommand(name=person.name, phone=person.phone, documents=(shown,)))
        with desk.uow() as uow:
            report_loss(uow, ctx, issued.card_number)
        window = MainWindow(desk.directory(), "佛山", "FSLIB · D1", str(desk.path), services=CardServices(desk, ctx))
        qtbot.addWidget(window)
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        record = IdCardRecord(CardKind.RESIDENT_ID, person.name, "男", person.birth_date, person.citizen_number,
                              "佛山市公安局", date(2020, 1, 1), None, "汉", "佛山市禅城区某路2号")  # fmt: skip
        bridge.id_card.emit(record)
        qtbot.waitUntil(lambda: window.reader_page is not None and window.reader_page.page is not None, timeout=10000)
        page = window.reader_page
        restore = page.action_buttons["restore"]
        assert restore.isDefault() and page.focusWidget() is restore  # Enter chooses it
        assert page.action_buttons["replace"].isEnabled()  # the other way on from a lost card
        restore.click()
        dialog = window.card_services
        qtbot.waitUntil(lambda: dialog.preview_value is not None, timeout=10000)
        assert dialog.preview_value.action == "restore" and dialog.preview_value.allowed
        assert dialog.doc_number.text() == person.citizen_number
        with qtbot.waitSignal(dialog.finished_step, timeout=10000) as done:
            dialog.do_button.click()  # one action after the tap
        assert done.args[1].status == "active"
        dialog.operations.wait()
        window.operations.wait()
    finally:
        desk.close()


def test_a_replacements_fee_receipt_goes_to_the_printer_and_is_reprinted_from_the_history(
    qtbot: Any, tmp_path: Path, cups: Any
) -> None:
    """#27.4: the replacement's card-fee receipt is printed on the receipt printer (the result names it and the
    job), and reprinted from the reader's print history."""
    import time

    from desk_app.money_desk import MoneyDesk
    from desk_app.ui.deposit_desk import DepositDeskDialog
    from tests.cups_server import wait_for_output
    from tests.printing_fixtures import pdf_text

    desk = open_desk(tmp_path / "cq.sqlite", "chongqing")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-cq", "柜台", "CQLIB", "counter")
        ctx = desk.context(Actor(staff.id, "CQLIB", "D1"))
        from desk_app.core.services.inputs import GuardianInput

        pupil, parent = (PeopleFactory("chongqing", seed=24).person(age, TODAY) for age in (12, 40))
        signed = GuardianInput(parent.name, "父亲", DocumentInput("resident_id", parent.citizen_number), parent.phone,
                               consent_signed=True, present=True)  # fmt: skip
        cmd = IssueCardCommand(name=pupil.name, phone=pupil.phone, barcode="CQ10000001", guardian=signed,
                               documents=(DocumentInput("resident_id", pupil.citizen_number),))  # fmt: skip
        with desk.uow() as uow:
            issued = issue_card(uow, ctx, cmd)
        settings = {"cups_server": cups.socket, "printers": {"receipt": cups.printer}}
        services = CardServices(desk, ctx, settings)
        services.run(issued.card_number, "report_loss")
        dialog = CardServicesDialog(services, issued.card_number, pupil.name)
        qtbot.addWidget(dialog)
        _step(qtbot, dialog, lambda: dialog.choose("replace"), "preview")
        assert dialog.fee_paid.text() == "10.00"
        dialog.doc_number.setText(pupil.citizen_number)
        dialog.new_barcode.setText("CQ10000002")
        started = time.time() - 1
        done = _step(qtbot, dialog, dialog.do_button.click)
        assert done.receipt_print.status == "sent" and done.receipt_no
        assert (
            f"工本费收据 {done.receipt_no}：已送打印机 {cups.printer}（作业 {cups.printer}-"
            in dialog.result_label.text()
        )
        printed = wait_for_output(cups, started)
        assert done.receipt_no in pdf_text(printed) and "10.00" in pdf_text(printed)
        printed.unlink()

        money = MoneyDesk(desk, ctx, settings, None, print_remembered=True)
        history = DepositDeskDialog(money, "zh", "CQ10000002")
        qtbot.addWidget(history)
        with qtbot.waitSignal(history.finished_step, timeout=20000):
            history.load_account()
        history.tabs.setCurrentIndex(3)  # the newest kept document (the receipt) is chosen
        assert history.print_table.item(0, 2).text() == done.receipt_no
        started = time.time() - 1
        with qtbot.waitSignal(history.finished_step, timeout=20000) as again:
            history.reprint_button.click()
        assert again.args[0] == "reprint" and not isinstance(again.args[1], Exception), history.status.text()
        assert done.receipt_no in pdf_text(wait_for_output(cups, started))
        dialog.operations.wait()
        history.operations.wait()
    finally:
        desk.close()
