"""GA 467 frames between the desk and an ID card reader's SAM module.

A frame is the preamble ``AA AA AA 96 69``, a big-endian 2-byte length, the body and one check byte.
The length counts the body and the check byte; the check byte is the XOR of the two length bytes and
the body. A command body is ``CMD PARA [data]``; an answer body is ``SW1 SW2 SW3 [data]``.
(Byte layout checked against several public reader drivers; see docs/devices.md.)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import reduce
from typing import NamedTuple

from desk_app.core.messages import Text

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
# The largest answer is text + photo + fingerprint: 3 status + 6 lengths + 256 + 1024 + 1024 + check byte.
MAX_LENGTH = 4096


class Command(NamedTuple):
    cmd: int
    para: int


FIND_CARD = Command(0x20, 0x01)
SELECT_CARD = Command(0x20, 0x02)
READ_TEXT_PHOTO = Command(0x30, 0x01)
READ_TEXT_PHOTO_FINGERPRINT = Command(0x30, 0x10)
SAM_STATUS = Command(0x11, 0xFF)


class Sw3(IntEnum):
    """The SAM's operation status (SW3)."""

    OK = 0x90
    CARD_FOUND = 0x9F
    BAD_CHECKSUM = 0x10
    BAD_LENGTH = 0x11
    BAD_COMMAND = 0x21
    NOT_AUTHORISED = 0x23
    UNKNOWN_ERROR = 0x24
    CARD_AUTH_FAILED = 0x31
    READER_AUTH_FAILED = 0x32
    VERIFY_FAILED = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    NO_CARD = 0x80
    SELECT_FAILED = 0x81
    NO_CONTENT = 0x91


SW3_REASONS: dict[int, Text] = {
    Sw3.BAD_CHECKSUM: Text("它收到的指令校验和错误", "the command it received had a bad checksum"),
    Sw3.BAD_LENGTH: Text("它收到的指令长度错误", "the command it received had a bad length"),
    Sw3.BAD_COMMAND: Text("不支持该指令", "it does not support the command"),
    Sw3.NOT_AUTHORISED: Text("越权操作", "the operation is not permitted"),
    Sw3.UNKNOWN_ERROR: Text("无法识别的错误", "an unrecognised error"),
    Sw3.CARD_AUTH_FAILED: Text("证件认证读卡器失败", "the card did not accept the reader"),
    Sw3.READER_AUTH_FAILED: Text("读卡器认证证件失败，证件可能不是真证", "the reader did not accept the card"),
    Sw3.VERIFY_FAILED: Text("信息验证错误", "the card's data failed verification"),
    Sw3.UNKNOWN_CARD_TYPE: Text("无法识别的卡类型", "unknown card type"),
    Sw3.READ_FAILED: Text("读证操作失败，请重新放卡", "reading the card failed; place it again"),
    Sw3.RANDOM_FAILED: Text("取随机数失败", "getting a random number failed"),
    Sw3.SAM_SELF_TEST_FAILED: Text("安全模块自检失败，请联系设备厂家", "the SAM self-test failed; call the vendor"),
    Sw3.SAM_NOT_AUTHORISED: Text("安全模块未经授权，请联系设备厂家", "the SAM is not authorised; call the vendor"),
    Sw3.NO_CARD: Text("没有找到证件", "no card found"),
    Sw3.SELECT_FAILED: Text("选取证件失败，请重新放卡", "selecting the card failed; place it again"),
    Sw3.NO_CONTENT: Text("证件中此项无内容", "the card holds no such item"),
}


def sw3_reason(sw3: int) -> Text:
    return SW3_REASONS.get(sw3, Text(f"未知状态 0x{sw3:02X}", f"unknown status 0x{sw3:02X}"))


def check_byte(data: bytes) -> int:
    return reduce(lambda acc, b: acc ^ b, data, 0)


def encode_frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([check_byte(length + body)])


def encode_command(command: Command, data: bytes = b"") -> bytes:
    cmd, para = command
    return encode_frame(bytes([cmd, para]) + data)


def encode_answer(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode_frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Frame:
    body: bytes


@dataclass(frozen=True)
class Answer:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @classmethod
    def from_frame(cls, frame: Frame) -> Answer:
        if len(frame.body) < 3:
            raise ValueError("an answer carries three status bytes")
        return cls(frame.body[0], frame.body[1], frame.body[2], frame.body[3:])


@dataclass(frozen=True)
class FrameError:
    """A frame that was dropped; ``code`` is a message code, ``params`` its parameters."""

    code: str
    length: int = 0


class FrameDecoder:
    """Turns a byte stream into frames, whatever arrives between, around or instead of them.

    Garbage before a preamble is skipped; a frame with a wrong check byte or an impossible length is
    reported and dropped, and decoding resumes after its preamble so a real frame inside is not lost.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.skipped = 0

    def feed(self, data: bytes) -> list[Frame | FrameError]:
        self._buffer += data
        out: list[Frame | FrameError] = []
        while True:
            start = self._buffer.find(PREAMBLE)
            if start < 0:
                # Keep a tail that may be the start of a preamble split across reads.
                keep = len(PREAMBLE) - 1
                if len(self._buffer) > keep:
                    self.skipped += len(self._buffer) - keep
                    del self._buffer[:-keep]
                return out
            if start:
                self.skipped += start
                del self._buffer[:start]
            if len(self._buffer) < len(PREAMBLE) + 2:
                return out
            length = int.from_bytes(self._buffer[5:7], "big")
            if length < 2 or length > MAX_LENGTH:
                out.append(FrameError("device.bad_length", length))
                del self._buffer[:1]
                continue
            end = len(PREAMBLE) + 2 + length
            if len(self._buffer) < end:
                return out
            body = bytes(self._buffer[7 : end - 1])
            if check_byte(bytes(self._buffer[5:7]) + body) != self._buffer[end - 1]:
                out.append(FrameError("device.bad_checksum", length))
                del self._buffer[:1]
                continue
            del self._buffer[:end]
            out.append(Frame(body))

    def pending(self) -> int:
        """Bytes held back waiting for the rest of a frame (a frame cut short leaves some here)."""
        return len(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()
