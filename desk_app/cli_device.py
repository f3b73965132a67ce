"""`carddesk device ...`: read a device headlessly, list what is attached, and run the emulators.

An emulator prints its port path on the first line, then takes commands on stdin (one per line), so
a person, a test or a script can lay cards on it, lift them, unplug it and plug it back.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from desk_app import cli_args
from desk_app.core.errors import DeskError
from desk_app.settings import load_settings, save_settings
from devices.idcard.sdk_readers import BACKENDS, probe
from devices.manager import SAMPLE_CARDS, DeviceConfig, discover
from devices.scanner import SUFFIXES, ScanAssembler

T = TypeVar("T")

_EMULATOR_HELP = {
    "id-reader": "tap [N] | lift | unplug | plug | corrupt | truncate | silent | answer | quit",
    "scanner": "each line is scanned as a barcode; quit ends",
    "mrz": "MRZ lines; an empty line presents the document; quit ends",
    "chip": "insert | remove | status HEX | quit",
}


def add_parser(commands: Any) -> None:
    device = commands.add_parser("device", help="ID reader, scanners and card reader: read, list, emulate")
    sub = device.add_subparsers(dest="device_command", required=True)

    listing = sub.add_parser("list", help="serial ports and PC/SC readers on this machine")
    listing.add_argument("--json", action="store_true")

    configure = sub.add_parser("configure", help="remember this desk's device ports in the settings")
    configure.add_argument("--id-reader-port")
    configure.add_argument("--scanner-port")
    configure.add_argument("--scanner-suffix", choices=sorted(SUFFIXES))
    configure.add_argument("--scanner-prefix")
    configure.add_argument("--mrz-port")
    configure.add_argument("--chip-reader", help="PC/SC reader name (empty: the first)")
    configure.add_argument("--id-reader-backend", choices=BACKENDS, help="serial, or the reader's vendor SDK")
    configure.add_argument("--id-reader-library", help="an SDK reader: the vendor's shared library")
    configure.add_argument("--wlt-library", help="the vendor's photo decoder, if installed")
    configure.add_argument("--use-pcsc", choices=["yes", "no"])
    configure.add_argument(
        "--scanner-aim", choices=["yes", "no"], help="the scanner sends an AIM symbology identifier (]C0, ]E0...)"
    )
    configure.add_argument("--reconnect-pause", type=cli_args.seconds, help="seconds between reconnect attempts")
    configure.add_argument("--emulate", choices=["auto", "always", "never"])
    configure.add_argument("--json", action="store_true", help="print the stored device settings as JSON")

    read_id = sub.add_parser("read-id", help="wait for one ID card on the reader and print it")
    read_id.add_argument("--backend", choices=BACKENDS, default="serial",
                         help="serial (GA 467 on a port), or a vendor SDK: sdtapi, termb")  # fmt: skip
    read_id.add_argument("--port", help="serial: the port's path; an SDK: its port number (1001: the first USB reader)")
    read_id.add_argument("--library", help="an SDK: the vendor's shared library (libsdtapi.so, termb.dll, ...)")
    read_id.add_argument("--wlt-library", help="the vendor's photo decoder (libwlt.so, WltRS.dll): the photo decoded")
    read_id.add_argument("--json", action="store_true")
    read_id.add_argument(
        "--timeout", type=cli_args.seconds, default=10.0, help="seconds to wait for a card (default 10)"
    )
    read_id.add_argument("--baud", type=cli_args.positive, default=115200)
    read_id.add_argument("--fingerprint", action="store_true", help="also read the fingerprint block")

    read_uid = sub.add_parser("read-uid", help="the chip UID of the card on a PC/SC reader")
    read_uid.add_argument("--reader", help="reader name (default: the first)")
    read_uid.add_argument("--json", action="store_true")

    read_scan = sub.add_parser("read-scan", help="wait for one barcode from a serial scanner")
    read_scan.add_argument("--port", required=True)
    read_scan.add_argument("--suffix", choices=sorted(SUFFIXES), default="CR")
    read_scan.add_argument("--prefix", default="")
    read_scan.add_argument("--timeout", type=cli_args.seconds, default=10.0)

    read_mrz = sub.add_parser("read-mrz", help="wait for one passport MRZ from a serial reader")
    read_mrz.add_argument("--port", required=True)
    read_mrz.add_argument("--json", action="store_true")
    read_mrz.add_argument("--timeout", type=cli_args.seconds, default=10.0)

    emulate = sub.add_parser("emulate", help="run an emulated device (port path on the first line)")
    emulate.add_argument("kind", choices=sorted(_EMULATOR_HELP))
    emulate.add_argument("--link", type=Path, help="a stable path (symlink) for the port, like /dev/ttyUSB0")
    emulate.add_argument("--cards", type=Path, default=SAMPLE_CARDS, help="id-reader: JSON file of cards")
    emulate.add_argument("--no-card", action="store_true", help="id-reader: start with no card on it")
    emulate.add_argument("--delay", type=cli_args.seconds, default=0.0, help="id-reader: seconds before each answer")
    emulate.add_argument("--corrupt", type=cli_args.count, default=0, help="id-reader: corrupt the next N answers")
    emulate.add_argument("--garbage", action="store_true", help="id-reader: noise bytes before every answer")
    emulate.add_argument("--tap-every", type=cli_args.seconds, help="id-reader: lay the next card every N seconds")
    emulate.add_argument("--suffix", choices=sorted(SUFFIXES), default="CR", help="scanner: suffix")
    emulate.add_argument("--prefix", default="", help="scanner: prefix")
    emulate.add_argument("--uid", default="04A1B2C3D4E5F6", help="chip: the card's UID in hex")


def run(args: argparse.Namespace, lang: str) -> int:
    command = args.device_command
    if command == "list":
        found = discover()
        if args.json:
            print(json.dumps(asdict(found), ensure_ascii=False))
        else:
            for port in found.serial_ports:
                print(f"serial\t{port.device}\t{port.description}")
            for reader in found.pcsc_readers:
                print(f"pcsc\t{reader}")
            for family, paths in found.sdk_libraries.items():
                for path in paths:
                    answering = probe(family, path) if family != "wlt" else None
                    print(f"{family}\t{path}\t{f'port {answering}' if answering else ''}".rstrip())
        return 0
    if command == "configure":
        settings = load_settings()
        config = DeviceConfig.from_settings(dict(settings.get("devices") or {}))
        for name in ("id_reader_port", "scanner_port", "scanner_suffix", "scanner_prefix", "mrz_port", "chip_reader",
                     "id_reader_backend", "id_reader_library", "wlt_library"):  # fmt: skip
            if getattr(args, name) is not None:
                setattr(config, name, getattr(args, name))
        if args.use_pcsc is not None:
            config.use_pcsc = args.use_pcsc == "yes"
        if args.scanner_aim is not None:
            config.scanner_aim = args.scanner_aim == "yes"
        if args.reconnect_pause is not None:
            config.reconnect_pause = args.reconnect_pause
        if args.emulate is not None:
            config.emulate = args.emulate
        settings["devices"] = config.to_settings()
        save_settings(settings)
        stored = config.to_settings()
        print(json.dumps(stored) if args.json else "\n".join(f"{k}\t{v}" for k, v in stored.items()))
        return 0
    if command == "read-id":
        from devices.idcard.reader import SerialIdReader, wait_for_card
        from devices.idcard.sdk_readers import open_id_reader

        if args.backend == "serial" and not args.port:
            raise DeskError("device.port_needed")
        id_reader = open_id_reader({"id_reader_backend": args.backend, "id_reader_port": args.port,
                                    "id_reader_library": args.library, "wlt_library": args.wlt_library})  # fmt: skip
        if isinstance(id_reader, SerialIdReader):
            id_reader.baudrate = args.baud
        try:
            record = wait_for_card(id_reader, args.timeout, fingerprint=args.fingerprint)
        finally:
            id_reader.close()
        data = record.to_json()
        print(json.dumps(data, ensure_ascii=False) if args.json else "\n".join(f"{k}\t{v}" for k, v in data.items()))
        return 0
    if command == "read-uid":
        from devices.chip_reader import read_uid

        name, uid = read_uid(args.reader)
        print(json.dumps({"reader": name, "uid": uid}) if args.json else uid)
        return 0
    if command == "read-scan":
        code = _read_scan(args)
        print(code)
        return 0
    if command == "read-mrz":
        record = _read_mrz(args)
        data = record.to_json()
        print(json.dumps(data, ensure_ascii=False) if args.json else "\n".join(f"{k}\t{v}" for k, v in data.items()))
        return 0
    return _emulate(args, lang)


def _first_from_port(port_name: str, timeout: float, take: Callable[[bytes], list[T]]) -> T:
    """Read the port until `take` turns what arrived into something whole, or the timeout passes."""
    import serial

    try:
        port = serial.Serial(port_name, 9600, timeout=0.05)
    except (serial.SerialException, OSError) as err:
        raise DeskError("device.port_unavailable", port=port_name, reason=str(err)) from None
    with port:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = take(port.read(max(1, port.in_waiting)))
            if found:
                return found[0]
    raise DeskError("device.no_card", seconds=timeout)


def _read_scan(args: argparse.Namespace) -> str:
    assembler = ScanAssembler(SUFFIXES[args.suffix], args.prefix.encode())
    return _first_from_port(args.port, args.timeout, lambda chunk: assembler.feed(chunk, time.monotonic()))


def _read_mrz(args: argparse.Namespace) -> Any:
    from devices.mrz_reader import MrzAssembler, parse_mrz

    assembler = MrzAssembler()
    return parse_mrz(_first_from_port(args.port, args.timeout, assembler.feed))


def _emulate(args: argparse.Namespace, lang: str) -> int:
    kind = args.kind
    if kind == "id-reader":
        from devices.emulators.id_reader import IdReaderEmulator, load_cards

        emulator = IdReaderEmulator(load_cards(args.cards), args.link)
        emulator.delay, emulator.corrupt_next = args.delay, args.corrupt
        emulator.garbage = b"\x00\x13\x37garbage" if args.garbage else b""
        if not args.no_card:
            emulator.tap()
        print(emulator.path, flush=True)
        print(f"# {_EMULATOR_HELP[kind]}", file=sys.stderr, flush=True)
        if args.tap_every:
            threading.Thread(target=_tap_cycle, args=(emulator, args.tap_every), daemon=True).start()
        try:
            for line in sys.stdin:
                word, *rest = line.split() or [""]
                if word == "quit":
                    break
                if word == "tap":
                    card = emulator.tap(int(rest[0]) if rest else None)
                    print(f"tapped {card.name} ({card.document_type.value})", flush=True)
                elif word in ("lift", "unplug", "plug"):
                    getattr(emulator, word)()
                elif word == "corrupt":
                    emulator.corrupt_next += 1
                elif word == "truncate":
                    emulator.truncate_next += 1
                elif word in ("silent", "answer"):
                    emulator.silent = word == "silent"
        finally:
            emulator.close()
        return 0
    if kind in ("scanner", "mrz"):
        from devices.emulators.serial_text import MrzReaderEmulator, ScannerEmulator

        suffix, prefix = SUFFIXES[args.suffix], args.prefix.encode()
        text_device = ScannerEmulator(args.link, suffix, prefix) if kind == "scanner" else MrzReaderEmulator(args.link)
        print(text_device.path, flush=True)
        print(f"# {_EMULATOR_HELP[kind]}", file=sys.stderr, flush=True)
        lines: list[str] = []
        try:
            for raw in sys.stdin:
                line = raw.strip()
                if line == "quit":
                    break
                if isinstance(text_device, MrzReaderEmulator):
                    if line:
                        lines.append(line)
                    elif lines:
                        text_device.present(lines)
                        lines = []
                elif line:
                    text_device.scan(line)
        finally:
            text_device.close()
        return 0
    from devices.emulators.virtual_chip_card import VirtualChipCard

    chip = VirtualChipCard(bytes.fromhex(args.uid))
    chip.insert()
    print(f"vpcd 127.0.0.1:{chip.port} uid {args.uid.upper()}", flush=True)
    try:
        for line in sys.stdin:
            word, *rest = line.split() or [""]
            if word == "quit":
                break
            if word == "remove":
                chip.remove()
            elif word == "insert":
                chip.insert()
            elif word == "status" and rest:
                chip.status_word = bytes.fromhex(rest[0])
    finally:
        chip.remove()
    return 0


def _tap_cycle(emulator: Any, every: float) -> None:
    while True:
        time.sleep(every)
        emulator.lift()
        time.sleep(min(1.0, every / 2))
        emulator.tap()
