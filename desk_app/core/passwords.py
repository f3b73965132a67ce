"""Reader passwords: argon2 hashes, the default of the seeds, and the strength rule for a new one."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desk_app.core.errors import DeskError

_HASHER = PasswordHasher()


def default_password(document_number: str) -> str:
    """Foshan A.2.3: the default service password is the last six characters of the ID number."""
    return document_number[-6:]


def check_strength(password: str) -> None:
    """Foshan 6.1.1.2 / 6.2.2: eight or more characters with both letters and digits."""
    if len(password) < 8 or not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        raise DeskError("password.too_weak")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
