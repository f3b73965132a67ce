"""Identifiers that merge safely across desks: random UUIDs, never autoincrement integers.

A use case run as a command (at the desk, then again at the union service) draws its ids from the command:
the n-th id is derived from the command's id, so the desk and the union give the same reader, card and
ledger entry the same id without sending a list of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class _Allocation:
    def __init__(self, command_id: uuid.UUID) -> None:
        self.command_id = command_id
        self.drawn = 0

    def next(self) -> uuid.UUID:
        self.drawn += 1
        return uuid.uuid5(self.command_id, f"id:{self.drawn}")


_current: ContextVar[_Allocation | None] = ContextVar("carddesk_id_allocation", default=None)


def new_id() -> uuid.UUID:
    allocation = _current.get()
    return allocation.next() if allocation is not None else uuid.uuid4()


@contextmanager
def ids_of_command(command_id: uuid.UUID) -> Iterator[None]:
    """Within this block every new id is the command's next one."""
    token = _current.set(_Allocation(command_id))
    try:
        yield
    finally:
        _current.reset(token)
