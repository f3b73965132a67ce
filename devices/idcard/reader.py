"""The serial ID card reader driver: find, select and read a card, one command at a time."""

from __future__ import annotations

import contextlib
import time
from typing import Protocol

import serial

from desk_app.core.errors import DeskError
from devices.idcard.frames import (
    FIND_CARD,
    READ_TEXT_PHOTO,
    READ_TEXT_PHOTO_FINGERPRINT,
    SAM_STATUS,
    SELECT_CARD,
    Answer,
    Command,
    FrameDecoder,
    FrameError,
    Sw3,
    encode_command,
    sw3_reason,
)
from devices.idcard.sdk_readers import WltDecoder, with_photo
from devices.idcard.text_block import IdCardRecord, parse_text_block
from devices.port_errors import PORT_ERRORS


class IdReader(Protocol):
    """Anything that can be asked for the card lying on it (the serial driver, or a test double)."""

    where: str

    def read_once(self, fingerprint: bool = False) -> IdCardRecord | None: ...

    def card_present(self) -> bool: ...

    def close(self) -> None: ...


class SerialIdReader:
    """A GA 467 reader on a serial port. The port is opened on first use and reopened after unplugging."""

    def __init__(self, port: str, baudrate: int = 115200, answer_timeout: float = 1.0) -> None:
        self.where = port
        self.baudrate = baudrate
        self.answer_timeout = answer_timeout
        self._serial: serial.Serial | None = None
        self._decoder = FrameDecoder()
        self.decoder: WltDecoder | None = None  # the vendor's photo decoder, where installed

    def _port(self) -> serial.Serial:
        if self._serial is None:
            try:
                self._serial = serial.Serial(self.where, self.baudrate, timeout=0.05, write_timeout=1.0)
            except PORT_ERRORS as err:
                raise DeskError("device.port_unavailable", port=self.where, reason=_reason(err)) from None
        return self._serial

    def close(self) -> None:
        if self._serial is not None:
            with contextlib.suppress(*PORT_ERRORS):
                self._serial.close()
            self._serial = None

    def transact(self, command: Command) -> Answer:
        port = self._port()
        self._decoder.reset()
        try:
            port.reset_input_buffer()
            port.write(encode_command(command))
            deadline = time.monotonic() + self.answer_timeout
            foreign = False
            while time.monotonic() < deadline:
                chunk = port.read(max(1, port.in_waiting))
                if not chunk:
                    continue
                for item in self._decoder.feed(chunk):
                    if isinstance(item, FrameError):
                        raise DeskError(item.code, length=item.length)
                    if len(item.body) < 3 or item.body[0] or item.body[1]:
                        foreign = True  # a GA 467 answer starts 00 00 and its status: another device's frame
                        continue
                    return Answer.from_frame(item)
            if foreign:
                raise DeskError("device.foreign_frames", port=self.where)
        except PORT_ERRORS:
            # The port vanished under us (USB unplugged): drop it, the next call reopens it.
            self.close()
            raise DeskError("device.disconnected", port=self.where) from None
        except ValueError:
            raise DeskError("device.truncated") from None
        if self._decoder.pending():
            raise DeskError("device.truncated")
        raise DeskError("device.not_answering", seconds=f"{self.answer_timeout:g}", port=self.where)

    def sam_status(self) -> None:
        answer = self.transact(SAM_STATUS)
        if answer.sw3 != Sw3.OK:
            raise DeskError("device.reader_status", reason=sw3_reason(answer.sw3))

    def card_present(self) -> bool:
        answer = self.transact(FIND_CARD)
        if answer.sw3 == Sw3.CARD_FOUND:
            return True
        if answer.sw3 == Sw3.NO_CARD:
            return False
        raise DeskError("device.reader_status", reason=sw3_reason(answer.sw3))

    def select_card(self) -> bool:
        answer = self.transact(SELECT_CARD)
        if answer.sw3 == Sw3.OK:
            return True
        if answer.sw3 in (Sw3.SELECT_FAILED, Sw3.NO_CARD):
            return False
        raise DeskError("device.reader_status", reason=sw3_reason(answer.sw3))

    def read_card(self, fingerprint: bool = False) -> IdCardRecord:
        answer = self.transact(READ_TEXT_PHOTO_FINGERPRINT if fingerprint else READ_TEXT_PHOTO)
        if answer.sw3 != Sw3.OK:
            raise DeskError("device.reader_status", reason=sw3_reason(answer.sw3))
        return with_photo(parse_read_answer(answer.data, fingerprint), self.decoder)

    def read_once(self, fingerprint: bool = False) -> IdCardRecord | None:
        if not self.card_present():
            return None
        if not self.select_card():
            # Found but not selected: two cards overlapping, or one not lying flat.
            raise DeskError("device.select_failed")
        return self.read_card(fingerprint)


def parse_read_answer(data: bytes, fingerprint: bool) -> IdCardRecord:
    """The read answer's data: the block lengths (2 bytes each, big endian), then the blocks."""
    heads = 3 if fingerprint else 2
    if len(data) < 2 * heads:
        raise DeskError("device.truncated")
    sizes = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(heads)]
    if 2 * heads + sum(sizes) != len(data):
        raise DeskError("device.bad_length", length=len(data))
    blocks, pos = [], 2 * heads
    for size in sizes:
        blocks.append(data[pos : pos + size])
        pos += size
    return parse_text_block(blocks[0], blocks[1], blocks[2] if fingerprint else b"")


def wait_for_card(reader: IdReader, timeout: float, poll: float = 0.2, fingerprint: bool = False) -> IdCardRecord:
    """Block until a card is read. A reader that is absent or mute fails at once; a bad read is retried."""
    deadline = time.monotonic() + timeout
    last_error: DeskError | None = None
    while True:
        try:
            record = reader.read_once(fingerprint)
        except DeskError as err:
            if err.code in ("device.port_unavailable", "device.not_answering", "device.disconnected"):
                raise
            last_error = err
            record = None
        if record is not None:
            return record
        if time.monotonic() >= deadline:
            raise last_error or DeskError("device.no_card", seconds=f"{timeout:g}")
        time.sleep(poll)


def _reason(err: BaseException) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__
