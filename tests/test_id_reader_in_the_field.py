"""#23.3/.4: what readers do in the field, on the serial reader (over a pty) and the SDK readers (stand-ins): a
card lifted mid-read, two cards on the reader, a device answering with frames that are not a reader's, half a
frame then silence, a reader that stops finding a card it has read. Each gives one clear status line, and the
next tap is read once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desk_app.demo.people import PeopleFactory
from devices.emulators.id_reader import IdReaderEmulator
from devices.idcard.reader import SerialIdReader
from devices.idcard.text_block import CardKind, IdCardRecord
from tests.conftest import TODAY
from tests.simulated_taps import SimulatedTaps


def _card(seed: int) -> IdCardRecord:
    person = PeopleFactory("foshan", seed=seed).person(37, TODAY)
    return IdCardRecord(CardKind.RESIDENT_ID, person.name, "男", person.birth_date, person.citizen_number,
                        "佛山市公安局", date(2020, 1, 1), None, "汉", "佛山市禅城区某路6号")  # fmt: skip


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[IdReaderEmulator]:
    made = IdReaderEmulator([_card(71), _card(72)], tmp_path / "ttyFIELD")
    yield made
    made.close()


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        ("lift_during_read", "device.reader_status"),
        ("two_cards", "device.select_failed"),
        ("foreign_frames", "device.foreign_frames"),
    ],
)
def test_each_field_fault_is_said_plainly_and_the_next_tap_reads_once(
    emulator: IdReaderEmulator, fault: str, code: str
) -> None:
    watch = SimulatedTaps(SerialIdReader(emulator.path, answer_timeout=0.4), step=1.0)
    setattr(emulator, fault, True)
    emulator.tap(0)
    watch.polls(2)
    assert watch.read == [] and set(watch.errors()) == {code}, watch.errors()
    message = next(s.error for s in watch.said if s.error is not None).message("zh")  # type: ignore[union-attr]
    assert message and "{" not in message
    setattr(emulator, fault, False)
    emulator.lift()
    watch.polls(3)
    emulator.tap(1)
    watch.polls(4)
    assert watch.read == [emulator.cards[1].id_number]  # the next tap, once
    watch.watcher.reader.close()


def test_half_a_frame_then_silence_is_said_and_the_next_tap_reads(emulator: IdReaderEmulator) -> None:
    watch = SimulatedTaps(SerialIdReader(emulator.path, answer_timeout=0.4), step=1.0)
    emulator.tap(0)
    emulator.truncate_next = 1
    emulator.silent = False
    watch.polls(1)
    assert watch.errors() == ["device.truncated"]
    watch.polls(3)
    assert watch.read == [emulator.cards[0].id_number]  # the card still lying there is read at the next poll
    watch.watcher.reader.close()


def test_a_reader_that_stops_finding_a_card_it_has_read_gives_one_reading_per_tap(
    emulator: IdReaderEmulator,
) -> None:
    emulator.sticky = True
    watch = SimulatedTaps(SerialIdReader(emulator.path, answer_timeout=0.4), step=1.0)
    emulator.tap(0)
    watch.polls(6)
    assert watch.read == [emulator.cards[0].id_number]
    emulator.lift()
    watch.polls(3)
    emulator.tap(0)  # the same card laid again a few seconds later: a new reading
    watch.polls(3)
    assert watch.read == [emulator.cards[0].id_number] * 2
    time.sleep(0.05)
    watch.watcher.reader.close()
