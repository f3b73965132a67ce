"""#23's soak: ten minutes of simulated counter time while taps keep coming, every device failing the way devices
do — the serial reader unplugged and plugged back, answering garbage, two cards, cards lifted mid-read; the SDK
reader's library failing at random (port busy, SAM fault, unplugged, sticky finds); the PC/SC service restarted.
Every tap after recovery is read exactly once, and every failure was said."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from devices.emulators.id_reader import IdReaderEmulator
from devices.emulators.sdk_standin import StandInReader, build
from devices.idcard.reader import SerialIdReader
from devices.idcard.sdk_readers import SdtapiReader, TermbReader
from devices.idcard.text_block import CardKind, IdCardRecord
from devices.status import DeviceState, DeviceStatus
from tests.simulated_taps import SimulatedTaps

POLL = 0.25  # seconds of counter time per poll, as the desk polls
SIMULATED = 600.0  # ten minutes


def _cards(count: int) -> list[IdCardRecord]:
    from stdnum.cn import ric

    cards = []
    for n in range(count):
        body = f"11010119{70 + n % 30:02d}0{1 + n % 9}{10 + n % 18:02d}{n % 1000:03d}"
        cards.append(IdCardRecord(CardKind.RESIDENT_ID, f"测试{n}", "女", date(1970 + n % 30, 1 + n % 9, 10 + n % 18),
                                  body + ric.calc_check_digit(body), "北京市公安局", date(2020, 1, 1), None, "汉",
                                  "北京市东城区某路1号"))  # fmt: skip
    return cards


Lay = Callable[[IdCardRecord], None]


def _soak(
    counter: SimulatedTaps, lay: Lay, lift: Callable[[], None], break_it: Callable[[str | None], None],
    faults: tuple[str, ...], seed: int,
) -> tuple[int, set[str]]:  # fmt: skip
    """Rounds of: lay a new card while something is broken, mend it, expect that card read once, lift."""
    rng = random.Random(seed)
    cards = iter(_cards(2000))
    rounds, seen_failures = 0, set()
    while counter.now < SIMULATED:
        fault = rng.choice((None, *faults))
        card = next(cards)
        before = len(counter.read)
        break_it(fault)
        lay(card)
        counter.polls(rng.randint(1, 4))
        failed = [s for s in counter.said[-8:] if s.state in (DeviceState.ERROR, DeviceState.DISCONNECTED)]
        seen_failures |= {s.error.code for s in failed if s.error is not None}
        break_it(None)  # mended, plugged back, the service up again
        if fault in ("lift_mid_read", "lift_during_read"):
            lay(card)  # the card came off during the read: the clerk lays it again
        counter.polls(8)
        assert counter.read[before:] == [card.id_number], (rounds, fault, counter.read[before:])
        lift()
        counter.polls(3)
        rounds += 1
    return rounds, seen_failures


@pytest.mark.parametrize("family", ["sdtapi", "termb"])
def test_an_sdk_reader_failing_at_random_for_ten_minutes_reads_every_tap_once(
    standin: StandInReader, family: str
) -> None:
    libraries = build()
    reader = SdtapiReader(str(libraries["sdtapi"])) if family == "sdtapi" else TermbReader(str(libraries["termb"]))
    counter = SimulatedTaps(reader, POLL)
    faults = ("unplugged", "busy", "sam", "lift_mid_read", "two_cards", "sticky")
    rounds, failures = _soak(counter, standin.lay, standin.lift, standin.fault, faults, seed=23)
    reader.close()
    assert rounds > 100 and counter.now >= SIMULATED
    assert {"device.disconnected", "device.select_failed", "device.reader_status"} <= failures, failures


def test_the_serial_reader_unplugged_and_misbehaving_for_ten_minutes_reads_every_tap_once(tmp_path: Path) -> None:
    cards = _cards(2000)
    emulator = IdReaderEmulator(cards, tmp_path / "ttySOAK")
    reader = SerialIdReader(emulator.path, answer_timeout=0.2)
    counter = SimulatedTaps(reader, POLL)
    index = {card.id_number: n for n, card in enumerate(cards)}

    def lay(card: IdCardRecord) -> None:
        emulator.tap(index[card.id_number])

    def break_it(fault: str | None) -> None:
        for flag in ("two_cards", "lift_during_read", "sticky", "foreign_frames"):
            setattr(emulator, flag, flag == fault)
        if fault == "unplugged":
            emulator.unplug()
        elif fault is None and not emulator.port.plugged:
            emulator.plug()
        if fault == "half_frame":
            emulator.truncate_next = 1
        if fault == "corrupt":
            emulator.corrupt_next = 1

    faults = ("unplugged", "two_cards", "lift_during_read", "sticky", "foreign_frames", "half_frame", "corrupt")
    try:
        rounds, failures = _soak(counter, lay, emulator.lift, break_it, faults, seed=467)
    finally:
        reader.close()
        emulator.close()
    assert rounds > 100
    assert {"device.disconnected", "device.select_failed", "device.foreign_frames"} <= failures, failures


def test_the_chip_reader_reads_each_card_once_across_pcsc_service_restarts() -> None:
    from devices.chip_reader import ChipWatcher
    from devices.emulators.virtual_chip_card import VirtualChipCard
    from tests.pcsc_daemon import PcscDaemon

    daemon = PcscDaemon()
    daemon.start()
    seen: list[str] = []
    said: list[DeviceStatus] = []
    watcher = ChipWatcher(seen.append, lambda: None, said.append, reader="Virtual PCD 00 00", reconnect_pause=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        for n in range(3):
            uid = bytes([0x04, 0x50, n, 0x11, 0x22, 0x33, 0x44])
            card = VirtualChipCard(uid)
            card.insert()
            deadline = time.monotonic() + 10
            while uid.hex().upper() not in seen:
                assert time.monotonic() < deadline, (n, seen, said[-3:])
                time.sleep(0.05)
            card.remove()
            daemon.restart()  # the PC/SC service restarted under the desk
        assert seen == [bytes([0x04, 0x50, n, 0x11, 0x22, 0x33, 0x44]).hex().upper() for n in range(3)]
    finally:
        stop.set()
        thread.join(5)
        daemon.finish()
    assert any(s.state is DeviceState.DISCONNECTED for s in said)  # each restart was said, then recovered
