"""Devices that never give up: every device loop runs under one supervisor, and a device unplugged and plugged
back, or a PC/SC service restarted, works again without a restart of the desk."""

from __future__ import annotations

import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial

from desk_app.core.errors import DeskError
from devices.emulators.id_reader import IdReaderEmulator, load_cards
from devices.emulators.serial_text import ScannerEmulator
from devices.emulators.virtual_chip_card import VirtualChipCard
from devices.idcard.reader import SerialIdReader
from devices.idcard.tap import TapWatcher
from devices.idcard.text_block import IdCardRecord
from devices.manager import SAMPLE_CARDS, DeviceConfig, DeviceEvents, DeviceManager
from devices.status import DeviceKind, DeviceState, DeviceStatus
from devices.supervision import Supervised
from tests.pcsc_daemon import PcscDaemon

CYCLES = 50


def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


class Seen:
    """What the devices told the desk, as the desk's callbacks receive it (on the device threads)."""

    def __init__(self) -> None:
        self.cards: list[IdCardRecord] = []
        self.scans: list[str] = []
        self.chips: list[str] = []
        self.statuses: list[DeviceStatus] = []

    def events(self) -> DeviceEvents:
        return DeviceEvents(
            on_id_card=self.cards.append,
            on_scan=self.scans.append,
            on_chip=self.chips.append,
            on_status=self.statuses.append,
        )

    def last(self, kind: DeviceKind) -> DeviceState | None:
        states = [s.state for s in self.statuses if s.kind is kind]
        return states[-1] if states else None


def test_the_supervisor_reports_any_failure_and_starts_the_loop_again() -> None:
    runs: list[int] = []
    recovered: list[int] = []
    statuses: list[DeviceStatus] = []

    def loop(stop: threading.Event) -> None:
        runs.append(1)
        if len(runs) == 1:
            raise termios.error(5, "Input/output error")
        if len(runs) == 2:
            raise RuntimeError("a bug")
        stop.wait()

    supervised = Supervised(DeviceKind.ID_READER, "/dev/ttyUSB0", loop, statuses.append, lambda: recovered.append(1),
                            first_pause=0.01)  # fmt: skip
    stop = threading.Event()
    thread = threading.Thread(target=supervised.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _until(lambda: len(runs) == 3)
    finally:
        stop.set()
        thread.join(2)
    assert not thread.is_alive() and len(recovered) == 2
    assert [s.state for s in statuses] == [DeviceState.DISCONNECTED, DeviceState.DISCONNECTED]
    assert "Input/output error" in statuses[0].message("zh") and "正在重新连接" in statuses[0].message("zh")
    assert "RuntimeError" in statuses[1].message("en")


def test_a_termios_error_from_a_vanished_port_is_a_disconnection_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = IdReaderEmulator(load_cards(SAMPLE_CARDS), tmp_path / "ttyUSB0")
    reader = SerialIdReader(emulator.path, answer_timeout=0.5)
    try:
        emulator.tap(0)
        assert reader.read_once() is not None
        real = serial.Serial.reset_input_buffer

        def vanished(self: serial.Serial) -> None:
            raise termios.error(5, "Input/output error")

        monkeypatch.setattr(serial.Serial, "reset_input_buffer", vanished)
        with pytest.raises(DeskError) as gone:
            reader.read_once()
        assert gone.value.code == "device.disconnected"
        monkeypatch.setattr(serial.Serial, "reset_input_buffer", real)
        emulator.tap(1)
        assert reader.read_once() is not None
    finally:
        reader.close()
        emulator.close()


def test_a_watcher_that_crashed_is_started_again_and_reads_the_next_tap(tmp_path: Path) -> None:
    emulator = IdReaderEmulator(load_cards(SAMPLE_CARDS), tmp_path / "ttyUSB0")
    seen = Seen()
    watcher = TapWatcher(SerialIdReader(emulator.path), seen.cards.append, seen.statuses.append,
                         poll_interval=0.02, repeat_guard=0.0)  # fmt: skip
    crashes = [RuntimeError("the driver broke")]
    real_poll = watcher.poll_once

    def poll_once() -> IdCardRecord | None:
        if crashes:
            raise crashes.pop()
        return real_poll()

    watcher.poll_once = poll_once  # type: ignore[method-assign]
    supervised = Supervised(DeviceKind.ID_READER, emulator.path, watcher.run, seen.statuses.append,
                            watcher.recover, first_pause=0.01)  # fmt: skip
    stop = threading.Event()
    thread = threading.Thread(target=supervised.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _until(lambda: seen.last(DeviceKind.ID_READER) is DeviceState.CONNECTED)
        emulator.tap(2)
        _until(lambda: len(seen.cards) == 1)
    finally:
        stop.set()
        thread.join(3)
        emulator.close()
    assert any(s.error is not None and s.error.code == "device.failed" for s in seen.statuses)


@pytest.fixture
def serial_devices(tmp_path: Path) -> Iterator[tuple[DeviceManager, IdReaderEmulator, ScannerEmulator, Seen]]:
    reader = IdReaderEmulator(load_cards(SAMPLE_CARDS), tmp_path / "ttyUSB0")
    scanner = ScannerEmulator(tmp_path / "ttyACM0")
    seen = Seen()
    config = DeviceConfig(id_reader_port=reader.path, scanner_port=scanner.path, use_pcsc=False, emulate="never",
                          reconnect_pause=0.05)  # fmt: skip
    manager = DeviceManager(config, seen.events())
    manager.start()
    try:
        yield manager, reader, scanner, seen
    finally:
        manager.stop()
        reader.close()
        scanner.close()


def test_the_id_reader_and_the_scanner_come_back_after_being_unplugged_50_times(serial_devices) -> None:
    manager, reader, scanner, seen = serial_devices
    cards = reader.cards
    _until(lambda: seen.last(DeviceKind.ID_READER) is DeviceState.CONNECTED)
    for cycle in range(CYCLES):
        reader.unplug()
        scanner.port.unplug()
        _until(lambda: seen.last(DeviceKind.ID_READER) is DeviceState.DISCONNECTED)
        _until(lambda: seen.last(DeviceKind.SCANNER) is DeviceState.DISCONNECTED)
        reader.plug()
        scanner.port.plug()
        reader.tap(cycle % len(cards))  # laid while the reader was away, or just after: one reading
        _until(lambda n=cycle + 1: len(seen.cards) == n)
        _until(lambda: seen.last(DeviceKind.SCANNER) is DeviceState.CONNECTED)
        scanner.scan(f"FS{cycle:07d}")
        _until(lambda n=cycle + 1: len(seen.scans) == n)
        reader.lift()
    assert [c.id_number for c in seen.cards] == [cards[i % len(cards)].id_number for i in range(CYCLES)]
    assert seen.scans == [f"FS{i:07d}" for i in range(CYCLES)]
    assert all(thread.is_alive() for thread in manager._threads)


def test_the_chip_reader_comes_back_after_the_pcsc_service_restarted_50_times() -> None:
    daemon = PcscDaemon()
    daemon.start()
    seen = Seen()
    config = DeviceConfig(use_pcsc=True, emulate="never", chip_reader="Virtual PCD 00 00", reconnect_pause=0.05)
    manager = DeviceManager(config, seen.events())
    manager.start()
    card = VirtualChipCard(bytes.fromhex("04A1B2C3D4E5F6"))
    try:
        _until(lambda: seen.last(DeviceKind.CHIP_READER) is DeviceState.CONNECTED)
        for cycle in range(CYCLES):
            daemon.restart()  # the reader unplugged and the service back
            _until(lambda: any(s.state is DeviceState.DISCONNECTED for s in seen.statuses[-20:]), timeout=15)
            _until(lambda: seen.last(DeviceKind.CHIP_READER) is DeviceState.CONNECTED, timeout=15)
            card.uid = bytes.fromhex(f"04{cycle:012X}")
            card.insert()
            _until(lambda n=cycle + 1: len(seen.chips) == n, timeout=15)
            card.remove()
            _until(lambda: seen.last(DeviceKind.CHIP_READER) is DeviceState.CONNECTED, timeout=15)
    finally:
        card.remove()
        manager.stop()
        daemon.finish()
    assert seen.chips == [f"04{i:012X}" for i in range(CYCLES)]
