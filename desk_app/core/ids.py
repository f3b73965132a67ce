"""Identifiers that merge safely across desks: random UUIDs, never autoincrement integers.

A use case run as a command (at the desk, then again at the union service) draws its ids from the command:
the n-th id is derived from the command's id, so the desk and the union give the same reader, card and
ledger entry the same id without sending a list of them.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class _Allocation:
    def __init__(self, command_id: uuid.UUID, replayed: dict[str, list[int]] | None = None) -> None:
        self.command_id = command_id
        self.drawn = 0
        # Random numbers the use case drew (a random initial password): noted at the desk, given back at the
        # union, so both keep the password the reader was told.
        self.random: dict[str, list[int]] = {}
        self.replayed = {name: list(values) for name, values in (replayed or {}).items()}

    def next(self) -> uuid.UUID:
        self.drawn += 1
        return uuid.uuid5(self.command_id, f"id:{self.drawn}")


_current: ContextVar[_Allocation | None] = ContextVar("carddesk_id_allocation", default=None)


def new_id() -> uuid.UUID:
    allocation = _current.get()
    return allocation.next() if allocation is not None else uuid.uuid4()


RANDOM_PREFIX = "random:"


def random_below(name: str, upper: int) -> int:
    """A random number; within a command, noted with it (as `random:<name>`) and the same when run again."""
    allocation = _current.get()
    key = RANDOM_PREFIX + name
    if allocation is not None and key in allocation.replayed:
        values = allocation.replayed[key]
        if not values or not 0 <= values[0] < upper:
            raise ValueError(f"no drawn value for {key}")
        return values.pop(0)
    value = secrets.randbelow(upper)
    if allocation is not None:
        allocation.random.setdefault(key, []).append(value)
    return value


def drawn_at_random() -> dict[str, list[int]]:
    """What the current command drew at random so far (for its record at the desk)."""
    allocation = _current.get()
    return {k: list(v) for k, v in allocation.random.items()} if allocation is not None else {}


@contextmanager
def ids_of_command(command_id: uuid.UUID, replayed: dict[str, list[int]] | None = None) -> Iterator[None]:
    """Within this block every new id is the command's next one (and random draws are those `replayed`)."""
    token = _current.set(_Allocation(command_id, replayed))
    try:
        yield
    finally:
        _current.reset(token)
