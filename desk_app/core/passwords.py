"""Reader passwords: argon2 hashes, the default of the seeds, and the strength rule for a new one."""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desk_app.core.errors import DeskError
from desk_app.core.ids import random_below

# argon2id with one of OWASP's recommended configurations (Password Storage Cheat Sheet: 7 MiB, 5 iterations,
# 1 lane, which it lists as equal in defence to 19 MiB with 2). The least memory of them: the hash runs on a
# counter PC while the window loads, and argon2-cffi's default (64 MiB, 4 lanes) cost it 64 MB at every sign-in.
# Hashes made with other parameters still verify (each hash carries its own).
_HASHER = PasswordHasher(time_cost=5, memory_cost=7 * 1024, parallelism=1)
HASH_PARAMETERS = {
    "time_cost": _HASHER.time_cost,
    "memory_cost": _HASHER.memory_cost,
    "parallelism": _HASHER.parallelism,
}


@dataclass(frozen=True)
class InitialPassword:
    value: str
    # A random password must be told to the reader once (it is never stored or shown again); the last six of
    # their own number they can work out themselves.
    tell_reader: bool


def initial_password(rule: str, document_number: str, is_citizen_number: bool) -> InitialPassword:
    """Foshan A.2.3: 默认为身份证后六位. "身份证后六位" says nothing of a passport or a permit: those (and every
    document where the profile's rule is not "citizen_last_six") get six random digits, told to the reader once."""
    if rule == "citizen_last_six" and is_citizen_number:
        return InitialPassword(document_number[-6:], False)
    return InitialPassword(f"{random_below('initial_password', 1_000_000):06d}", True)


def default_password(document_number: str) -> str:
    """The last six characters of a citizen number (Foshan A.2.3)."""
    return document_number[-6:]


def check_strength(password: str) -> None:
    """Foshan 6.1.1.2 / 6.2.2: eight or more characters with both letters and digits. Only ASCII letters and
    digits count: a full-width "１" is no digit a reader can type at a self-service machine."""
    if len(password) < 8 or not re.search(r"[A-Za-z]", password) or not re.search(r"[0-9]", password):
        raise DeskError("password.too_weak")


# A reader's initial password that is the last six characters of their own citizen number is kept as this
# marker, not as a hash: the number is on record beside it, so a hash would hide nothing, and the union runs
# every issue again (argon2's deliberate cost, about 90 ms a reader, would be paid a second time there).
FROM_CITIZEN_NUMBER = "initial:citizen-number-last-six"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def initial_hash(initial: InitialPassword) -> str:
    """What a reader record keeps for its initial password: a random one hashed, the default one marked."""
    return hash_password(initial.value) if initial.tell_reader else FROM_CITIZEN_NUMBER


def verify_reader_password(stored: str, candidate: str, citizen_numbers: Iterable[str]) -> bool:
    if stored == FROM_CITIZEN_NUMBER:
        return any(hmac.compare_digest(candidate.encode(), number[-6:].encode()) for number in citizen_numbers)
    return verify_password(stored, candidate)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
