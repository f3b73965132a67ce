"""Time is always timezone-aware; the library's local date decides ages and due dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime, timezone: str) -> date:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every time in CardDesk is timezone-aware")
    return moment.astimezone(ZoneInfo(timezone)).date()


def local_minute(moment: datetime | str, timezone: str) -> str:
    """A stored time (aware, or its ISO text) as a person at the library reads it: "YYYY-MM-DD HH:MM" there."""
    at = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if at.tzinfo is None:
        raise ValueError("naive datetime: every time in CardDesk is timezone-aware")
    return at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def age_on(birth_date: date, day: date) -> int:
    """Completed years (周岁) on the given day."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
