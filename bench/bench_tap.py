"""From an ID card tap to a filled registration form on the desk's screen, without the reader's own time: the
clock starts when the (emulated) reader has written the last byte of its answer, and stops when the window
has looked the person up (not known yet) and shown the new-card form filled from the chip.

    .venv/bin/python bench/bench_tap.py [--taps 30] [--json build/bench/tap.json]

The floor is the same look-up called directly (no device, no Qt).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PyQt6.QtWidgets import QApplication

from desk_app.bootstrap import open_desk
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.counter_desk import CounterDesk
from desk_app.demo.demo_data import make_demo_data
from desk_app.demo.keyring_backend import use_file_keyring
from desk_app.demo.people import PeopleFactory
from desk_app.ui.devices_bridge import DeviceBridge
from desk_app.ui.main_window import MainWindow
from devices.emulators.id_reader import IdReaderEmulator
from devices.idcard.reader import SerialIdReader
from devices.idcard.tap import TapWatcher
from devices.idcard.text_block import CardKind, IdCardRecord


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--readers", type=int, default=300, help="demo readers (argon2 makes each cost ~0.1 s)")
    parser.add_argument("--json", type=Path, default=Path("build/bench/tap.json"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        desk = open_desk(Path(tmp) / "desk.sqlite", "foshan")
        make_demo_data(desk.uow_factory(), desk.profile, readers=args.readers)
        people = PeopleFactory("foshan", seed=12345)
        strangers = [people.person(20 + i, date(2026, 11, 22)) for i in range(10)]
        cards = [
            IdCardRecord(CardKind.RESIDENT_ID, p.name, "男", p.birth_date, p.citizen_number, "公安局", date(2020, 1, 1),
                         None, "汉")
            for p in strangers
        ]  # fmt: skip
        with desk.uow() as uow:
            staff = add_staff(uow, "bench-tap", "基准", "FSLIB", "counter")
        counter = CounterDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D1")))
        directory = desk.directory()
        window = MainWindow(directory, "基准", "总馆", str(desk.path), counter=counter)
        window.show()
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        emulator = IdReaderEmulator(cards)
        watcher = TapWatcher(SerialIdReader(emulator.path), bridge.id_card.emit, poll_interval=0.01, repeat_guard=0.0)
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        thread.start()
        shown: list[float] = []

        def on_form(dialog: object) -> None:
            shown.append(time.perf_counter())
            dialog.reject()  # type: ignore[attr-defined]

        window.registration_opened.connect(on_form)
        samples = []
        for i in range(args.taps):
            emulator.lift()
            time.sleep(0.05)
            before = len(shown)
            emulator.tap(i % len(cards))
            deadline = time.perf_counter() + 5
            while len(shown) == before and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.001)
            if len(shown) > before:
                samples.append((shown[-1] - emulator.last_answer_at) * 1000)
        stop.set()
        thread.join(3)
        emulator.close()
        window.operations.wait()
        floor = []
        for person in strangers:
            begun = time.perf_counter()
            directory.search(person.citizen_number, 50)
            floor.append((time.perf_counter() - begun) * 1000)
        desk.close()
    value, base = statistics.median(samples), statistics.median(floor)
    print(f"{'figure':<58} {'ms':>7} {'floor ms':>9} {'ratio':>6}")
    label = "ID tap (last byte) -> registration form filled, median (ms)"
    print(f"{label:<58} {value:7.1f} {base:9.2f} {value / base:6.1f}")
    print(f"p95 {sorted(samples)[int(len(samples) * 0.95) - 1]:.1f} ms over {len(samples)} taps")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"tap_ms": value, "search_ms": base, "taps": len(samples)}))


if __name__ == "__main__":
    main()
