"""Finds the desk's devices, runs each on its own thread, reconnects them, and reports what they do.

Every callback runs on a device thread: the desk (desk_app/ui) hands them to the UI thread itself.
When no hardware is configured or found and emulation is allowed, emulators stand in, on real
pseudo-terminals, so the desk works the same for a demo or a training session.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from serial.tools import list_ports

from desk_app.core.errors import DeskError
from devices.emulators.id_reader import IdReaderEmulator, load_cards
from devices.emulators.serial_text import MrzReaderEmulator, ScannerEmulator
from devices.idcard.reader import SerialIdReader
from devices.idcard.sdk_readers import SdtapiReader, WltDecoder, installed_libraries, open_id_reader
from devices.idcard.tap import TapWatcher
from devices.idcard.text_block import IdCardRecord
from devices.mrz_reader import MrzRecord, SerialMrzReader
from devices.scanner import SUFFIXES, SerialScanner
from devices.status import DeviceKind, DeviceState, DeviceStatus
from devices.supervision import Supervised

SAMPLE_CARDS = Path(__file__).parent / "emulators" / "sample_cards.json"


class Device(Protocol):
    """What the manager runs: a loop until stopped, and a way back after a failure it did not expect."""

    def run(self, stop: threading.Event) -> None: ...

    def recover(self) -> None: ...


@dataclass
class DeviceConfig:
    """What the settings remember about this desk's devices ("" means none chosen)."""

    id_reader_port: str = ""  # serial: the port's path; an SDK reader: its port number (1001: the first USB)
    # serial (GA 467 on a port), or the vendor SDK the reader needs: sdtapi, termb (devices/idcard/sdk_readers.py)
    id_reader_backend: str = "serial"
    id_reader_library: str = ""  # the vendor's shared library, for an SDK reader
    wlt_library: str = ""  # the vendor's photo decoder, if installed: the card's photo is then kept
    scanner_port: str = ""
    scanner_suffix: str = "CR"
    scanner_prefix: str = ""
    # The scanner sends an AIM symbology identifier ("]C0" for Code 128, "]E0" for EAN-13) before each code.
    scanner_aim: bool = False
    mrz_port: str = ""
    chip_reader: str = ""
    use_pcsc: bool = True
    # auto: emulate a device that is not configured; always: emulate all; never: real hardware only
    emulate: str = "auto"
    # Seconds between attempts to reopen a device that went away.
    reconnect_pause: float = 1.0

    @classmethod
    def from_settings(cls, stored: dict[str, Any]) -> DeviceConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in stored.items() if k in known})

    def to_settings(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SerialPortInfo:
    device: str
    description: str
    hwid: str


@dataclass(frozen=True)
class Discovered:
    serial_ports: list[SerialPortInfo]
    pcsc_readers: list[str]
    # The vendor SDK libraries installed, by family (sdtapi, termb, wlt); the JSON shape is extended, not renamed.
    sdk_libraries: dict[str, list[str]] = field(default_factory=dict)


def discover(include_pcsc: bool = True) -> Discovered:
    ports = [SerialPortInfo(p.device, p.description or "", p.hwid or "") for p in list_ports.comports()]
    readers: list[str] = []
    if include_pcsc:
        from devices.chip_reader import pcsc_readers

        readers = pcsc_readers()
    return Discovered(ports, readers, installed_libraries())


@dataclass
class DeviceEvents:
    on_id_card: Callable[[IdCardRecord], None] = lambda record: None
    on_scan: Callable[[str], None] = lambda code: None
    on_mrz: Callable[[MrzRecord], None] = lambda record: None
    on_chip: Callable[[str], None] = lambda uid: None
    on_chip_removed: Callable[[], None] = lambda: None
    on_social_security: Callable[[str], None] = lambda number: None  # a social security card's number
    on_status: Callable[[DeviceStatus], None] = lambda status: None


@dataclass
class Emulated:
    id_reader: IdReaderEmulator | None = None
    scanner: ScannerEmulator | None = None
    mrz_reader: MrzReaderEmulator | None = None


@dataclass
class DeviceManager:
    config: DeviceConfig
    events: DeviceEvents
    demo_cards: list[IdCardRecord] = field(default_factory=list)
    statuses: dict[DeviceKind, DeviceStatus] = field(default_factory=dict)
    emulated: Emulated = field(default_factory=Emulated)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _status(self, status: DeviceStatus) -> None:
        with self._lock:
            self.statuses[status.kind] = status
        self.events.on_status(status)

    def _emulate(self, configured: str) -> bool:
        return self.config.emulate == "always" or (self.config.emulate == "auto" and not configured)

    def _spawn(self, kind: DeviceKind, where: str, device: Device, emulated: bool) -> None:
        """Each device on its own thread, under the supervisor: it never dies while the desk runs."""
        supervised = Supervised(
            kind, where, device.run, self._status, device.recover, emulated, first_pause=self.config.reconnect_pause
        )
        thread = threading.Thread(target=supervised.run, args=(self._stop,), name=f"device-{kind.value}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def start(self) -> None:
        cfg = self.config
        port, emulated = cfg.id_reader_port, False
        sdk = cfg.id_reader_backend != "serial"
        if sdk:
            self._start_sdk_reader()
        elif self._emulate(port):
            cards = self.demo_cards or load_cards(SAMPLE_CARDS)
            self.emulated.id_reader = IdReaderEmulator(cards)
            port, emulated = self.emulated.id_reader.path, True
        pause = cfg.reconnect_pause
        if sdk:
            pass
        elif port:
            reader = SerialIdReader(port)
            reader.decoder = self._photo_decoder()
            watcher = TapWatcher(reader, self.events.on_id_card, self._status, emulated=emulated, reconnect_pause=pause)
            self._spawn(DeviceKind.ID_READER, port, watcher, emulated)
        else:
            self._status(DeviceStatus(DeviceKind.ID_READER, DeviceState.NOT_CONFIGURED))

        suffix = SUFFIXES.get(cfg.scanner_suffix, b"\r")
        prefix = cfg.scanner_prefix.encode()
        port, emulated = cfg.scanner_port, False
        if self._emulate(port):
            self.emulated.scanner = ScannerEmulator(suffix=suffix, prefix=prefix)
            port, emulated = self.emulated.scanner.path, True
        if port:
            scanner = SerialScanner(
                port, self.events.on_scan, self._status, suffix=suffix, prefix=prefix, emulated=emulated
            )
            scanner.reconnect_pause = pause
            self._spawn(DeviceKind.SCANNER, port, scanner, emulated)

        port, emulated = cfg.mrz_port, False
        if self._emulate(port):
            self.emulated.mrz_reader = MrzReaderEmulator()
            port, emulated = self.emulated.mrz_reader.path, True
        if port:
            mrz = SerialMrzReader(port, self.events.on_mrz, self._status, emulated=emulated)
            mrz.reconnect_pause = pause
            self._spawn(DeviceKind.MRZ_READER, port, mrz, emulated)

        if cfg.use_pcsc:
            from devices.chip_reader import ChipWatcher

            watcher_chip = ChipWatcher(
                self.events.on_chip,
                self.events.on_chip_removed,
                self._status,
                reader=cfg.chip_reader or None,
                reconnect_pause=pause,
                on_social_security=self.events.on_social_security,
            )
            self._spawn(DeviceKind.CHIP_READER, cfg.chip_reader or "PC/SC", watcher_chip, False)

    def _photo_decoder(self) -> WltDecoder | None:
        """The vendor's decoder where installed; one that cannot be loaded is said, and the desk reads on."""
        if not self.config.wlt_library:
            return None
        try:
            return WltDecoder(self.config.wlt_library)
        except DeskError as err:
            self._status(DeviceStatus(DeviceKind.ID_READER, DeviceState.ERROR, self.config.wlt_library, err))
            return None

    def _start_sdk_reader(self) -> None:
        """A USB reader behind its vendor's library: the same tap rule and supervision as the serial one."""
        cfg = self.config
        try:
            reader = open_id_reader({**cfg.to_settings(), "wlt_library": ""})
        except DeskError as err:
            # A library missing or of another family: said in the status bar; nothing to poll.
            self._status(DeviceStatus(DeviceKind.ID_READER, DeviceState.ERROR, cfg.id_reader_library, err))
            return
        if isinstance(reader, SdtapiReader):
            reader.decoder = self._photo_decoder()
        watcher = TapWatcher(reader, self.events.on_id_card, self._status, reconnect_pause=cfg.reconnect_pause)
        self._spawn(DeviceKind.ID_READER, reader.where, watcher, False)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(3)
        for emulator in (self.emulated.id_reader, self.emulated.scanner, self.emulated.mrz_reader):
            if emulator is not None:
                with contextlib.suppress(OSError):
                    emulator.close()
