"""The ID reader driver against the emulator over a real pseudo-terminal, faults included."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_app.core.errors import DeskError
from devices.emulators.id_reader import IdReaderEmulator, load_cards
from devices.idcard.reader import SerialIdReader, wait_for_card
from devices.idcard.tap import TapWatcher
from devices.idcard.text_block import IdCardRecord
from devices.manager import SAMPLE_CARDS
from devices.status import DeviceState, DeviceStatus

CARDS = load_cards(SAMPLE_CARDS)


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[IdReaderEmulator]:
    emu = IdReaderEmulator(CARDS, link=tmp_path / "ttyID0")
    yield emu
    emu.close()


@pytest.fixture
def reader(emulator: IdReaderEmulator) -> Iterator[SerialIdReader]:
    driver = SerialIdReader(emulator.path, answer_timeout=0.5)
    yield driver
    driver.close()


@pytest.mark.parametrize("index", range(len(CARDS)))
def test_every_card_kind_arrives_field_by_field(emulator: IdReaderEmulator, reader: SerialIdReader, index: int) -> None:
    expected = emulator.tap(index)
    record = reader.read_once()
    assert record is not None
    assert record.to_json() == expected.to_json() | {"photo_bytes": 1024}
    assert len(record.photo_wlt) == 1024


def test_fingerprint_command_returns_the_third_block(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    emulator.cards = [IdCardRecord(**{**CARDS[0].__dict__, "fingerprint": b"F" * 1024})]
    emulator.tap(0)
    record = reader.read_once(fingerprint=True)
    assert record is not None
    assert record.fingerprint == b"F" * 1024


def test_no_card_reads_as_none(reader: SerialIdReader) -> None:
    assert reader.read_once() is None
    reader.sam_status()


@pytest.mark.parametrize(
    ("fault", "message"),
    [("corrupt_next", "校验错误"), ("truncate_next", "不完整")],
)
def test_a_damaged_answer_is_an_error_and_the_next_card_reads(
    emulator: IdReaderEmulator, reader: SerialIdReader, fault: str, message: str
) -> None:
    emulator.tap(0)
    setattr(emulator, fault, 1)
    with pytest.raises(DeskError, match=message):
        reader.read_once()
    record = reader.read_once()
    assert record is not None
    assert record.name == CARDS[0].name


def test_garbage_between_frames_does_not_matter(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    emulator.garbage = b"\x00\xaa\x55 line noise \xaa\xaa\xaa"
    emulator.tap(1)
    record = reader.read_once()
    assert record is not None
    assert record.id_number == CARDS[1].id_number


def test_a_slow_reader_is_waited_for(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    emulator.delay = 0.1
    emulator.tap(2)
    record = reader.read_once()
    assert record is not None
    assert record.id_number == CARDS[2].id_number


def test_a_reader_that_stops_answering_says_so_and_recovers(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    emulator.silent = True
    with pytest.raises(DeskError, match="没有应答"):
        reader.read_once()
    emulator.silent = False
    emulator.tap(0)
    assert reader.read_once() is not None


def test_unplugging_and_plugging_back_on_the_same_path(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    emulator.tap(0)
    assert reader.read_once() is not None
    emulator.unplug()
    with pytest.raises(DeskError) as caught:
        reader.read_once()
    assert caught.value.code in ("device.disconnected", "device.not_answering")
    with pytest.raises(DeskError) as gone:
        reader.read_once()
    assert gone.value.code in ("device.port_unavailable", "device.disconnected")
    emulator.plug()
    emulator.tap(3)
    record = reader.read_once()
    assert record is not None
    assert record.id_number == CARDS[3].id_number


def test_one_tap_gives_one_event(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    cards: list[IdCardRecord] = []
    statuses: list[DeviceStatus] = []
    watcher = TapWatcher(reader, cards.append, statuses.append, poll_interval=0.01, repeat_guard=0.0)
    for _ in range(3):
        watcher.poll_once()
    emulator.tap(0)
    for _ in range(10):  # the card lies there for ten polls
        watcher.poll_once()
    assert [c.id_number for c in cards] == [CARDS[0].id_number]
    emulator.lift()
    for _ in range(3):
        watcher.poll_once()
    emulator.tap(0)  # the same card again, after it was lifted: a new tap
    watcher.poll_once()
    emulator.tap(1)
    watcher.poll_once()
    assert len(cards) == 2
    assert {s.state for s in statuses} >= {DeviceState.CONNECTED, DeviceState.CARD_PRESENT}


def test_the_watcher_reports_a_lost_port_and_comes_back(emulator: IdReaderEmulator, reader: SerialIdReader) -> None:
    cards: list[IdCardRecord] = []
    statuses: list[DeviceStatus] = []
    watcher = TapWatcher(reader, cards.append, statuses.append, poll_interval=0.02)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        emulator.unplug()
        _until(lambda: any(s.state is DeviceState.DISCONNECTED for s in statuses))
        emulator.plug()
        emulator.tap(4)
        _until(lambda: bool(cards), timeout=5)
    finally:
        stop.set()
        thread.join(5)
    assert cards[0].id_number == CARDS[4].id_number
    assert statuses[-1].state is DeviceState.CARD_PRESENT


def test_wait_for_card_times_out_with_a_message(reader: SerialIdReader) -> None:
    with pytest.raises(DeskError, match=r"0\.3 秒内没有读到证件"):
        wait_for_card(reader, 0.3, poll=0.05)


def _until(condition, timeout: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def _carddesk(*args: str, stdin: str | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desk_app", *args], capture_output=True, text=True, timeout=timeout, input=stdin
    )


def test_cli_emulator_and_read_id_json(tmp_path: Path) -> None:
    link = tmp_path / "ttyUSB0"
    with subprocess.Popen(
        [sys.executable, "-m", "desk_app", "device", "emulate", "id-reader", "--link", str(link)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as emu:
        _drive_cli_emulator(emu, link)


def _drive_cli_emulator(emu: subprocess.Popen[str], link: Path) -> None:
    try:
        assert emu.stdout is not None and emu.stdin is not None
        assert emu.stdout.readline().strip() == str(link)
        done = _carddesk("device", "read-id", "--port", str(link), "--json", "--timeout", "5")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert data["document_type"] == "resident_id"
        assert set(data) >= {
            "document_type", "name", "gender", "ethnicity", "birth_date", "address", "id_number",
            "issuer", "valid_from", "valid_until",
        }  # fmt: skip
        emu.stdin.write("tap 3\n")
        emu.stdin.flush()
        assert "tapped" in emu.stdout.readline()
        foreign = json.loads(_carddesk("device", "read-id", "--port", str(link), "--json").stdout)
        assert (foreign["document_type"], foreign["nationality"], foreign["name_en"]) == (
            "foreign_permanent_resident",
            "CAN",
            "MARTIN, SARAH",
        )
        emu.stdin.write("lift\n")
        emu.stdin.flush()
        time.sleep(0.2)
        timeout = _carddesk("device", "read-id", "--port", str(link), "--json", "--timeout", "0.5")
        assert timeout.returncode != 0
        assert "没有读到证件" in timeout.stderr
        assert timeout.stdout == ""
    finally:
        if emu.stdin:
            emu.stdin.write("quit\n")
            emu.stdin.close()
        emu.wait(5)


def test_cli_read_id_on_a_missing_port_fails_clearly(tmp_path: Path) -> None:
    done = _carddesk("--lang", "en", "device", "read-id", "--port", str(tmp_path / "nothing"), "--timeout", "1")
    assert done.returncode != 0
    assert "Cannot open the device port" in done.stderr
