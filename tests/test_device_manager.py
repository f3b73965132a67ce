"""The device manager: settings, discovery, emulators standing in, events reaching the desk window."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from devices.emulators.id_reader import IdReaderEmulator, load_cards
from devices.idcard.text_block import IdCardRecord
from devices.manager import SAMPLE_CARDS, DeviceConfig, DeviceEvents, DeviceManager, discover
from devices.status import DeviceKind, DeviceState, DeviceStatus


def _until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_config_round_trips_through_settings_and_ignores_unknown_keys() -> None:
    config = DeviceConfig(id_reader_port="/dev/ttyUSB0", scanner_suffix="CRLF", emulate="never")
    stored = config.to_settings() | {"from_a_newer_version": 1}
    assert DeviceConfig.from_settings(stored) == config


def test_discovery_lists_serial_ports_and_pcsc_readers() -> None:
    found = discover(include_pcsc=False)
    assert isinstance(found.serial_ports, list)
    assert found.pcsc_readers == []


def test_emulated_devices_stand_in_when_none_are_configured() -> None:
    cards: list[IdCardRecord] = []
    scans: list[str] = []
    statuses: list[DeviceStatus] = []
    events = DeviceEvents(on_id_card=cards.append, on_scan=scans.append, on_status=statuses.append)
    manager = DeviceManager(DeviceConfig(use_pcsc=False), events)
    manager.start()
    try:
        emulated = manager.emulated
        assert emulated.id_reader is not None and emulated.scanner is not None and emulated.mrz_reader is not None
        _until(lambda: manager.statuses.get(DeviceKind.ID_READER) is not None)
        emulated.id_reader.tap(0)
        _until(lambda: len(cards) == 1)
        emulated.scanner.scan("FSLIB0001")
        _until(lambda: scans == ["FSLIB0001"])
        assert manager.statuses[DeviceKind.ID_READER].emulated
        assert manager.statuses[DeviceKind.ID_READER].state is DeviceState.CARD_PRESENT
    finally:
        manager.stop()
    assert cards[0].name == load_cards(SAMPLE_CARDS)[0].name


def test_a_configured_reader_is_used_and_never_emulated(tmp_path: Path) -> None:
    hardware = IdReaderEmulator(load_cards(SAMPLE_CARDS), tmp_path / "ttyUSB0")  # plays the real device
    cards: list[IdCardRecord] = []
    config = DeviceConfig(id_reader_port=hardware.path, emulate="never", use_pcsc=False)
    manager = DeviceManager(config, DeviceEvents(on_id_card=cards.append))
    manager.start()
    try:
        assert manager.emulated.id_reader is None
        hardware.tap(2)
        _until(lambda: len(cards) == 1)
        assert not manager.statuses[DeviceKind.ID_READER].emulated
    finally:
        manager.stop()
        hardware.close()
    assert cards[0].document_type.value == "hk_macau_taiwan_permit"


def test_window_shows_device_state_and_a_tap_searches_for_the_person(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk_app.core.views import ReaderSummary
    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow

    searched: list[str] = []

    class Directory:
        def search(self, text: str, limit: int = 200) -> list[ReaderSummary]:
            searched.append(text)
            return []

    window = MainWindow(Directory(), "测试馆", "总馆", str(tmp_path / "x.sqlite"))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    bridge = DeviceBridge()
    window.attach_devices(bridge)
    manager = DeviceManager(DeviceConfig(use_pcsc=False), bridge.events())
    manager.start()
    try:
        qtbot.waitUntil(lambda: "身份证阅读器：就绪（模拟）" in window.device_label.text(), timeout=5000)
        assert manager.emulated.id_reader is not None
        card = manager.emulated.id_reader.tap(1)
        qtbot.waitUntil(lambda: card.id_number in searched, timeout=5000)
        assert window.search_edit.text() == card.id_number
        assert manager.emulated.scanner is not None
        manager.emulated.scanner.scan("FSLIB0001")
        qtbot.waitUntil(lambda: "FSLIB0001" in searched, timeout=5000)
    finally:
        manager.stop()
        window.operations.wait()


def test_cli_configure_remembers_ports_in_the_settings_file(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    env = os.environ | {"XDG_CONFIG_HOME": str(tmp_path / "config")}

    def carddesk(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "desk_app", "device", *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    carddesk("configure", "--id-reader-port", "/dev/ttyUSB0", "--scanner-suffix", "CRLF")
    stored = json.loads(carddesk("configure", "--emulate", "never", "--json"))
    assert (stored["id_reader_port"], stored["scanner_suffix"], stored["emulate"]) == ("/dev/ttyUSB0", "CRLF", "never")
    settings = json.loads((tmp_path / "config" / "CardDesk" / "settings.json").read_text("utf-8"))
    assert settings["devices"]["id_reader_port"] == "/dev/ttyUSB0"


def test_an_mrz_typed_by_a_wedge_reader_becomes_one_passport(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mrz.generator.td3 import TD3CodeGenerator

    from desk_app.core.views import ReaderSummary
    from desk_app.ui.main_window import MainWindow

    searched: list[str] = []

    class Directory:
        def search(self, text: str, limit: int = 200) -> list[ReaderSummary]:
            searched.append(text)
            return []

    window = MainWindow(Directory(), "测试馆", "总馆", str(tmp_path / "x.sqlite"))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    mrz = str(TD3CodeGenerator("P", "UTO", "Eriksson", "Anna", "L898902C3", "UTO", "740812", "F", "320415", "ZE1"))
    for line in mrz.splitlines():
        window.open_scanned(line)  # what the wedge filter emits, one line per Enter
    qtbot.waitUntil(lambda: "L898902C3" in searched, timeout=3000)
    window.open_scanned(mrz.splitlines()[0])
    second = mrz.splitlines()[1]
    window.open_scanned(second[:13] + ("1" if second[13] != "1" else "2") + second[14:])  # a birth-date digit
    assert "校验位" in window.statusBar().currentMessage()
    window.operations.wait()


def test_a_tap_of_a_new_person_issues_a_card_in_two_actions(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Tap, then (1) the reader confirms the phone, (2) Enter issues: the adult ID-card path in ≤ 3 actions."""
    from datetime import date

    from PyQt6.QtCore import Qt

    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.setup import add_staff
    from desk_app.counter_desk import CounterDesk
    from desk_app.demo.people import PeopleFactory
    from desk_app.ui.devices_bridge import DeviceBridge
    from desk_app.ui.main_window import MainWindow
    from devices.idcard.text_block import CardKind

    desk = open_desk(tmp_path / "desk.sqlite", "foshan")
    with desk.uow() as uow:
        staff = add_staff(uow, "tap-counter", "柜台", "FSLIB", "counter")
    counter = CounterDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D1")))
    window = MainWindow(desk.directory(), "测试馆", "总馆", str(desk.path), counter=counter)
    qtbot.addWidget(window)
    bridge = DeviceBridge()
    window.attach_devices(bridge)
    person = PeopleFactory("foshan", seed=5).person(33, date(2026, 11, 22))
    hardware = IdReaderEmulator(
        [IdCardRecord(CardKind.RESIDENT_ID, person.name, "男" if person.gender == "M" else "女", person.birth_date,
                      person.citizen_number, "佛山市公安局", date(2020, 1, 1), None, "汉", "佛山市禅城区某路1号")],
        tmp_path / "ttyUSB0",
    )  # fmt: skip
    manager = DeviceManager(
        DeviceConfig(id_reader_port=hardware.path, emulate="never", use_pcsc=False), bridge.events()
    )
    manager.start()
    actions = 0
    try:
        with qtbot.waitSignal(window.registration_opened, timeout=10000) as opened:
            hardware.tap(0)
        dialog = opened.args[0]
        assert (dialog.name.text(), dialog.id_number.text()) == (person.name, person.citizen_number)
        assert dialog.phone.hasFocus() or dialog.focusWidget() is dialog.phone
        again: list[object] = []
        window.registration_opened.connect(again.append)
        hardware.lift()
        qtbot.wait(600)
        hardware.tap(0)  # the same card laid again while its form is open: never a second form (#22.2)
        qtbot.wait(2000)
        assert again == [] and dialog.isVisible()
        printed: list[str] = []
        dialog.form_printed.connect(printed.append)
        qtbot.keyClicks(dialog.phone, person.phone)
        actions += 1
        with qtbot.waitSignal(dialog.issued, timeout=10000) as issued:
            qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
            actions += 1
        assert actions <= 3
        card = issued.args[0]
        assert card.status == "active" and card.card_number
        # The confirmation stays readable (#22), and the registration form is one key away.
        assert dialog.isVisible() and "已办证" in dialog.message.text() and "修改初始密码" in dialog.message.text()
        assert dialog.print_button.isDefault()
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
        qtbot.keyClick(dialog.print_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: bool(printed), timeout=10000)
        assert Path(printed[0]).exists()  # the registration form, for the reader to sign
        assert "尚未选择登记表打印机" in dialog.message.text() and "已办证" in dialog.message.text()
    finally:
        manager.stop()
        hardware.close()
        window.operations.wait()
        desk.close()
