"""Starting the desk: sign in, open the main window, lock after idle minutes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PyQt6 import sip
from PyQt6.QtCore import QTimer
from PyQt6.QtGui import QFontDatabase
from PyQt6.QtWidgets import QApplication, QDialog

from desk_app.batch_desk import BatchDesk
from desk_app.bootstrap import OpenDesk
from desk_app.card_services_desk import CardServices
from desk_app.children_desk import ChildrenDesk
from desk_app.core.clock import utc_now
from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.core.services.staff_accounts import SignedIn, create_first_admin, has_signing_staff, sign_in
from desk_app.counter_desk import CounterDesk
from desk_app.logs import setup_logging
from desk_app.money_desk import MoneyDesk
from desk_app.paper_desk import PaperDesk
from desk_app.settings import load_settings
from desk_app.stats_desk import StatsDesk
from desk_app.ui.crash import install_crash_dialog
from desk_app.ui.devices_bridge import DeviceBridge, WedgeScanFilter
from desk_app.ui.first_admin import FirstAdminDialog
from desk_app.ui.language import install_language, window_language
from desk_app.ui.main_window import MainWindow
from desk_app.ui.retranslate import Retranslator
from desk_app.ui.sign_in import IdleLock, SignInDialog
from desk_app.ui.sync_status import SyncController
from desk_app.union_desk import ServedDirectory, UnionLink, union_sign_in
from devices.manager import DeviceConfig, DeviceManager
from devices.scanner import WedgeDetector
from printing.font_paths import BUNDLED_FONTS


def install_bundled_fonts() -> list[str]:
    """The bundle's Chinese fonts for the screen too, for a staff PC that has none installed."""
    families: list[str] = []
    for path in sorted(BUNDLED_FONTS.glob("*.tt[cf]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families


_KEEP: list[QApplication] = []


def run_setup(settings: dict[str, Any], lang: str = "zh", database: Path | None = None) -> dict[str, Any] | None:
    """The first-run wizard; returns the stored settings, or None when it was cancelled."""
    from desk_app.documents import known_printers
    from desk_app.settings import save_settings
    from desk_app.ui.first_run import FirstRunWizard
    from devices.manager import discover

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _KEEP.append(app)  # the desk window opens in this same application after the set-up
    install_bundled_fonts()
    install_language(app, lang)  # the wizard's own buttons (下一步, 完成) too
    printers = known_printers(settings)
    found = discover(include_pcsc=True)
    ports = [p.device for p in found.serial_ports]
    wizard = FirstRunWizard(settings, save_settings, printers, ports, lang, database=database,
                            chip_readers=found.pcsc_readers, sdk_libraries=found.sdk_libraries)  # fmt: skip
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    wizard.operations.wait()
    return load_settings() if accepted else None


def _grab_screen(path: Path, app: QApplication) -> None:
    screen = app.primaryScreen()
    if screen is not None:
        screen.grabWindow(0).save(str(path))


def _save_screen(path: Path, app: QApplication) -> None:
    _grab_screen(path, app)
    app.quit()


def authenticator(desk: OpenDesk, union: UnionLink, desk_code: str) -> Callable[..., SignedIn]:
    """The desk's sign-in: at the union when the desk joined one (offline, the verifier kept when this member
    last signed in online here, and nobody else's); else against the desk's own staff."""

    def authenticate(username: str, password: str, current: bool = True) -> SignedIn:
        if union.configured:
            try:
                return union_sign_in(union, username, password, desk_code, current)
            except DeskError as err:
                if err.code != "union.unreachable":
                    raise
        with desk.uow() as uow:
            return sign_in(uow, username, password, desk_code, utc_now())

    return authenticate


def nobody_signs_in(desk: OpenDesk, union: UnionLink) -> bool:
    """A desk on its own with no staff account: its first administrator is made at the start."""
    with desk.uow() as uow:
        return not union.configured and not has_signing_staff(uow)


def union_title(desk: OpenDesk, settings: dict[str, Any], union: UnionLink, code: str) -> str:
    if union.configured:
        # Which union this desk is on, by the address it joined (two demo unions may share a name).
        return f"{desk.profile.name(code)} · {urlsplit(str(dict(settings['union'])['url'])).netloc}"
    return desk.profile.name(code)


def run_gui(
    desk: OpenDesk,
    args: argparse.Namespace,
    settings: dict[str, Any],
    signed_already: SignedIn | None = None,
    union: UnionLink | None = None,
) -> int:
    """The desk window. `signed_already`: the staff member the sign-in shown before the database was open
    let in (`ui/sign_in_first.py`), over `union`, the link that sign-in used."""
    install_crash_dialog(str(setup_logging()))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CardDesk")
    install_bundled_fonts()
    lang = window_language(args.lang, settings)
    install_language(app, lang)
    # Another language chosen while running: every open window says its texts again (LanguageChange).
    retranslator = Retranslator(lambda: str(app.property("carddesk_language") or "zh"), app)
    app.installEventFilter(retranslator)
    desk_code = args.desk or str(settings.get("desk") or "D1")
    union = union or UnionLink(desk, settings)

    def title_in(code: str) -> str:
        return union_title(desk, settings, union, code)

    title = title_in(lang)
    authenticate = authenticator(desk, union, desk_code)

    if signed_already is not None:
        signed = signed_already
    elif nobody_signs_in(desk, union) and not args.user:
        # A desk on its own with nobody to sign in as: its first administrator, then straight in.
        branch = desk.profile.branch(str(settings.get("branch") or desk.profile.branches[0].code))

        def create(username: str, name: str, password: str) -> SignedIn:
            with desk.uow() as uow:
                create_first_admin(uow, username, name, branch.code, password, desk_code, utc_now())
            return authenticate(username, password)

        first = FirstAdminDialog(create, branch.name, lang)
        if args.screenshot:
            QTimer.singleShot(800, lambda: (_grab_screen(args.screenshot, app), first.reject()))
        if first.exec() != QDialog.DialogCode.Accepted:
            return 0
        signed = first.result_value  # type: ignore[assignment]
    elif args.user:
        signed = authenticate(args.user, sys.stdin.readline().rstrip("\n") if args.password_stdin else "")
    else:
        dialog = SignInDialog(authenticate, title, lang=lang)
        if args.screenshot:
            # The dialog runs an event loop of its own: grab the screen, then close the dialog itself.
            QTimer.singleShot(800, lambda: (_grab_screen(args.screenshot, app), dialog.reject()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        signed = dialog.result_value  # type: ignore[assignment]

    paper = PaperDesk(desk, desk.context(signed.actor), settings)
    joined = union if union.configured else None
    batches = BatchDesk(desk, desk.context(signed.actor), joined)
    counter = CounterDesk(desk, desk.context(signed.actor), link=joined, settings=settings)
    stats = StatsDesk(desk, desk.context(signed.actor))
    money = MoneyDesk(desk, desk.context(signed.actor), settings, joined, print_remembered=True)
    services = CardServices(desk, desk.context(signed.actor), settings)
    children = ChildrenDesk(desk, desk.context(signed.actor), settings, joined)

    def place_of(who: SignedIn) -> str:
        branch = desk.profile.branch(who.actor.branch_code)
        return f"{branch.name}（{branch.code}）· {desk_code} · {who.display_name}"

    directory = ServedDirectory(union, desk.directory()) if union.configured else desk.directory()
    bridge = DeviceBridge(app)
    device_config = DeviceConfig.from_settings(dict(settings.get("devices") or {}))
    wedge = WedgeScanFilter(WedgeDetector(prefix=device_config.scanner_prefix, aim=device_config.scanner_aim), app)
    app.installEventFilter(wedge)
    devices = DeviceManager(device_config, bridge.events())
    devices.start()
    sync = SyncController(union, desk.context(signed.actor), lang, parent=app)
    sync.start()
    lock = IdleLock(int(settings.get("lock_after_minutes", 5)) * 60_000, app)
    app.installEventFilter(lock)
    # The window of the moment (a language chosen while running retranslates it and its dialogs in place).
    shown: dict[str, Any] = {"lang": lang, "place": place_of(signed)}

    def authorise(username: str, password: str) -> DeskContext:
        """A supervisor's own sign-in for one step at this running desk: the step is theirs in the audit, and
        the clerk stays signed in."""
        return desk.context(authenticate(username, password, current=False).actor)

    def build(code: str) -> MainWindow:
        made = MainWindow(directory, title_in(code), shown["place"], str(desk.path), code, paper, batches, counter,
                          stats, money, services, children)  # fmt: skip
        made.language_chosen = switch_language
        made.authorise = authorise
        made.attach_devices(bridge, wedge)
        made.attach_sync(sync)
        made.lock_requested.connect(on_idled)
        return made

    def switch_language(code: str) -> None:
        from desk_app.settings import save_settings

        save_settings({**load_settings(), "language": code})
        if code == shown["lang"]:
            return
        shown["lang"] = code
        sync.set_language(code)
        install_language(app, code)  # each open window and dialog retranslates itself, what was typed kept
        shown["window"].show_union_name(title_in(code))

    def on_signed_in_again(again: SignedIn) -> None:
        ctx = desk.context(again.actor)
        for facade in (paper, batches, counter, stats, money, services, children, sync):
            facade.ctx = ctx
        shown["place"] = place_of(again)
        shown["window"].show_place(shown["place"])  # whoever signed in this time
        shown["window"].set_locked(False)
        lock.start()

    def on_idled() -> None:
        shown["window"].set_locked(True)
        unlock = SignInDialog(authenticate, title_in(shown["lang"]), locked=True, lang=shown["lang"],
                              parent=shown["window"])  # fmt: skip
        unlock.signed_in.connect(on_signed_in_again)
        unlock.open()

    window = shown["window"] = build(lang)
    lock.idled.connect(on_idled)
    window.show()
    window.start()
    lock.start()
    if getattr(args, "open", None) == "stats":
        report = window.open_stats()
        if args.screenshot and report is not None:
            report.report_shown.connect(lambda _r: QTimer.singleShot(800, lambda: _save_screen(args.screenshot, app)))
    elif getattr(args, "quit_when_ready", False):

        def ready(_found: int) -> None:
            if os.environ.get("CARDDESK_START_TRACE") == "1":
                print("ready", flush=True)  # the start-up benchmark times the usable window from here
            app.quit()

        window.search_finished.connect(ready)
    elif args.screenshot:
        window.search_finished.connect(lambda _n: QTimer.singleShot(500, lambda: _save_screen(args.screenshot, app)))
    code = app.exec()
    sync.stop()
    devices.stop()
    window = shown["window"]  # the last one built (a language switch builds another)
    window.operations.wait()
    if window.stats_window is not None:
        # Qt Charts objects must go while Qt still runs: left to PyQt's clean-up at exit they crash it.
        window.stats_window.operations.wait()
        sip.delete(window.stats_window)
        window.stats_window = None
    return code
