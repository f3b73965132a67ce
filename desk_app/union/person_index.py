"""The union's compact index of who holds a live card: keyed hashes of normalised document numbers, for a desk
to notice offline that a person may already have a card somewhere in the union, without holding anyone's
number.

Each entry is the first 32 bits of HMAC-SHA256(key, person key), sorted. At 5,000,000 people one random
other person matches a given hash with probability 5e6 / 2^32 ≈ 0.12% (the false-positive rate of a lookup),
and the file is 4 bytes per person (20 MB). What a thief learns from a desk's index, with the key from its
keyring (without the key: nothing): testing all ≈ 1.1e11 well-formed citizen numbers against 32-bit hashes
leaves about 26 candidate numbers per entry, so the index says "one of these ~26 numbers has a card", not
whose number it is; with a date of birth and a region known, a given person's membership can be confirmed.
That is why the key lives in the keyring (never in the desk's file) and the index carries no name.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct

from sqlalchemy import Connection, Engine, select

from db.models import CardRow, IdentityDocumentRow
from desk_app.core.entities import LIVE_STATUSES
from desk_app.union import schema

BITS = 32
_SECRET_NAME = "person-index-key"  # noqa: S105  # the name of the secret, not the secret


def entry(key: bytes, person_key: str) -> int:
    return int.from_bytes(hmac.new(key, person_key.encode(), hashlib.sha256).digest()[: BITS // 8], "big")


def index_key(connection: Connection) -> bytes:
    """The union's index key, made once and kept in the union's database."""
    found = connection.execute(select(schema.secrets.c.value).where(schema.secrets.c.name == _SECRET_NAME)).first()
    if found is not None:
        return bytes.fromhex(found.value)
    made = secrets.token_hex(32)
    connection.execute(schema.secrets.insert().values(name=_SECRET_NAME, value=made))
    return bytes.fromhex(made)


def build(engine: Engine) -> tuple[bytes, bytes, int]:
    """(key, the sorted entries packed big-endian, count) for every person with a live card."""
    documents, cards = IdentityDocumentRow.__table__, CardRow.__table__
    live = [status.value for status in LIVE_STATUSES]
    with engine.begin() as connection:
        key = index_key(connection)
        people = connection.execute(
            select(documents.c.person_key)
            .distinct()
            .join(cards, cards.c.reader_id == documents.c.reader_id)
            .where(cards.c.status.in_(live))
        ).scalars()
        entries = sorted({entry(key, person) for person in people})
    return key, struct.pack(f">{len(entries)}I", *entries), len(entries)
