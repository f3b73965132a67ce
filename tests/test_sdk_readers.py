"""#23: USB ID readers behind their vendors' SDKs (sdtapi, termb) and the WLT photo decoder, through ctypes against
stand-in shared libraries the suite compiles with gcc (same exported functions, argument shapes, return codes),
backed by the serial emulator's synthetic cards."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desk_app.core.errors import DeskError
from desk_app.demo.people import PeopleFactory
from devices.emulators.id_reader import IdReaderEmulator
from devices.emulators.sdk_standin import StandInReader, build
from devices.idcard.sdk_readers import SdtapiReader, TermbReader, WltDecoder, installed_libraries, probe
from devices.idcard.tap import TapWatcher
from devices.idcard.text_block import CardKind, IdCardRecord
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def libraries() -> dict[str, Path]:
    return build()


def _card(seed: int = 3131) -> IdCardRecord:
    person = PeopleFactory("foshan", seed=seed).person(44, TODAY)
    valid = (date(2019, 6, 1), date(2039, 6, 1))
    return IdCardRecord(CardKind.RESIDENT_ID, person.name, "女", person.birth_date, person.citizen_number,
                        "佛山市公安局禅城分局", *valid, "汉", "佛山市禅城区演示路 23 号")  # fmt: skip


def _read_id(*args: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "desk_app", "device", "read-id", "--json", "--timeout", "5", *args],
                          capture_output=True, text=True, timeout=60, env=os.environ | env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_every_backend_prints_the_same_object_for_the_same_card(
    libraries: dict[str, Path], standin: StandInReader, tmp_path: Path
) -> None:
    card = _card()
    standin.lay(card)
    serial = IdReaderEmulator([card], tmp_path / "ttyID")
    serial.tap(0)
    try:
        wlt = ["--wlt-library", str(libraries["wlt"])]
        sdtapi = ["--backend", "sdtapi", "--library", str(libraries["sdtapi"]), "--port", "1001", *wlt]
        termb = ["--backend", "termb", "--library", str(libraries["termb"]), "--port", "1001"]
        through = {
            "serial": _read_id("--backend", "serial", "--port", serial.path, *wlt, env=standin.env),
            "sdtapi": _read_id(*sdtapi, env=standin.env),
            "termb": _read_id(*termb, env=standin.env),
        }
        plain = _read_id("--backend", "sdtapi", "--library", str(libraries["sdtapi"]), env=standin.env)
    finally:
        serial.close()
    assert through["serial"] == through["sdtapi"] == through["termb"], through
    assert through["termb"]["id_number"] == card.id_number and through["termb"]["ethnicity"] == "汉"
    assert through["termb"]["photo_format"] == "bmp" and through["termb"]["photo_bytes"] == 38862
    # Without the decoder the sdtapi reader gives the chip's WLT photo, as the serial reader does.
    assert plain["photo_format"] == "wlt" and plain["photo_bytes"] == 1024
    assert {k: v for k, v in plain.items() if not k.startswith("photo")} == {
        k: v for k, v in through["sdtapi"].items() if not k.startswith("photo")
    }
    calls = [line.split()[0] for line in standin.calls()]
    for expected in ("SDT_OpenPort", "SDT_StartFindIDCard", "SDT_SelectIDCard", "SDT_ReadBaseMsg", "unpack",
                     "CVR_InitComm", "CVR_Authenticate", "CVR_Read_Content"):  # fmt: skip
        assert expected in calls, calls


def test_the_decoded_photo_is_a_picture(libraries: dict[str, Path], standin: StandInReader) -> None:
    from PIL import Image

    standin.lay(_card())
    sdt = SdtapiReader(str(libraries["sdtapi"]), 1001, WltDecoder(str(libraries["wlt"])))
    termb = TermbReader(str(libraries["termb"]))
    try:
        by_sdt, by_termb = sdt.read_once(), termb.read_once()
    finally:
        sdt.close()
        termb.close()
    assert by_sdt is not None and by_termb is not None and by_sdt.photo_bmp == by_termb.photo_bmp
    with Image.open(io.BytesIO(by_sdt.photo_bmp)) as picture:
        assert picture.size == (102, 126)


@pytest.mark.parametrize("family", ["sdtapi", "termb"])
def test_each_failure_is_said_once_and_the_next_tap_reads(
    libraries: dict[str, Path], standin: StandInReader, family: str
) -> None:
    sdk: SdtapiReader | TermbReader = (
        SdtapiReader(str(libraries["sdtapi"])) if family == "sdtapi" else TermbReader(str(libraries["termb"]))
    )
    card = _card(4242)
    try:
        standin.fault("busy")  # another program holds the reader
        with pytest.raises(DeskError) as busy:
            sdk.read_once()
        assert busy.value.code == "device.port_unavailable"
        standin.fault(None)
        assert sdk.read_once() is None  # free again, nothing on it
        standin.lay(card)
        standin.fault("lift_mid_read")  # lifted while it was being read
        with pytest.raises(DeskError) as lifted:
            sdk.read_once()
        assert lifted.value.code == "device.reader_status"
        standin.fault("unplugged")
        with pytest.raises(DeskError) as unplugged:
            sdk.read_once()
        assert unplugged.value.code == "device.disconnected"
        standin.fault(None)  # plugged back: the port is opened again at the next call
        standin.lay(card)
        found = sdk.read_once()
        assert found is not None and found.id_number == card.id_number
        standin.lay(card)
        standin.fault("two_cards")  # two cards overlapping on the reader
        with pytest.raises(DeskError) as two:
            sdk.read_once()
        assert two.value.code == "device.select_failed"
        standin.fault(None)
        if family == "sdtapi":
            standin.fault("sam")
            with pytest.raises(DeskError) as sam:
                sdk.read_once()
            assert sam.value.code == "device.reader_status" and "SAM" in sam.value.message("en").upper()
            standin.fault(None)
    finally:
        sdk.close()


def test_a_reader_that_stops_finding_a_card_it_has_read_gives_one_reading_per_tap(
    libraries: dict[str, Path], standin: StandInReader
) -> None:
    """Many readers answer "no card" after a read until the card is lifted and laid again: one tap, one reading."""
    read: list[str] = []
    now = [0.0]
    watcher = TapWatcher(SdtapiReader(str(libraries["sdtapi"])), lambda r: read.append(r.id_number),
                         clock=lambda: now[0])  # fmt: skip
    standin.fault("sticky")
    card = _card(5151)
    standin.lay(card)
    for _ in range(6):
        watcher.poll_once()
    assert read == [card.id_number]
    standin.lift()
    for _ in range(3):
        watcher.poll_once()
    now[0] += 5  # the clerk hands it back and the reader lays it again a few seconds later
    standin.lay(card)
    for _ in range(3):
        watcher.poll_once()
    assert read == [card.id_number, card.id_number]  # laid again: read again
    watcher.reader.close()


def test_the_wrong_or_a_missing_library_is_said_plainly(libraries: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(DeskError) as wrong:
        SdtapiReader(str(libraries["termb"]))
    assert wrong.value.code == "device.sdk_not_this_family" and "SDT_OpenPort" in wrong.value.message("en")
    with pytest.raises(DeskError) as missing:
        TermbReader(str(tmp_path / "termb.dll"))
    assert missing.value.code == "device.sdk_missing"


def test_the_set_up_finds_the_installed_libraries_and_the_port_that_answers(
    libraries: dict[str, Path], standin: StandInReader, tmp_path: Path
) -> None:
    folder = tmp_path / "vendor"
    folder.mkdir()
    for path in libraries.values():
        (folder / path.name).write_bytes(path.read_bytes())
    found = installed_libraries([str(folder)])
    assert found["sdtapi"] == [str(folder / "libsdtapi.so")] and found["termb"] == [str(folder / "libtermb.so")]
    assert found["wlt"] == [str(folder / "libwlt.so")]
    assert probe("sdtapi", found["sdtapi"][0]) == 1001 and probe("termb", found["termb"][0]) == 1001
    standin.fault("unplugged")
    assert probe("sdtapi", found["sdtapi"][0]) is None


def test_the_decoded_photo_is_kept_as_the_readers_photo_at_issue(
    libraries: dict[str, Path], standin: StandInReader, tmp_path: Path
) -> None:
    from PIL import Image

    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.attachments import latest
    from desk_app.core.services.setup import add_staff
    from desk_app.counter_desk import CounterDesk

    standin.lay(_card(6161))
    sdk = SdtapiReader(str(libraries["sdtapi"]), 1001, WltDecoder(str(libraries["wlt"])))
    try:
        record = sdk.read_once()
    finally:
        sdk.close()
    assert record is not None and record.photo_bmp
    desk = open_desk(tmp_path / "photo.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-photo", "柜台", "FSLIB", "counter")
        counter = CounterDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D1")))
        issued = counter.issue_from_id_card(record, "19900006161", None)
        with desk.uow() as uow:
            photo = latest(uow, "reader", issued.reader_id, "photo")
    finally:
        desk.close()
    assert photo is not None
    with Image.open(io.BytesIO(photo)) as picture:
        assert picture.format == "PNG" and picture.size == (102, 126)


def test_the_set_up_offers_the_usb_readers_found_and_checks_the_chosen_one(
    qtbot: Any, libraries: dict[str, Path], standin: StandInReader
) -> None:
    from PyQt6.QtWidgets import QWidget

    from desk_app.ui.first_run import DevicesPage
    from desk_app.ui.operations import Operations

    holder = QWidget()
    qtbot.addWidget(holder)
    found = {"sdtapi": [str(libraries["sdtapi"])], "termb": [str(libraries["termb"])], "wlt": [str(libraries["wlt"])]}
    page = DevicesPage({}, ["/dev/ttyS0"], Operations(holder), "zh", [], found)
    qtbot.addWidget(page)
    assert page.id_backend.count() == 3 and page.reader_settings()["id_reader_backend"] == "serial"
    page.id_backend.setCurrentIndex(page.id_backend.findData(f"sdtapi\n{libraries['sdtapi']}"))
    page.id_reader.setCurrentText("1001")
    page.wlt.setCurrentIndex(page.wlt.findData(str(libraries["wlt"])))
    assert page.check()() == "sdtapi:1001"  # the library loads and the reader on port 1001 answers
    assert page.reader_settings() == {"id_reader_backend": "sdtapi", "id_reader_library": str(libraries["sdtapi"]),
                                      "wlt_library": str(libraries["wlt"])}  # fmt: skip
    standin.fault("unplugged")
    with pytest.raises(DeskError) as unplugged:
        page.check()()
    assert unplugged.value.code == "device.port_unavailable"
