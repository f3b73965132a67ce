"""#22.6: another language chosen while the desk runs: the window and every open dialog say their texts in it at
once (Qt's LanguageChange), the status bar included, and nothing the clerk typed is lost; and back again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QApplication, QLabel

from desk_app.bootstrap import open_desk
from desk_app.card_services_desk import CardServices
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.money_desk import MoneyDesk
from desk_app.ui.devices_bridge import DeviceBridge
from desk_app.ui.language import install_language
from desk_app.ui.main_window import MainWindow
from desk_app.ui.retranslate import Retranslator
from devices.status import DeviceKind, DeviceState, DeviceStatus


def _labels(widget: Any) -> set[str]:
    return {label.text() for label in widget.findChildren(QLabel)}


def test_the_open_window_and_dialogs_switch_language_keeping_what_was_typed(qtbot: Any, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_language(app, "zh")
    retranslator = Retranslator(lambda: str(app.property("carddesk_language")))
    app.installEventFilter(retranslator)
    desk = open_desk(tmp_path / "lang.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "deposit-lang", "押金台", "FSLIB", "deposit")
        ctx = desk.context(Actor(staff.id, "FSLIB", "D1"))
        window = MainWindow(desk.directory(), "佛山", "FSLIB · D1", str(desk.path), "zh",
                            services=CardServices(desk, ctx), money=MoneyDesk(desk, ctx, {}, None))  # fmt: skip
        qtbot.addWidget(window)
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        bridge.status_changed.emit(DeviceStatus(DeviceKind.ID_READER, DeviceState.CONNECTED, emulated=True))
        window.show()
        counter = window.open_deposit_desk()
        counter.card.setText("FS0000001")
        counter.tabs.setCurrentIndex(1)
        counter.doc_number.setText("110101199001011237")
        assert counter.windowTitle() == "押金台" and "查找读者：" in _labels(window)

        install_language(app, "en")  # what 语言 / Language → English does
        qtbot.waitUntil(lambda: counter.windowTitle() == "Deposit desk", timeout=5000)
        assert counter.tabs.tabText(1) == "Refund (&2)"
        assert "Reader's document &number" in _labels(counter)  # the form's own labels
        assert counter.card.text() == "FS0000001" and counter.doc_number.text() == "110101199001011237"
        assert counter.isVisible() and window.deposit_desk is counter  # the same dialog, never closed
        assert "Find a reader:" in _labels(window)
        assert window.menuBar().actions()[0].text() == "Print"
        assert window.device_label.text().startswith("ID card reader")  # the status bar too
        assert window.language_actions["en"].isChecked() and counter._lang == "en"

        install_language(app, "zh")
        qtbot.waitUntil(lambda: counter.windowTitle() == "押金台", timeout=5000)
        assert counter.tabs.tabText(1) == "退押金(&2)" and "查找读者：" in _labels(window)
        assert window.device_label.text().startswith("身份证阅读器") and counter._lang == "zh"
        counter.operations.wait()
        window.operations.wait()
    finally:
        app.removeEventFilter(retranslator)
        install_language(app, "zh")
        desk.close()
