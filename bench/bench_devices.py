"""Device figures: from the last byte of an ID reader's answer to a parsed record, and from a wedge
scanner's last key to the scan event.

    .venv/bin/python bench/bench_devices.py [--reads 2000] [--json build/bench/devices.json]

The floor for the ID reader is slicing the same 1,295-byte answer into its blocks and decoding the text
block as UCS-2 with no checks; the floor for the wedge is appending one character to a string. Over the
pseudo-terminal the figure also includes the kernel's tty hop (the reader's own time is not counted:
the clock starts when the emulator has written the answer's last byte).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from devices.emulators.id_reader import IdReaderEmulator, load_cards, synthetic_photo
from devices.idcard.frames import Answer, Frame, FrameDecoder, encode_answer
from devices.idcard.reader import SerialIdReader, parse_read_answer
from devices.idcard.text_block import encode_text_block
from devices.manager import SAMPLE_CARDS
from devices.scanner import WedgeDetector


def _per_call_us(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) * 1e6 / repeat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--pty-reads", type=int, default=200)
    parser.add_argument("--json", type=Path, default=Path("build/bench/devices.json"))
    args = parser.parse_args()
    card = load_cards(SAMPLE_CARDS)[0]
    text, photo = encode_text_block(card), synthetic_photo(card)
    frame = encode_answer(0x90, (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + text + photo)

    def decode() -> None:
        [item] = FrameDecoder().feed(frame)
        assert isinstance(item, Frame)
        parse_read_answer(Answer.from_frame(item).data, fingerprint=False)

    def floor() -> None:
        body = frame[7:-1]
        body[13 : 13 + 256].decode("utf-16-le").split()

    parse_us = _per_call_us(decode, args.reads)
    floor_us = _per_call_us(floor, args.reads)

    emulator = IdReaderEmulator([card])
    reader = SerialIdReader(emulator.path)
    emulator.tap(0)
    samples = []
    for _ in range(args.pty_reads):
        reader.read_card()
        samples.append((time.perf_counter() - emulator.last_answer_at) * 1e6)
    reader.close()
    emulator.close()
    pty_us = statistics.median(samples)

    detector = WedgeDetector()
    wedge = []
    for n in range(args.reads):
        for i, key in enumerate(f"FSLIB{n:06d}"):
            detector.key(key, n + i * 0.004)
        start = time.perf_counter()
        detector.key("\r", n + 0.05)
        wedge.append((time.perf_counter() - start) * 1e6)
    wedge_us = statistics.median(wedge)
    held = "FSLIB00000"
    wedge_floor = _per_call_us(lambda: held + "1", args.reads)

    rows = [
        ("ID answer's last byte -> parsed record, in process (us)", parse_us, floor_us),
        ("ID answer's last byte -> parsed record, over a pty, median (us)", pty_us, floor_us),
        ("wedge scanner's last key -> scan event, median (us)", wedge_us, wedge_floor),
    ]
    print(f"{'figure':<66} {'us':>9} {'floor us':>9} {'ratio':>7}")
    for name, value, base in rows:
        print(f"{name:<66} {value:9.1f} {base:9.2f} {value / base:7.1f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps([{"figure": n, "us": v, "floor_us": f, "ratio": v / f} for n, v, f in rows], indent=2)
    )


if __name__ == "__main__":
    main()
