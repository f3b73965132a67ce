"""Who is present at the desk for a step that needs a second person (a supervisor's approval).

At the desk the supervisor typed their password there; at the union service, a second person counts as
present only with a live session of theirs at that desk. The use case asks the same question either way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_present: ContextVar[frozenset[uuid.UUID]] = ContextVar("carddesk_present_staff", default=frozenset())


def is_present(staff_id: uuid.UUID) -> bool:
    return staff_id in _present.get()


@contextmanager
def staff_present(ids: Iterable[uuid.UUID]) -> Iterator[None]:
    token = _present.set(frozenset(ids))
    try:
        yield
    finally:
        _present.reset(token)
