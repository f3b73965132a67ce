"""GA 467 frames: the exact bytes, and a decoder that survives whatever the line delivers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.idcard.frames import (
    FIND_CARD,
    READ_TEXT_PHOTO,
    READ_TEXT_PHOTO_FINGERPRINT,
    SAM_STATUS,
    SELECT_CARD,
    Answer,
    Frame,
    FrameDecoder,
    FrameError,
    encode_answer,
    encode_command,
)


def test_commands_are_the_bytes_real_readers_expect() -> None:
    # The same ten bytes every public driver sends (check byte = XOR of length, CMD and PARA).
    assert encode_command(FIND_CARD).hex(" ") == "aa aa aa 96 69 00 03 20 01 22"
    assert encode_command(SELECT_CARD).hex(" ") == "aa aa aa 96 69 00 03 20 02 21"
    assert encode_command(READ_TEXT_PHOTO).hex(" ") == "aa aa aa 96 69 00 03 30 01 32"
    assert encode_command(READ_TEXT_PHOTO_FINGERPRINT).hex(" ") == "aa aa aa 96 69 00 03 30 10 23"
    assert encode_command(SAM_STATUS).hex(" ") == "aa aa aa 96 69 00 03 11 ff ed"


def test_an_answer_frame_counts_status_data_and_check_byte() -> None:
    frame = encode_answer(0x9F, bytes(4))
    assert frame.hex(" ") == "aa aa aa 96 69 00 08 00 00 9f 00 00 00 00 97"
    [decoded] = FrameDecoder().feed(frame)
    assert isinstance(decoded, Frame)
    answer = Answer.from_frame(decoded)
    assert (answer.sw1, answer.sw2, answer.sw3, answer.data) == (0, 0, 0x9F, bytes(4))


def test_garbage_between_frames_is_skipped_and_counted() -> None:
    decoder = FrameDecoder()
    out = decoder.feed(b"\x00\xffnoise" + encode_answer(0x90) + b"\xaa\xaa" + encode_answer(0x80))
    assert [Answer.from_frame(f).sw3 for f in out if isinstance(f, Frame)] == [0x90, 0x80]
    assert decoder.skipped == 9


def test_a_frame_split_anywhere_is_reassembled() -> None:
    frame = encode_answer(0x90, bytes(range(200)))
    for cut in range(1, len(frame)):
        decoder = FrameDecoder()
        assert decoder.feed(frame[:cut]) == []
        [whole] = decoder.feed(frame[cut:])
        assert isinstance(whole, Frame)
        assert whole.body[3:] == bytes(range(200))


def test_a_bad_check_byte_is_reported_and_the_next_frame_still_decodes() -> None:
    bad = bytearray(encode_answer(0x90, b"abc"))
    bad[-1] ^= 0x01
    out = FrameDecoder().feed(bytes(bad) + encode_answer(0x9F))
    assert isinstance(out[0], FrameError)
    assert out[0].code == "device.bad_checksum"
    assert isinstance(out[-1], Frame)
    assert Answer.from_frame(out[-1]).sw3 == 0x9F


def test_an_impossible_length_is_reported_not_waited_for() -> None:
    out = FrameDecoder().feed(b"\xaa\xaa\xaa\x96\x69\xff\xff" + encode_answer(0x90))
    assert out[0] == FrameError("device.bad_length", 0xFFFF)
    assert isinstance(out[-1], Frame)


def test_a_truncated_frame_waits_and_shows_as_pending() -> None:
    decoder = FrameDecoder()
    frame = encode_answer(0x90, bytes(100))
    assert decoder.feed(frame[:50]) == []
    assert decoder.pending() == 50


@given(st.lists(st.binary(max_size=300), max_size=20))
def test_no_byte_sequence_crashes_the_decoder(chunks: list[bytes]) -> None:
    decoder = FrameDecoder()
    for chunk in chunks:
        for item in decoder.feed(chunk):
            assert isinstance(item, Frame | FrameError)
    assert decoder.pending() <= sum(map(len, chunks))


@given(st.binary(max_size=200), st.binary(max_size=300), st.binary(max_size=200))
def test_a_good_frame_inside_noise_is_always_found(before: bytes, data: bytes, after: bytes) -> None:
    frame = encode_answer(0x90, data)
    out = FrameDecoder().feed(before + frame + after)
    assert any(isinstance(f, Frame) and f.body == b"\x00\x00\x90" + data for f in out)
