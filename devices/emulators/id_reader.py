"""An ID card reader that answers the GA 467 protocol on a pty, with cards from a JSON file.

Faults can be switched on while it runs: no card, corrupted or cut-short answers, garbage between
frames, slow answers, a reader that stops answering, and unplugging.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from desk_app.core.errors import DeskError
from devices.emulators.pty_port import PtyPort
from devices.idcard.frames import (
    FIND_CARD,
    READ_TEXT_PHOTO,
    READ_TEXT_PHOTO_FINGERPRINT,
    SAM_STATUS,
    SELECT_CARD,
    Command,
    FrameDecoder,
    FrameError,
    Sw3,
    encode_answer,
    encode_frame,
)
from devices.idcard.text_block import PHOTO_SIZE, IdCardRecord, encode_text_block


def load_cards(path: Path) -> list[IdCardRecord]:
    try:
        data = json.loads(path.read_text("utf-8"))
        items = data if isinstance(data, list) else [data]
        return [IdCardRecord.from_json(item) for item in items]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DeskError("device.cards_file", path=str(path), reason=str(err) or type(err).__name__) from None


def synthetic_photo(record: IdCardRecord) -> bytes:
    """Stand-in WLT bytes of the right size (a real WLT photo needs the vendor's encoder)."""
    seed = record.id_number.encode() or b"0"
    return (b"WLT" + seed * (PHOTO_SIZE // len(seed) + 1))[:PHOTO_SIZE]


class IdReaderEmulator:
    def __init__(self, cards: list[IdCardRecord], link: Path | None = None) -> None:
        self.cards = cards
        self.port = PtyPort(link)
        self.present: IdCardRecord | None = None
        self.delay = 0.0
        self.corrupt_next = 0
        self.truncate_next = 0
        self.garbage = b""
        self.silent = False
        # Field behaviours: a reader that stops finding a card it has read until it is laid again (sticky), two
        # cards lying on it (select fails), a card lifted while it is read, a device on the port that answers
        # with frames that are not a GA 467 reader's (it echoes the commands back).
        self.sticky = False
        self.two_cards = False
        self.lift_during_read = False
        self.foreign_frames = False
        self._read_since_laid = False
        self.commands_seen: list[Command] = []
        self.last_answer_at = 0.0
        self._next = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="id-reader-emulator", daemon=True)
        self._thread.start()

    @property
    def path(self) -> str:
        return self.port.path

    def tap(self, index: int | None = None) -> IdCardRecord:
        """Lay a card on the reader (the next one from the file unless told which)."""
        if index is None:
            index, self._next = self._next, (self._next + 1) % len(self.cards)
        self.present = self.cards[index]
        self._read_since_laid = False
        return self.present

    def lift(self) -> None:
        self.present = None
        self._read_since_laid = False

    def unplug(self) -> None:
        self.port.unplug()

    def plug(self) -> None:
        self.port.plug()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.port.close()

    def _serve(self) -> None:
        decoder = FrameDecoder()
        while not self._stop.is_set():
            if not self.port.plugged:
                decoder.reset()
                time.sleep(0.02)
                continue
            for item in decoder.feed(self.port.read(0.05)):
                if isinstance(item, FrameError):
                    self._send(
                        encode_answer(Sw3.BAD_CHECKSUM if item.code == "device.bad_checksum" else Sw3.BAD_LENGTH)
                    )
                    continue
                if len(item.body) < 2:
                    self._send(encode_answer(Sw3.BAD_LENGTH))
                    continue
                command = Command(item.body[0], item.body[1])
                self.commands_seen.append(command)
                if self.foreign_frames:
                    self._send(encode_frame(item.body))  # another device's frame, not an answer
                    continue
                self._send(self._answer(command))

    def _answer(self, command: Command) -> bytes:
        card = self.present
        if command == SAM_STATUS:
            return encode_answer(Sw3.OK)
        if command == FIND_CARD:
            found = card is not None and not (self.sticky and self._read_since_laid)
            return encode_answer(Sw3.CARD_FOUND, bytes(4)) if found else encode_answer(Sw3.NO_CARD)
        if command == SELECT_CARD:
            chosen = card is not None and not self.two_cards
            return encode_answer(Sw3.OK, bytes(8)) if chosen else encode_answer(Sw3.SELECT_FAILED)
        if command in (READ_TEXT_PHOTO, READ_TEXT_PHOTO_FINGERPRINT):
            if self.lift_during_read:
                self.present = None
            if card is None or self.present is None:
                return encode_answer(Sw3.READ_FAILED)
            self._read_since_laid = True
            text = encode_text_block(card)
            photo = card.photo_wlt or synthetic_photo(card)
            blocks = [text, photo]
            if command == READ_TEXT_PHOTO_FINGERPRINT:
                blocks.append(card.fingerprint)
            heads = b"".join(len(b).to_bytes(2, "big") for b in blocks)
            return encode_answer(Sw3.OK, heads + b"".join(blocks))
        return encode_answer(Sw3.BAD_COMMAND)

    def _send(self, frame: bytes) -> None:
        if self.silent:
            return
        if self.delay:
            time.sleep(self.delay)
        if self.corrupt_next:
            self.corrupt_next -= 1
            frame = frame[:-1] + bytes([frame[-1] ^ 0xFF])
        if self.truncate_next:
            self.truncate_next -= 1
            frame = frame[: len(frame) // 2]
        self.port.write(self.garbage + frame)
        self.last_answer_at = time.perf_counter()
