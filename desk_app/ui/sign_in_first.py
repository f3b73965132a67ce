"""The sign-in window first: shown before anything but Qt and the window's own texts is loaded; the command
line, the desk's database and the main window's code load on a thread meanwhile. Enter waits for them if the
password was typed faster. A start that cannot load (a database that will not open, a wrong option) closes
the sign-in and runs the command line's start, which says why exactly as before.

`CARDDESK_START_TRACE=1` (the start-up benchmark): print `painted` when the sign-in is on screen and `loaded`
when the rest is, read "user<TAB>password" from stdin and sign in with it (`enter`), quit once the main window
shows readers.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from PyQt6.QtCore import QEvent, QObject, QTimer, pyqtSignal
from PyQt6.QtWidgets import QApplication, QDialog

from desk_app.entry import option_value
from desk_app.settings import load_settings
from desk_app.ui.language import install_language, window_language
from desk_app.ui.sign_in import SignInDialog

_KEEP: list[QApplication] = []


@dataclass
class Loaded:
    args: Any  # argparse.Namespace of the command line's own parser
    settings: dict[str, Any]
    desk: Any  # desk_app.bootstrap.OpenDesk


def _load_into(loading: Future[Loaded], words: list[str]) -> None:
    try:
        from desk_app.cli import prepare_window

        args, settings, desk = prepare_window(words)
        import desk_app.ui.app  # noqa: F401  (the window's code, imported here off the UI thread)
    except BaseException as err:  # SystemExit from the parser too: the command line's start says it
        loading.set_exception(err)
    else:
        loading.set_result(Loaded(args, settings, desk))


class _FirstPaint(QObject):
    """Starts the loading once the sign-in is on screen (loading sooner would take the interpreter from the
    painting); says so for the start-up benchmark."""

    def __init__(self, then: Callable[[], None], say: bool) -> None:
        super().__init__()
        self._then = then
        self._say = say

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and event.type() == QEvent.Type.Paint:
            if watched is not None:
                watched.removeEventFilter(self)
            if self._say:
                print("painted", flush=True)
            QTimer.singleShot(0, self._then)
        return False


class _Typed(QObject):
    """What the benchmark types into the sign-in, carried from the stdin thread to the UI thread."""

    arrived = pyqtSignal(str, str)


def run(words: list[str]) -> int:
    settings = load_settings()
    lang = window_language(option_value(words, "--lang"), settings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _KEEP.append(app)  # lives until the interpreter ends, as the window's own start keeps it
    app.setApplicationName("CardDesk")
    install_language(app, lang)
    loading: Future[Loaded] = Future()
    ready = threading.Event()
    parts: dict[str, Any] = {}

    def authenticate(username: str, password: str) -> object:
        ready.wait()
        sign_in: Callable[[str, str], object] | None = parts.get("authenticate")
        if sign_in is None:
            raise RuntimeError("the desk did not start")
        return sign_in(username, password)

    def start_loading() -> None:
        # Called by the first paint and by the fallback a second later, whichever comes first: once only
        # (a second set_running_or_notify_cancel would raise in a Qt slot).
        if loading.running() or loading.done():
            return
        if loading.set_running_or_notify_cancel():
            threading.Thread(target=_load_into, args=(loading, words), name="carddesk-start", daemon=True).start()

    dialog = SignInDialog(authenticate, "", lang=lang)
    tracing = os.environ.get("CARDDESK_START_TRACE") == "1"
    painted = _FirstPaint(start_loading, tracing)
    dialog.installEventFilter(painted)
    QTimer.singleShot(1000, start_loading)  # a sign-in that is never painted (minimised) still loads
    typed = _Typed()
    if tracing:
        typed.arrived.connect(dialog.type_in)
        threading.Thread(target=lambda: _read_credentials(typed), daemon=True).start()
    watcher = QTimer()
    watcher.setInterval(20)
    watcher.timeout.connect(lambda: _when_loaded(loading, dialog, parts, ready, watcher, lang))
    watcher.start()
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.operations.wait()
    signed = dialog.result_value
    # Gone by the window's own event loop: deleted at once here (or left to PyQt's clean-up at exit) it
    # crashed the interpreter at exit now and then.
    watcher.stop()
    watcher.timeout.disconnect()
    dialog.removeEventFilter(painted)
    dialog.deleteLater()
    try:
        loaded = loading.result()
    except BaseException:  # the command line's own start says what went wrong
        from desk_app.cli import main as cli_main

        return cli_main(words)
    try:
        if accepted:
            from desk_app.ui.app import run_gui

            loaded.args.quit_when_ready = tracing
            return run_gui(loaded.desk, loaded.args, loaded.settings, signed, parts["union"])  # type: ignore[arg-type]
        if parts.get("nobody"):
            from desk_app.ui.app import run_gui

            return run_gui(loaded.desk, loaded.args, loaded.settings)  # its first administrator is made there
        return 0
    finally:
        loaded.desk.close()


def _when_loaded(
    loading: Future[Loaded], dialog: SignInDialog, parts: dict[str, Any], ready: threading.Event, watcher: QTimer,
    lang: str,
) -> None:  # fmt: skip
    if not loading.done():
        return
    watcher.stop()
    try:
        loaded = loading.result()
    except BaseException:  # closed here, said by the command line's start in run()
        ready.set()
        dialog.reject()
        return
    from desk_app.ui.app import authenticator, nobody_signs_in, union_title
    from desk_app.union_desk import UnionLink

    desk, args, settings = loaded.desk, loaded.args, loaded.settings
    union = parts["union"] = UnionLink(desk, settings)
    if nobody_signs_in(desk, union):
        parts["nobody"] = True
        ready.set()
        dialog.reject()
        return
    parts["authenticate"] = authenticator(desk, union, args.desk or str(settings.get("desk") or "D1"))
    dialog.show_heading(union_title(desk, settings, union, lang))
    ready.set()
    if os.environ.get("CARDDESK_START_TRACE") == "1":
        print("loaded", flush=True)


def _read_credentials(typed: _Typed) -> None:
    user, _tab, password = sys.stdin.readline().rstrip("\n").partition("\t")
    typed.arrived.emit(user, password)
