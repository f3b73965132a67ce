"""Barcode scanners (serial and keyboard wedge) and passport MRZ readers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator

from desk_app.core.errors import DeskError
from devices.emulators.serial_text import MrzReaderEmulator, ScannerEmulator
from devices.mrz_reader import MrzAssembler, MrzRecord, SerialMrzReader, parse_mrz
from devices.scanner import Hold, Replay, Scan, ScanAssembler, SerialScanner, WedgeDetector
from devices.status import DeviceState, DeviceStatus

TODAY = date(2026, 11, 22)
# Synthetic travellers (ICAO's own specimen style), never a real person's data.
TD3 = str(
    TD3CodeGenerator("P", "UTO", "Eriksson", "Anna Maria", "L898902C3", "UTO", "740812", "F", "320415", "ZE184226B")
)
TD2 = str(TD2CodeGenerator("I", "UTO", "Eriksson", "Anna Maria", "D23145890", "UTO", "740812", "F", "320415"))
TD1 = str(TD1CodeGenerator("I", "UTO", "D23145890", "740812", "F", "320415", "UTO", "Eriksson", "Anna Maria"))


# -- serial scanners ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "sep"), [(b"\r", b"\r"), (b"\n", b"\n"), (b"\r\n", b"\r\n")])
def test_scans_end_at_the_configured_suffix(suffix: bytes, sep: bytes) -> None:
    assembler = ScanAssembler(suffix)
    assert assembler.feed(b"FSLIB00", 0.0) == []
    assert assembler.feed(b"01" + sep + b"9787" + sep, 0.01) == ["FSLIB0001", "9787"]


def test_a_prefix_is_required_and_stripped() -> None:
    assembler = ScanAssembler(b"\r", b"]C1")
    assert assembler.feed(b"]C1FSLIB0001\rNOPREFIX\r", 0.0) == ["FSLIB0001"]


def test_without_a_suffix_a_pause_ends_the_scan() -> None:
    assembler = ScanAssembler(b"", idle_gap=0.05)
    assert assembler.feed(b"FSLIB", 0.0) == []
    assert assembler.feed(b"0001", 0.01) == []
    assert assembler.flush_idle(0.2) == ["FSLIB0001"]


def test_a_scan_cut_short_is_dropped_not_guessed() -> None:
    assembler = ScanAssembler(b"\r", idle_gap=0.05)
    assert assembler.feed(b"FSLIB00", 0.0) == []
    assert assembler.flush_idle(0.5) == []
    assert assembler.feed(b"FSLIB0002\r", 0.6) == ["FSLIB0002"]


def _running(target: Callable[[threading.Event], None]) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=target, args=(stop,), daemon=True)
    thread.start()
    return stop, thread


def _until(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_serial_scanner_over_a_pty_survives_unplugging(tmp_path: Path) -> None:
    emulator = ScannerEmulator(tmp_path / "ttyACM0", suffix=b"\r\n")
    scans: list[str] = []
    statuses: list[DeviceStatus] = []
    scanner = SerialScanner(emulator.path, scans.append, statuses.append, suffix=b"\r\n")
    stop, thread = _running(scanner.run)
    try:
        _until(lambda: bool(statuses) and statuses[-1].state is DeviceState.CONNECTED)
        emulator.scan("FSLIB0001")
        emulator.scan("9787020002207")
        _until(lambda: len(scans) == 2)
        emulator.port.unplug()
        _until(lambda: statuses[-1].state is DeviceState.DISCONNECTED)
        emulator.port.plug()
        _until(lambda: statuses[-1].state is DeviceState.CONNECTED, timeout=5)
        emulator.scan("FSLIB0002")
        _until(lambda: len(scans) == 3)
    finally:
        stop.set()
        thread.join(3)
        emulator.close()
    assert scans == ["FSLIB0001", "9787020002207", "FSLIB0002"]


# -- keyboard wedge ----------------------------------------------------------------------------------


def _feed(detector: WedgeDetector, keys: str, gap: float, start: float = 100.0) -> list[object]:
    actions: list[object] = []
    now = start
    for key in keys:
        actions += detector.key(key, now)
        now += gap
    actions += detector.tick(now + 1.0)
    return actions


def test_a_scanner_burst_is_one_scan() -> None:
    actions = _feed(WedgeDetector(), "FSLIB0001\r", gap=0.004)
    assert [a for a in actions if not isinstance(a, Hold)] == [Scan("FSLIB0001")]


def test_typing_is_never_a_scan_and_loses_no_key() -> None:
    actions = _feed(WedgeDetector(), "zhang san\r", gap=0.12)
    assert not any(isinstance(a, Scan) for a in actions)
    assert "".join(a.keys for a in actions if isinstance(a, Replay)) == "zhang san\r"


def test_a_fast_short_burst_with_enter_is_typing() -> None:
    actions = _feed(WedgeDetector(min_length=4), "ab\r", gap=0.005)
    assert "".join(a.keys for a in actions if isinstance(a, Replay)) == "ab\r"


def test_a_burst_without_its_suffix_is_given_back_when_the_timer_fires() -> None:
    detector = WedgeDetector()
    for i, key in enumerate("1234"):
        assert detector.key(key, 10.0 + i * 0.005) == [Hold()]
    assert detector.tick(10.01) == []
    assert detector.tick(10.2) == [Replay("1234")]


def test_a_configured_prefix_must_start_the_burst() -> None:
    detector = WedgeDetector(prefix="~")
    scans = [a for a in _feed(detector, "~FSLIB0001\r", gap=0.004) if isinstance(a, Scan)]
    assert scans == [Scan("FSLIB0001")]
    replays = _feed(detector, "FSLIB0001\r", gap=0.004)
    assert not any(isinstance(a, Scan) for a in replays)


def test_wedge_filter_in_qt_sends_scans_and_leaves_typing_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PyQt6.QtCore import Qt
    from PyQt6.QtWidgets import QApplication, QLineEdit

    from desk_app.ui.devices_bridge import WedgeScanFilter

    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    wedge = WedgeScanFilter()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(wedge)
    try:
        with qtbot.waitSignal(wedge.scanned, timeout=2000) as scanned:
            qtbot.keyClicks(edit, "FSLIB0001")  # no delay between keys: a scanner
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert scanned.args == ["FSLIB0001"]
        assert edit.text() == ""
        scans: list[str] = []
        wedge.scanned.connect(scans.append)
        for char in "li si":
            qtbot.keyClick(edit, char)
            qtbot.wait(80)  # a person
        qtbot.wait(100)
        assert edit.text() == "li si"
        assert scans == []
        # A field for a file path keeps a path typed as fast as a scanner would (#27.11).
        from desk_app.ui.devices_bridge import typed_text_only

        path = QLineEdit()
        qtbot.addWidget(path)
        typed_text_only(path)
        path.show()
        path.setFocus()
        qtbot.waitUntil(path.hasFocus)
        qtbot.keyClicks(path, "/srv/lists/class3.xlsx")
        qtbot.keyClick(path, Qt.Key.Key_Return)
        qtbot.wait(100)
        assert path.text() == "/srv/lists/class3.xlsx" and scans == []
    finally:
        app.removeEventFilter(wedge)


# -- passport MRZ -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mrz", "fmt", "number"), [(TD3, "TD3", "L898902C3"), (TD2, "TD2", "D23145890"), (TD1, "TD1", "D23145890")]
)
def test_each_mrz_format_parses_with_its_check_digits(mrz: str, fmt: str, number: str) -> None:
    record = parse_mrz(mrz, TODAY)
    assert (record.format, record.document_number, record.surname, record.given_names) == (
        fmt,
        number,
        "ERIKSSON",
        "ANNA MARIA",
    )
    assert (record.birth_date, record.expiry_date, record.nationality, record.sex) == (
        date(1974, 8, 12),
        date(2032, 4, 15),
        "UTO",
        "F",
    )


def test_a_wrong_check_digit_names_the_field() -> None:
    lines = TD3.splitlines()
    damaged = lines[1][:13] + ("1" if lines[1][13] != "1" else "2") + lines[1][14:]  # a birth date digit
    with pytest.raises(DeskError) as caught:
        parse_mrz(lines[0] + "\n" + damaged, TODAY)
    assert "出生日期" in caught.value.message("zh")
    assert "birth date" in caught.value.message("en")


@pytest.mark.parametrize("text", ["", "HELLO", TD3.splitlines()[0], TD3[:-3]])
def test_text_that_is_no_mrz_is_refused(text: str) -> None:
    with pytest.raises(DeskError, match="机读码"):
        parse_mrz(text, TODAY)


def test_mrz_lines_are_assembled_across_reads() -> None:
    assembler = MrzAssembler()
    raw = TD1.replace("\n", "\r").encode() + b"\r\r"
    assert assembler.feed(raw[:17]) == []
    assert assembler.feed(raw[17:]) == [TD1]


def test_serial_mrz_reader_over_a_pty(tmp_path: Path) -> None:
    emulator = MrzReaderEmulator(tmp_path / "ttyMRZ")
    documents: list[MrzRecord] = []
    statuses: list[DeviceStatus] = []
    reader = SerialMrzReader(emulator.path, documents.append, statuses.append)
    stop, thread = _running(reader.run)
    try:
        _until(lambda: bool(statuses))
        emulator.present(TD3.splitlines())
        _until(lambda: len(documents) == 1)
        bad = TD3.splitlines()
        emulator.present([bad[0], bad[1][:-1] + "0"])
        _until(lambda: statuses[-1].state is DeviceState.ERROR)
        emulator.present(TD2.splitlines())
        _until(lambda: len(documents) == 2)
    finally:
        stop.set()
        thread.join(3)
        emulator.close()
    assert [d.format for d in documents] == ["TD3", "TD2"]
    assert "校验位" in statuses[-2].message("zh") or any("校验位" in s.message("zh") for s in statuses)


def test_an_expiry_in_the_last_century_is_read_in_the_last_century() -> None:
    """ICAO's specimen expiring 940623 expired in 1994; it is not a document valid until 2094."""
    lines = TD3.splitlines()
    specimen = lines[1][:21] + "9406236" + lines[1][28:]
    body = specimen[0:10] + specimen[13:20] + specimen[21:43]
    final = str(sum(_MRZ_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(body)) % 10)
    record = parse_mrz(lines[0] + "\n" + specimen[:43] + final, TODAY)
    assert record.expiry_date == date(1994, 6, 23)
    assert parse_mrz(TD3, TODAY).expiry_date == date(2032, 4, 15)


_MRZ_VALUES = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}


def test_a_letter_o_in_a_digit_field_names_that_field() -> None:
    lines = TD3.splitlines()
    damaged = lines[1].replace("740812", "74O812")
    with pytest.raises(DeskError) as caught:
        parse_mrz(lines[0] + "\n" + damaged, TODAY)
    assert caught.value.code == "device.mrz_check_digit"
    assert "出生日期" in caught.value.message("zh") and "总校验位" not in caught.value.message("zh")
    assert "birth date" in caught.value.message("en")


@pytest.mark.parametrize(
    "text",
    [
        "CSC123456784<2203155<8011225<6",  # 往来港澳通行证 (one line of 30)
        "CRCHNH12345678<<<<<<<<<<<<<<<<\n8001015M3001012CHN<<<<<<<<<<<6\nZHANG<<SAN<<<<<<<<<<<<<<<<<<<<",
    ],
)
def test_a_mainland_exit_entry_permit_asks_for_the_details_to_be_typed(text: str) -> None:
    with pytest.raises(DeskError) as caught:
        parse_mrz(text, TODAY)
    assert caught.value.code == "device.mrz_mainland_permit"
    assert "手工输入" in caught.value.message("zh") and "type" in caught.value.message("en")


def test_an_aim_identifier_where_configured_must_open_the_burst_and_is_stripped() -> None:
    detector = WedgeDetector(aim=True)
    scans = [a for a in _feed(detector, "]C0FSLIB0001\r", gap=0.004) if isinstance(a, Scan)]
    assert scans == [Scan("FSLIB0001")]
    assert not any(isinstance(a, Scan) for a in _feed(detector, "FSLIB0001\r", gap=0.004))


def test_a_burst_longer_than_any_code_is_typing() -> None:
    actions = _feed(WedgeDetector(max_length=20), "A" * 30 + "\r", gap=0.004)
    assert not any(isinstance(a, Scan) for a in actions)
    assert "".join(a.keys for a in actions if isinstance(a, Replay)) == "A" * 30 + "\r"


def test_fast_typing_handled_late_by_a_busy_desk_is_still_typing(qtbot) -> None:  # type: ignore[no-untyped-def]
    """40 ms a key is a person, even when the keys reach the filter all at once: their own timestamps count."""
    from PyQt6.QtCore import QEvent, Qt
    from PyQt6.QtGui import QKeyEvent
    from PyQt6.QtWidgets import QApplication, QLineEdit

    from desk_app.ui.devices_bridge import WedgeScanFilter

    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)

    class StampedKey(QKeyEvent):
        """A key event with the window system's timestamp (PyQt6 has no setTimestamp)."""

        def __init__(self, kind: QEvent.Type, char: str, stamp: int) -> None:
            key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
            super().__init__(kind, key, Qt.KeyboardModifier.NoModifier, char)
            self.stamp = stamp

        def timestamp(self) -> int:
            return self.stamp

    wedge = WedgeScanFilter()
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(wedge)
    try:
        stamp = 5_000_000
        for char in "13800138000\r":  # all handled at once, as a busy desk would
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, StampedKey(kind, char, stamp))
            stamp += 40
        qtbot.wait(100)
        assert edit.text() == "13800138000" and scans == []
        # The same way, keys 5 ms apart by their timestamps are a scanner's burst.
        edit.clear()
        for char in "FSLIB0001\r":
            QApplication.sendEvent(edit, StampedKey(QEvent.Type.KeyPress, char, stamp))
            stamp += 5
        assert scans == ["FSLIB0001"] and edit.text() == ""
    finally:
        app.removeEventFilter(wedge)
