"""A contactless library card for vpcd, the virtual reader driver of pcscd (vsmartcard-vpcd).

vpcd waits on TCP (127.0.0.1:35963 for its first reader). Every message either way is a 2-byte big-endian
length and that many bytes; a 1-byte message from vpcd is a control code (0 power off, 1 power on,
2 reset, 4 "send your ATR"); anything longer is a command APDU, answered with data + SW1 SW2.
Connecting is "card laid on the reader", closing the socket is "card taken away".
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time

from devices.chip_reader import READ_CARD_NUMBER, SELECT_CARD_INFORMATION, SELECT_SOCIAL_SECURITY

VPCD_PORT = 35963
# The ATR a PC/SC part 3 contactless reader makes up for a MIFARE Classic 1K card.
CONTACTLESS_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
GET_UID = bytes.fromhex("FFCA000000")
_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0, 1, 2, 4


class VirtualChipCard:
    def __init__(
        self, uid: bytes, *, host: str = "127.0.0.1", port: int = VPCD_PORT, social_security_number: str = ""
    ) -> None:
        self.uid = uid
        self.social_security_number = social_security_number  # a social security card's, or none
        self._selected = ""
        self.host = host
        self.port = port
        self.status_word = b"\x90\x00"
        self.delay = 0.0
        self.apdus: list[bytes] = []
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def insert(self, timeout: float = 10.0) -> None:
        """Connect to vpcd (it listens once pcscd has loaded the driver)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._sock = socket.create_connection((self.host, self.port), timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, args=(self._sock,), daemon=True)
        self._thread.start()

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                head = _recv_exact(sock, 2)
                message = _recv_exact(sock, struct.unpack(">H", head)[0])
                if len(message) == 1:
                    if message[0] == _GET_ATR:
                        _send(sock, CONTACTLESS_ATR)
                    continue  # power on/off and reset need no answer
                self.apdus.append(message)
                if self.delay:
                    time.sleep(self.delay)
                _send(sock, self.answer(message))
        except (OSError, ConnectionError):
            return

    def answer(self, apdu: bytes) -> bytes:
        if apdu[:4] == GET_UID[:4]:
            return (self.uid if self.status_word == b"\x90\x00" else b"") + self.status_word
        if self.social_security_number:
            # A social security card's public application: selected by name, its EF05, record 07 the number.
            if apdu == bytes(SELECT_SOCIAL_SECURITY):
                self._selected = "ddf1"
                return b"\x90\x00"
            if apdu == bytes(SELECT_CARD_INFORMATION) and self._selected == "ddf1":
                self._selected = "ef05"
                return b"\x90\x00"
            if apdu == bytes(READ_CARD_NUMBER) and self._selected == "ef05":
                number = self.social_security_number.encode("ascii")
                return bytes([0x07, len(number)]) + number + b"\x90\x00"
        if apdu[1:2] in (b"\xa4", b"\xb2"):
            return b"\x6a\x82"  # file or application not found
        return b"\x6d\x00"  # instruction not supported


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("vpcd closed the connection")
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
