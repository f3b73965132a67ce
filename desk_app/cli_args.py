"""Argument types for `carddesk`: a value out of range is an argparse error (one line, exit 2) that says in
both languages what is wanted, never a Python traceback or a silently empty answer."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

FIRST_YEAR, LAST_YEAR = 1900, 2100


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number from low (to high)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            span = f"{low}–{high}" if high is not None else f"≥ {low}"
            raise argparse.ArgumentTypeError(f"应为整数 {span} / a whole number {span} is wanted: {text!r}")
        return value

    return parse


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"应为 0–3600 秒 / seconds from 0 to 3600 are wanted: {text!r}")
    return value


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD / a date is written YYYY-MM-DD: {text!r}") from None


year = whole(FIRST_YEAR, LAST_YEAR)
count = whole(0)
positive = whole(1)
