"""The reader's page (#22.1) against a real desk database: opened by a tap or by Enter on the one reader found,
masked until an audited reveal with a reason, with cards, loans and overdues, fines, money and the actions that
fit; an action opens card services on it and the page shows what it changed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PyQt6.QtCore import Qt

from desk_app.bootstrap import open_desk
from desk_app.card_services_desk import CardServices
from desk_app.core.entities import Actor, LedgerKind, Loan
from desk_app.core.ids import new_id
from desk_app.core.services import deposits
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import PeopleFactory
from desk_app.ui.devices_bridge import DeviceBridge
from desk_app.ui.main_window import MainWindow
from devices.idcard.text_block import CardKind, IdCardRecord
from tests.conftest import TODAY
from tests.printing_fixtures import ARTIFACTS


def test_the_readers_page_from_a_tap_and_from_the_keyboard(qtbot: Any, tmp_path: Path) -> None:
    # Chongqing: its pupils have a guardian who consented, and its seed sets a fine (¥0.20 a day).
    desk = open_desk(tmp_path / "page.sqlite", "chongqing")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-page", "柜台", "CQLIB", "counter")
        ctx = desk.context(Actor(staff.id, "CQLIB", "D1"))
        person, parent = (PeopleFactory("chongqing", seed=91).person(age, TODAY) for age in (13, 41))
        guardian = GuardianInput(parent.name, "母亲", DocumentInput("resident_id", parent.citizen_number),
                                 parent.phone, consent_signed=True, present=True)  # fmt: skip
        cmd = IssueCardCommand(name=person.name, phone=person.phone, barcode="CQ9990001", guardian=guardian,
                               documents=(DocumentInput("resident_id", person.citizen_number),))  # fmt: skip
        with desk.uow() as uow:
            issued = issue_card(uow, ctx, cmd)
        with desk.uow() as uow:
            deposits.take(uow, ctx, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, "前政策下收取的押金")
        with desk.uow() as uow:
            card = uow.cards.where(number=issued.card_number)[0]
            lent = ctx.now() - timedelta(days=50)
            uow.loans.add(Loan(new_id(), card.reader_id, card.id, "B77", "边城", False, "CQLIB", lent,
                               ctx.today() - timedelta(days=20)))  # fmt: skip
            uow.commit()
        from desk_app.core.services.attachments import attach
        from desk_app.demo.paper_samples import png
        from desk_app.documents import produce

        with desk.uow() as uow:
            attach(uow, ctx, "reader", str(card.reader_id), "photo", png("#7799aa"))
        produce(desk, ctx, "registration", issued.card_number)  # kept, so it is in the print history
        services = CardServices(desk, ctx)
        window = MainWindow(desk.directory(), "重庆", "CQLIB · D1", str(desk.path), services=services)
        qtbot.addWidget(window)
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        window.show()

        record = IdCardRecord(CardKind.RESIDENT_ID, person.name, "男", person.birth_date, person.citizen_number,
                              "重庆市公安局", date(2020, 1, 1), None, "汉", "重庆市渝中区某路9号")  # fmt: skip
        bridge.id_card.emit(record)  # a tap: the page, no key pressed
        qtbot.waitUntil(lambda: window.reader_page is not None and window.reader_page.page is not None, timeout=10000)
        page = window.reader_page
        heading = page.heading.text()
        assert person.name in heading and person.citizen_number not in heading and "*" in heading
        assert page.cards.item(0, 0).text() == "CQ9990001" and page.cards.item(0, 2).text() == "正常"
        assert "办证" in page.cards.item(0, 5).text()  # the card's history
        assert page.loans.item(0, 0).text() == "边城" and page.loans.item(0, 2).text() == "20"
        assert page.photo.pixmap() is not None and not page.photo.pixmap().isNull()  # taken at the desk
        assert page.prints.rowCount() == 1 and page.prints.item(0, 1).text() == "登记表"
        assert page.prints.item(0, 3).text() == "仅保存 PDF"
        assert "押金 ¥100.00" in page.money.text() and "滞纳金 ¥4.00：边城" in page.money.text()
        from desk_app.core.privacy import mask_name

        assert page.guardian.text() == f"监护人：{mask_name(parent.name)}（母亲，已签授权）"
        assert parent.name not in page.guardian.text()
        assert page.action_buttons["report_loss"].isEnabled()
        restore = page.action_buttons["restore"]
        assert not restore.isEnabled() and "正常" in restore.toolTip()  # why not, before anything is pressed

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(ARTIFACTS / "reader-page.png"))  # for a person to look at
        with qtbot.waitSignal(page.finished_step, timeout=10000) as revealed:
            page.reveal("读者要求核对登记信息")
        assert revealed.args[0] == "reveal" and person.citizen_number in page.details.text()
        with desk.uow() as uow:
            seen = uow.audit.where(action="view_details")
        assert seen and seen[0].reason == "读者要求核对登记信息"

        page.action_buttons["report_loss"].click()  # card services on that action, its effects first
        dialog = window.card_services
        qtbot.waitUntil(lambda: dialog.preview_value is not None, timeout=10000)
        assert dialog.preview_value.action == "report_loss"
        with qtbot.waitSignal(page.finished_step, timeout=10000):  # the page shows what the action changed
            dialog.do_button.click()
        qtbot.waitUntil(lambda: page.cards.item(0, 2).text() == "已挂失", timeout=10000)
        assert page.action_buttons["restore"].isEnabled()
        assert page.status.text().startswith("刚办理：已挂失")  # the result stays on the page (#22.4)
        dialog.close()
        page.action_buttons["replace"].click()
        replacing = window.card_services
        qtbot.waitUntil(lambda: replacing.replace_box.isVisible(), timeout=10000)
        searched = window.search_edit.text()
        bridge.scanned.emit("CQ9990002")  # the new card's barcode goes where the replacement asks for it (#22.2)
        assert replacing.new_barcode.text() == "CQ9990002" and window.search_edit.text() == searched
        replacing.operations.wait()
        replacing.close()
        page.close()

        window.search_edit.setFocus()
        window.search_edit.setText("CQ9990001")
        qtbot.waitUntil(lambda: window.model.rowCount() == 1 and window._shown_for == "CQ9990001", timeout=10000)
        window.reader_page = None
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)  # Enter on the one reader found: their page
        qtbot.waitUntil(lambda: window.reader_page is not None, timeout=10000)
        for opened in (window.reader_page, dialog):
            opened.operations.wait()
        window.operations.wait()
    finally:
        desk.close()


def test_the_page_binds_a_physical_card_and_swaps_an_old_deposit_card(qtbot: Any, tmp_path: Path) -> None:
    """Chongqing: a pupil's online card gets its physical card from the page (the scan goes to the form that asks
    for it, the first card free); an old deposit card is swapped for the free card at the deposit desk."""
    from desk_app.money_desk import MoneyDesk

    desk = open_desk(tmp_path / "bind.sqlite", "chongqing")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-bind", "柜台", "CQLIB", "supervisor")
        ctx = desk.context(Actor(staff.id, "CQLIB", "D1"))
        person, parent = (PeopleFactory("chongqing", seed=92).person(age, TODAY) for age in (12, 40))
        guardian = GuardianInput(parent.name, "父亲", DocumentInput("resident_id", parent.citizen_number),
                                 parent.phone, consent_signed=True, present=True)  # fmt: skip
        cmd = IssueCardCommand(name=person.name, phone=person.phone, guardian=guardian,
                               documents=(DocumentInput("resident_id", person.citizen_number),))  # fmt: skip
        with desk.uow() as uow:
            issued = issue_card(uow, ctx, cmd)  # online: no physical card yet
        with desk.uow() as uow:
            deposits.take(uow, ctx, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 5000, "旧读者卡押金")
        services = CardServices(desk, ctx)
        money = MoneyDesk(desk, ctx, {}, None)
        window = MainWindow(desk.directory(), "重庆", "CQLIB · D1", str(desk.path), services=services, money=money)
        qtbot.addWidget(window)
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        window.show()
        bridge.id_card.emit(IdCardRecord(CardKind.RESIDENT_ID, person.name, "女", person.birth_date,
                                         person.citizen_number, "重庆市公安局", date(2021, 1, 1), None, "汉",
                                         "重庆市沙坪坝区某路1号"))  # fmt: skip
        qtbot.waitUntil(lambda: window.reader_page is not None and window.reader_page.page is not None, timeout=10000)
        page = window.reader_page
        bind = page.action_buttons["bind"]
        assert bind.isEnabled() and bind.text() == "绑定实体卡(&K)"
        assert page.swap_button.isVisible() and page.swap_button.isEnabled()

        bind.click()  # card services on that action (its mnemonic Alt+K is pressed in the clerk walks)
        binding = window.card_services
        qtbot.waitUntil(lambda: binding.preview_value is not None, timeout=10000)
        assert binding.preview_value.action == "bind" and binding.replace_box.isVisible()
        assert "首张实体卡免工本费" in binding.preview_label.text()
        bridge.scanned.emit("CQ8880001")  # the physical card's barcode goes to the form asking for it
        assert binding.new_barcode.text() == "CQ8880001"
        with qtbot.waitSignal(binding.finished_step, timeout=10000) as done:
            binding.do_button.click()
        assert not isinstance(done.args[1], Exception), done.args[1]
        assert "已绑定实体卡" in binding.result_label.text()
        # The page hears of it through the window's one broadcast: the card now shows its barcode.
        qtbot.waitUntil(lambda: page.cards.item(0, 0).text() == "CQ8880001", timeout=10000)
        qtbot.waitUntil(lambda: not page.action_buttons["bind"].isEnabled(), timeout=10000)
        assert "已有实体卡" in page.action_buttons["bind"].toolTip()
        binding.close()

        page.swap_button.click()  # the old deposit card handed in for the free card
        counter = window.deposit_desk
        assert counter.tabs.currentIndex() == 1 and counter.reason.currentData() == "swap"
        assert counter.reason.isVisible() and counter._application().reason == "swap"
        for opened in (page, binding, counter):
            opened.operations.wait()
    finally:
        desk.close()


def test_a_library_without_swaps_shows_neither_the_button_nor_the_choice(qtbot: Any, tmp_path: Path) -> None:
    from desk_app.money_desk import MoneyDesk
    from desk_app.ui.deposit_desk import DepositDeskDialog
    from desk_app.ui.reader_page import ReaderPageDialog

    desk = open_desk(tmp_path / "fs.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-fs", "柜台", "FSLIB", "counter")
        ctx = desk.context(Actor(staff.id, "FSLIB", "D1"))
        page = ReaderPageDialog(CardServices(desk, ctx), "nobody")
        counter = DepositDeskDialog(MoneyDesk(desk, ctx, {}, None), "zh", "")
        for dialog in (page, counter):
            qtbot.addWidget(dialog)
            dialog.show()
        assert not page.swap_button.isVisible() and not counter.reason.isVisible()
    finally:
        desk.close()
