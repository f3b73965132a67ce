"""From an ID card tap to the person's record on the desk's screen, without the reader's own time: the clock
starts when the (emulated) reader has written the last byte of its answer, and stops when the window has
searched the local database for the card's number and shown the result.

    .venv/bin/python bench/bench_tap.py [--taps 30] [--json build/bench/tap.json]

The floor is the same search called directly (no device, no Qt). The registration form itself comes with
the desk screens; today a tap opens the reader's search result.
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
from desk_app.demo.demo_data import make_demo_data
from desk_app.ui.devices_bridge import DeviceBridge
from desk_app.ui.main_window import MainWindow
from devices.emulators.id_reader import IdReaderEmulator
from devices.idcard.reader import SerialIdReader
from devices.idcard.tap import TapWatcher
from devices.idcard.text_block import CardKind, IdCardRecord


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--json", type=Path, default=Path("build/bench/tap.json"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        desk = open_desk(Path(tmp) / "desk.sqlite", "foshan")
        make_demo_data(desk.uow_factory(), desk.profile, readers=args.readers)
        with desk.uow() as uow:
            documents = uow.documents.where(doc_type="resident_id")[:10]
            people = [(uow.readers.get(d.reader_id), d.number) for d in documents]
        cards = [
            IdCardRecord(
                CardKind.RESIDENT_ID,
                r.name,
                "男",
                r.birth_date,
                number,
                "公安局",
                date(2020, 1, 1),
                None,
                ethnicity="汉",
            )
            for r, number in people
            if r is not None
        ]
        directory = desk.directory()
        window = MainWindow(directory, "基准", "总馆", str(desk.path))
        window.show()
        bridge = DeviceBridge()
        window.attach_devices(bridge)
        emulator = IdReaderEmulator(cards)
        watcher = TapWatcher(SerialIdReader(emulator.path), bridge.id_card.emit, poll_interval=0.01, repeat_guard=0.0)
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        thread.start()
        shown: list[float] = []
        window.search_finished.connect(lambda _n: shown.append(time.perf_counter()))
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
        for _r, number in people:
            begun = time.perf_counter()
            directory.search(number, 50)
            floor.append((time.perf_counter() - begun) * 1000)
        desk.close()
    value, base = statistics.median(samples), statistics.median(floor)
    print(f"{'figure':<58} {'ms':>7} {'floor ms':>9} {'ratio':>6}")
    print(f"{'ID tap (last byte) -> reader shown, median (ms)':<58} {value:7.1f} {base:9.2f} {value / base:6.1f}")
    print(f"p95 {sorted(samples)[int(len(samples) * 0.95) - 1]:.1f} ms over {len(samples)} taps")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"tap_ms": value, "search_ms": base, "taps": len(samples)}))


if __name__ == "__main__":
    main()
