"""The "一卡通" path on screen: a passport read on the MRZ reader fills the form, a card from card stock is
scanned and its chip tapped (routed to the open form), the photo loaded from a file, and the registration
form printed with the photo and the reminder to change the default password."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from desk_app.bootstrap import open_desk
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.counter_desk import CounterDesk
from desk_app.demo.paper_samples import png
from desk_app.ui.devices_bridge import DeviceBridge
from desk_app.ui.main_window import MainWindow
from devices.emulators.serial_text import MrzReaderEmulator, ScannerEmulator
from devices.manager import DeviceConfig, DeviceManager
from tests.printing_fixtures import pdf_text
from tests.test_scanners import TD3


def test_a_passport_holder_gets_a_yikatong_card_with_photo_and_chip(qtbot: Any, tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "counter-fslib", "柜台", "FSLIB", "counter")
        counter = CounterDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D1")))
        window = MainWindow(desk.directory(), "佛山", "FSLIB · D1", str(desk.path), counter=counter)
        qtbot.addWidget(window)
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        window.show()
        # The MRZ reader and the barcode scanner are serial devices: their emulators on real pseudo-terminals.
        mrz_reader, scanner = MrzReaderEmulator(tmp_path / "ttyMRZ"), ScannerEmulator(tmp_path / "ttySCAN")
        config = DeviceConfig(mrz_port=mrz_reader.path, scanner_port=scanner.path, emulate="never", use_pcsc=False)
        manager = DeviceManager(config, bridge.events())
        manager.start()
        dialog = window.open_other_documents()
        assert dialog is not None and dialog.isVisible()
        dialog.card_type.setCurrentIndex(0)  # the ID-card type, as a clerk may leave it
        assert dialog.card_type.currentData() != "yikatong"
        time.sleep(0.3)  # the devices open their ports
        broken = TD3.splitlines()
        broken[1] = broken[1][:9] + ("0" if broken[1][9] != "0" else "1") + broken[1][10:]  # the number's check digit
        mrz_reader.present(broken)
        qtbot.waitUntil(lambda: "校验" in dialog.result_label.text(), timeout=10000)  # said in the form itself
        assert dialog.number.text() == ""
        mrz_reader.present(TD3.splitlines())  # the passport on the MRZ reader
        qtbot.waitUntil(lambda: dialog.number.text() == "L898902C3", timeout=10000)
        assert dialog.doc_type.currentData() == "passport"
        assert dialog.card_type.currentData() == "yikatong"  # the card type followed the document (#27.8)
        assert dialog.nationality.text() == "UTO" and dialog.valid_until.text()
        scanner.scan("FS5550001")  # the new card's barcode from card stock
        qtbot.waitUntil(lambda: dialog.barcode.text() == "FS5550001", timeout=10000)
        bridge.chip.emit("04A1B2C3D4E5F6")  # its chip (the PC/SC path is tested with pcscd in test_chip_reader)
        assert dialog.barcode.text() == "FS5550001" and dialog.chip.text() == "04A1B2C3D4E5F6"
        assert window.search_edit.text() == ""  # the scan went to the form, not to the search
        dialog.set_photo(b"not an image")
        assert dialog.photo is None and "图片" in dialog.result_label.text()
        dialog.set_photo(png("#7799aa"))
        dialog.phone.setText("13900002222")
        with qtbot.waitSignal(dialog.finished_step, timeout=20000) as done:
            dialog.issue_button.click()
        result = done.args[1]
        assert not isinstance(result, Exception), dialog.result_label.text()
        assert result.issued.card_number == "FS5550001" and "修改初始密码" in dialog.result_label.text()
        with desk.uow() as uow:
            card = uow.cards.where(number="FS5550001")[0]
            photos = uow.attachments.where(owner="reader", owner_id=str(card.reader_id), kind="photo")
        assert card.chip_uid == "04A1B2C3D4E5F6" and card.card_type_code == "yikatong" and len(photos) == 1
        assert "L898902C3" in pdf_text(Path(result.registration_pdf))
        images = subprocess.run(["pdfimages", "-list", result.registration_pdf], capture_output=True, text=True)
        assert len(images.stdout.strip().splitlines()) >= 3  # header lines and the photo
        dialog.operations.wait()
        window.operations.wait()
        manager.stop()
        mrz_reader.close()
        scanner.close()
    finally:
        desk.close()
