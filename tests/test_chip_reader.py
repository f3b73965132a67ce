"""PC/SC through a real pcscd, the vpcd driver and the project's virtual card."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from desk_app.core.errors import DeskError
from devices.chip_reader import ChipWatcher, read_uid
from devices.emulators.virtual_chip_card import VirtualChipCard
from devices.status import DeviceState, DeviceStatus
from tests.pcsc_daemon import PcscDaemon

READER = "Virtual PCD 00 00"


def _wait_empty() -> None:
    """vpcd notices a closed socket on its next poll: wait until the reader is empty again."""
    deadline = time.monotonic() + 5
    while True:
        try:
            read_uid(READER)
        except DeskError as err:
            if err.code == "device.pcsc_no_card":
                return
        assert time.monotonic() < deadline, "the virtual card did not go away"
        time.sleep(0.05)


@pytest.fixture
def card(pcscd: PcscDaemon) -> Iterator[VirtualChipCard]:
    _wait_empty()
    chip = VirtualChipCard(bytes.fromhex("04A1B2C3D4E5F6"))
    yield chip
    chip.remove()
    _wait_empty()


def _until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def _read_when_ready() -> tuple[str, str]:
    deadline = time.monotonic() + 5
    while True:
        try:
            return read_uid(READER)
        except DeskError as err:
            # Just inserted: vpcd may not have powered the card up yet.
            if err.code not in ("device.pcsc_no_card", "device.pcsc_card_error") or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_get_data_reads_the_uid(card: VirtualChipCard) -> None:
    card.insert()
    assert _read_when_ready() == (READER, "04A1B2C3D4E5F6")
    assert card.apdus[-1] == bytes.fromhex("FFCA000000")


def test_no_card_and_a_refusing_card_give_clear_messages(card: VirtualChipCard) -> None:
    with pytest.raises(DeskError, match="读卡器上没有卡片"):
        read_uid(READER)
    card.status_word = b"\x6a\x81"
    card.insert()
    with pytest.raises(DeskError) as caught:
        _read_when_ready()
    assert caught.value.code == "device.pcsc_status"
    assert "6A 81" in caught.value.message("en")


def test_an_unknown_reader_is_named(pcscd: PcscDaemon) -> None:
    with pytest.raises(DeskError, match="没有找到读卡器：Counter reader 9"):
        read_uid("Counter reader 9")


def test_the_watcher_sees_cards_come_and_go_and_survives_a_service_restart(
    pcscd: PcscDaemon, card: VirtualChipCard
) -> None:
    events: list[str] = []
    statuses: list[DeviceStatus] = []
    watcher = ChipWatcher(events.append, lambda: events.append("removed"), statuses.append, reader=READER)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _until(lambda: bool(statuses) and statuses[-1].state is DeviceState.CONNECTED)
        card.insert()
        _until(lambda: events == ["04A1B2C3D4E5F6"])
        card.remove()
        _until(lambda: events[-1] == "removed")
        pcscd.restart()  # as if the reader was unplugged and the service came back
        _until(lambda: any(s.state is DeviceState.DISCONNECTED for s in statuses))
        _until(lambda: statuses[-1].state is DeviceState.CONNECTED, timeout=10)
        card.uid = bytes.fromhex("04112233445566")
        card.insert()
        _until(lambda: events[-1] == "04112233445566")
    finally:
        stop.set()
        thread.join(5)
    assert events == ["04A1B2C3D4E5F6", "removed", "04112233445566"]


def test_cli_read_uid_json(card: VirtualChipCard) -> None:
    card.insert()
    _read_when_ready()
    done = subprocess.run(
        [sys.executable, "-m", "desk_app", "device", "read-uid", "--reader", READER, "--json"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert '"uid": "04A1B2C3D4E5F6"' in done.stdout
