"""Scanners that send text down a serial line: a barcode scanner and a passport (MRZ) reader."""

from __future__ import annotations

from pathlib import Path

from devices.emulators.pty_port import PtyPort


class ScannerEmulator:
    def __init__(self, link: Path | None = None, suffix: bytes = b"\r", prefix: bytes = b"") -> None:
        self.port = PtyPort(link)
        self.suffix = suffix
        self.prefix = prefix

    @property
    def path(self) -> str:
        return self.port.path

    def scan(self, code: str) -> None:
        self.port.write(self.prefix + code.encode() + self.suffix)

    def send_raw(self, data: bytes) -> None:
        self.port.write(data)

    def close(self) -> None:
        self.port.close()


class MrzReaderEmulator(ScannerEmulator):
    """Like the common desktop MRZ readers: each line ends with CR, the document with an extra CR."""

    def present(self, lines: list[str]) -> None:
        self.port.write(b"".join(line.encode() + b"\r" for line in lines) + b"\r")
