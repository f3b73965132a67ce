"""Stand-ins for the vendors' ID reader SDK libraries (sdtapi, termb, and the WLT photo decoder), compiled with gcc
from `sdk_standin/*.c`: the same exported functions, argument shapes and return codes, so the desk's ctypes code
runs against a real shared library. The card on the "reader" is one of the serial emulator's synthetic cards,
laid, lifted and broken through a state folder that the library reads on every call."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from devices.emulators.id_reader import synthetic_photo
from devices.idcard.text_block import CardKind, IdCardRecord, encode_text_block

SOURCES = Path(__file__).resolve().parent / "sdk_standin"
LIBRARIES = {"sdtapi": "sdtapi.c", "termb": "termb.c", "wlt": "wlt.c"}
FAULTS = ("unplugged", "busy", "sam", "lift_mid_read", "sticky", "two_cards")
STATE_VARIABLE = "CARDDESK_SDK_STANDIN"


def build(cache: Path | None = None) -> dict[str, Path]:
    """The three libraries, compiled once per version of their sources (gcc; the test machine has it)."""
    if shutil.which("gcc") is None:
        raise RuntimeError("gcc is needed to build the SDK stand-ins (sh installer/dev.sh test installs it)")
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(SOURCES.glob("*.[ch]")))).hexdigest()[:16]
    folder = (cache or Path(tempfile.gettempdir()) / "carddesk-sdk-standin") / digest
    built = {family: folder / f"lib{family}.so" for family in LIBRARIES}
    if all(path.is_file() for path in built.values()):
        return built
    folder.mkdir(parents=True, exist_ok=True)
    for family, source in LIBRARIES.items():
        partial = folder / f".lib{family}.so.{os.getpid()}"
        subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", str(partial),
                        str(SOURCES / source), str(SOURCES / "standin.c")], check=True)  # fmt: skip
        partial.replace(built[family])  # whole, or not there: two test runs may build at once
    return built


def _fields(record: IdCardRecord) -> str:
    """termb's getters, in its order: certificate type, name, sex, nation, birthday, address, ID code,
    department, start date, end date."""
    kind = {CardKind.RESIDENT_ID: "", CardKind.HK_MACAU_TAIWAN_PERMIT: "J"}.get(record.document_type, "I")
    until = record.valid_until.strftime("%Y%m%d") if record.valid_until else "长期"
    values = [kind, record.name, record.gender, record.ethnicity, record.birth_date.strftime("%Y%m%d"),
              record.address, record.id_number, record.issuer, record.valid_from.strftime("%Y%m%d"), until]  # fmt: skip
    return "\n".join(values) + "\n"


class StandInReader:
    """The stand-in libraries' reader: what lies on it and what is broken. Point the libraries at it with
    `environ` (this process) or `env` (a command run from a test)."""

    def __init__(self, state: Path) -> None:
        self.state = state
        state.mkdir(parents=True, exist_ok=True)
        (state / "log").touch()

    @property
    def env(self) -> dict[str, str]:
        return {STATE_VARIABLE: str(self.state)}

    def use_here(self) -> None:
        os.environ[STATE_VARIABLE] = str(self.state)

    def lay(self, record: IdCardRecord) -> None:
        """A card laid on the reader (anything "already read" forgotten: a new tap)."""
        self._gone("read_once")
        (self.state / "photo.wlt").write_bytes(record.photo_wlt or synthetic_photo(record))
        (self.state / "fields.gbk").write_bytes(_fields(record).encode("gbk"))
        (self.state / "text.bin").write_bytes(encode_text_block(record))

    def lift(self) -> None:
        for name in ("text.bin", "fields.gbk", "read_once"):
            self._gone(name)

    def fault(self, word: str | None) -> None:
        if word is None:
            self._gone("fault")
            return
        if word not in FAULTS:
            raise ValueError(f"unknown fault {word!r}; choose from {', '.join(FAULTS)}")
        (self.state / "fault").write_text(word)

    def calls(self) -> list[str]:
        """Every call the libraries answered, e.g. "SDT_ReadBaseMsg 1001 144"."""
        return (self.state / "log").read_text().splitlines()

    def _gone(self, name: str) -> None:
        (self.state / name).unlink(missing_ok=True)
