"""`carddesk`: a clerk's plain start of the desk window shows the sign-in at once, and the command line, the
database and the window's code load while the password is typed (`ui/sign_in_first.py`); every other command
goes straight to the command line (`cli.py`). Nothing heavy is imported here."""

from __future__ import annotations

import sys
from collections.abc import Sequence

# The global options a desktop shortcut may carry, each with its value; then at most `gui` with its own.
_GLOBAL = frozenset({"--db", "--profile", "--lang", "--branch", "--desk"})
_GUI = frozenset({"--branch", "--desk"})


def plain_window_start(words: Sequence[str]) -> bool:
    """The words start the window as a clerk does (no kiosk user, screenshot or benchmark options)."""
    allowed, index = _GLOBAL, 0
    while index < len(words):
        word = words[index]
        name = word.split("=", 1)[0]
        if name in allowed:
            index += 1 if "=" in word else 2
        elif word == "gui" and allowed is _GLOBAL:
            allowed, index = _GUI, index + 1
        else:
            return False
    return index == len(words)


def option_value(words: Sequence[str], name: str) -> str | None:
    """The value given to a global option of a plain start (`--lang en` or `--lang=en`), None when absent."""
    for index, word in enumerate(words):
        if word.startswith(f"{name}="):
            return word.split("=", 1)[1]
        if word == name and index + 1 < len(words):
            return words[index + 1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if plain_window_start(words):
        from desk_app.settings import config_file

        # A first start with no settings opens the set-up instead, which the command line runs.
        if option_value(words, "--db") is not None or config_file().exists():
            from desk_app.ui.sign_in_first import run

            return run(words)
    from desk_app.cli import main as cli_main

    return cli_main(words)
