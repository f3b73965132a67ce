"""Named points where a test can cut the power: the process ends at once, as a pulled plug would end it.

Money and card paths pass these between their steps; `CARDDESK_CRASH_AT=<name>` in the environment makes
the process exit there without running any clean-up, so the tests can prove that what was committed before
the cut is kept, what was not is not, and running the same action again finishes it exactly once.
"""

from __future__ import annotations

import os
import sys

CRASH_ENV = "CARDDESK_CRASH_AT"
CRASH_EXIT = 86
# An installed desk (the frozen bundle) has no crash points: nobody can stop it mid-payment through its
# environment. Only the tests' runs from source honour CARDDESK_CRASH_AT.
ARMED = not getattr(sys, "frozen", False)


def crashpoint(name: str) -> None:
    if ARMED and os.environ.get(CRASH_ENV) == name:
        os._exit(CRASH_EXIT)
