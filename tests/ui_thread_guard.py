"""Proof that the desk window never touches the database or a device on the UI thread.

Every SQL statement any engine runs, every serial read or write and every PC/SC command is checked: when it
happens on Qt's GUI thread with code of `desk_app/ui` on the stack, it is recorded as a violation, and the
test that caused it fails. (Test code setting up data on the main thread has no UI frame on its stack.)
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

UI_DIR = str(Path(__file__).resolve().parent.parent / "desk_app" / "ui") + "/"
violations: list[str] = []


def _from_the_ui_thread(what: str) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    if "PyQt6.QtWidgets" not in sys.modules:
        return
    from PyQt6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(UI_DIR):
            where = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} in {frame.f_code.co_name}"
            stack = "".join(traceback.format_stack(frame, limit=8))
            violations.append(f"{what} on the UI thread, from {where}:\n{stack}")
            return
        frame = frame.f_back


def _on_cursor(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    _from_the_ui_thread(f"SQL {statement[:60]!r}")


def _wrap(owner: Any, name: str, what: str) -> None:
    original = getattr(owner, name)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        _from_the_ui_thread(what)
        return original(*args, **kwargs)

    setattr(owner, name, guarded)


def install() -> None:
    event.listen(Engine, "before_cursor_execute", _on_cursor)
    import serial

    for name in ("read", "write", "open"):
        _wrap(serial.Serial, name, f"serial {name}")
    try:
        from smartcard import scard
    except ImportError:  # pragma: no cover - pyscard is in the lock; tolerate a partial environment
        return
    for name in ("SCardTransmit", "SCardConnect", "SCardGetStatusChange"):
        if hasattr(scard, name):
            _wrap(scard, name, f"PC/SC {name}")
