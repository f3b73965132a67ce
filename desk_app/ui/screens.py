"""Every screen of the desk, in Chinese and in English, as PNGs under docs/screens/<lang>/.

`make screens` (or `sh installer/dev.sh screens`) runs this under Xvfb, so the pictures are what a person
sees on a 1366×768 counter screen; each window is filled from a synthetic demo desk first.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QEventLoop, QTimer
from PyQt6.QtWidgets import QApplication, QWidget

SCREEN = (1366, 768)
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)


def _wait(signal: Any = None, ms: int = 8000, until: Callable[[], bool] | None = None) -> None:
    """Let the window's background work finish: until the signal fires (or the condition holds)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    if signal is not None:
        signal.connect(lambda *_args: loop.quit())
        loop.exec()
    if until is not None:
        timer = QTimer()

        def check() -> None:
            if until():
                loop.quit()

        timer.timeout.connect(check)
        timer.start(50)
        loop.exec()
        timer.stop()
    QApplication.processEvents()


def _save(widget: QWidget, out: Path) -> Path:
    widget.show()
    widget.raise_()
    QApplication.processEvents()
    _wait(ms=150)
    out.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(out))
    return out


class _Demo:
    """A demo desk (Foshan, synthetic readers) and every window's facade, signed in as a supervisor."""

    def __init__(self, root: Path) -> None:
        from desk_app.batch_desk import BatchDesk
        from desk_app.bootstrap import open_desk
        from desk_app.card_services_desk import CardServices
        from desk_app.children_desk import ChildrenDesk
        from desk_app.core.entities import Actor, LedgerKind
        from desk_app.core.services.deposits import take
        from desk_app.core.services.setup import add_staff
        from desk_app.counter_desk import CounterDesk
        from desk_app.demo.demo_data import make_demo_data
        from desk_app.demo.people import PeopleFactory
        from desk_app.money_desk import MoneyDesk
        from desk_app.stats_desk import StatsDesk

        self.desk = open_desk(root / "desk.sqlite", "foshan")
        make_demo_data(self.desk.uow_factory(), self.desk.profile, readers=20, clock=lambda: NOW)
        with self.desk.uow() as uow:
            staff = add_staff(uow, "screens-fslib", "演示主管", "FSLIB", "supervisor")
        self.ctx = self.desk.context(Actor(staff.id, "FSLIB", "D1"))
        settings: dict[str, Any] = {}
        self.people = PeopleFactory("foshan", seed=99)
        self.counter = CounterDesk(self.desk, self.ctx, settings=settings)
        self.services = CardServices(self.desk, self.ctx, settings)
        self.money = MoneyDesk(self.desk, self.ctx, settings)
        self.children = ChildrenDesk(self.desk, self.ctx, settings)
        self.batches = BatchDesk(self.desk, self.ctx)
        self.stats = StatsDesk(self.desk, self.ctx)
        with self.desk.uow() as uow:
            cards = [c for c in uow.cards.where() if c.home_branch_code == "FSLIB" and c.status.value == "active"]
            self.card = cards[0].number
        with self.desk.uow() as uow:
            take(uow, self.ctx, LedgerKind.DEPOSIT_TAKEN, self.card, 10000, against_policy="前政策下收取的押金")
        self.batch_file = self._batch_file(root / "名单.csv")
        self.batches.import_file(self.batch_file, "演示小学 2026 秋季", False, lambda _d, _t: None)
        # Shenzhen's co-branded cards (the Foshan demo has none to activate).
        self.shenzhen = open_desk(root / "shenzhen.sqlite", "shenzhen")
        self.shenzhen_counter = CounterDesk(self.shenzhen, self.shenzhen.context(Actor(staff.id, "SZLIB", "D1")))

    def _batch_file(self, path: Path) -> Path:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["身份证号(必填)", "姓名(必填)", "联系电话(必填)", "家长姓名", "家长联系电话", "班级",
                          "所属区县名称(必填)"])  # fmt: skip
            for n in range(6):
                pupil = self.people.person(8 + n % 4, TODAY)
                number = pupil.citizen_number if n != 3 else pupil.citizen_number[:-1] + "0"
                out.writerow([number, pupil.name, pupil.phone, "家长", "13900000000", f"{3 + n % 3}年级1班", "禅城区"])
        return path

    def close(self) -> None:
        self.desk.close()
        self.shenzhen.close()


def _screens(demo: _Demo, lang: str, out: Path) -> list[Path]:
    from desk_app.counter_desk import issue_with_other_document
    from desk_app.ui.card_services import CardServicesDialog
    from desk_app.ui.children_desk import ChildRegistrationDialog
    from desk_app.ui.deposit_desk import DepositDeskDialog
    from desk_app.ui.group_desk import GroupDeskDialog
    from desk_app.ui.main_window import MainWindow
    from desk_app.ui.other_documents import OtherDocumentDialog
    from desk_app.ui.registration import RegistrationDialog
    from desk_app.ui.sign_in import SignInDialog
    from devices.idcard.text_block import CardKind, IdCardRecord
    from devices.mrz_reader import parse_mrz

    made: list[Path] = []
    title = demo.desk.profile.name(lang)
    sign_in = SignInDialog(lambda _u, _p: None, title, lang=lang)
    made.append(_save(sign_in, out / "sign-in.png"))
    sign_in.close()

    place = "佛山市图书馆（FSLIB）· D1 · 演示主管"
    facades = (None, demo.batches, demo.counter, demo.stats, demo.money, demo.services, demo.children)
    window = MainWindow(demo.desk.directory(), title, place, str(demo.desk.path), lang, *facades)
    window.resize(*SCREEN)
    window.show()
    window.start()
    _wait(window.search_finished)
    window.table.selectRow(0)
    made.append(_save(window, out / "main-window.png"))

    person = demo.people.person(34, TODAY)
    issued_by, valid = "佛山市公安局禅城分局", (date(2021, 3, 1), date(2041, 3, 1))
    record = IdCardRecord(CardKind.RESIDENT_ID, person.name, "女", person.birth_date, person.citizen_number,
                          issued_by, *valid, "汉", "佛山市禅城区演示路8号")  # fmt: skip
    registration = RegistrationDialog(record, demo.counter, lang, window)
    registration.phone.setText(person.phone)
    made.append(_save(registration, out / "registration-after-tap.png"))
    registration.close()

    from desk_app.ui.reader_page import ReaderPageDialog

    page = ReaderPageDialog(demo.services, demo.card, lang, window, lambda _card, _action: None)
    page.load()
    _wait(page.finished_step)
    made.append(_save(page, out / "reader-page.png"))
    page.close()

    services = CardServicesDialog(demo.services, demo.card, "演示读者", lang, window)
    services.choose("cancel")
    _wait(until=lambda: services.preview_value is not None)
    made.append(_save(services, out / "card-services.png"))
    services.close()

    deposit = DepositDeskDialog(demo.money, lang, demo.card, window)
    deposit.load_account()
    _wait(deposit.finished_step)
    made.append(_save(deposit, out / "deposit-desk.png"))
    deposit.tabs.setCurrentIndex(1)
    deposit.doc_number.setText(demo.people.person(40, TODAY).citizen_number)
    made.append(_save(deposit, out / "deposit-refund.png"))
    deposit.tabs.setCurrentIndex(2)
    deposit.close_day()
    _wait(deposit.finished_step)
    made.append(_save(deposit, out / "deposit-day-end.png"))
    deposit.close()

    child, parent = demo.people.person(9, TODAY), demo.people.person(38, TODAY)
    children = ChildRegistrationDialog(demo.children, lang, window)
    children.child_doc.setText(child.citizen_number)
    children.child_name.setText(child.name)
    children.check_path()
    _wait(children.finished_step)
    children.guardian_name.setText(parent.name)
    children.guardian_doc.setText(parent.citizen_number)
    children.guardian_phone.setText(parent.phone)
    children.pad.add_stroke([(30, 95), (70, 45), (110, 100), (160, 40), (220, 85), (280, 60)])
    made.append(_save(children, out / "children-desk.png"))
    children.close()

    mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    other = OtherDocumentDialog(lambda cmd, photo: issue_with_other_document(demo.counter, cmd, photo),
                                demo.counter.card_types(), lang, window)  # fmt: skip
    other.fill_from_mrz(parse_mrz(mrz, TODAY))
    other.set_barcode("FS5550001")
    made.append(_save(other, out / "yikatong-other-document.png"))
    other.close()

    group = GroupDeskDialog(demo.batches, lang, window)
    group.load()
    _wait(until=lambda: group.row_table.rowCount() > 0)
    made.append(_save(group, out / "group-desk.png"))
    group.close()

    made += _more_screens(demo, lang, out, window)

    stats = window.open_stats()  # type: ignore[no-untyped-call]
    if stats is not None:
        _wait(stats.report_shown, ms=30000)
        made.append(_save(stats, out / "statistics.png"))
        stats.operations.wait()
        from PyQt6 import sip

        sip.delete(stats)  # Qt Charts objects must go while Qt still runs
        window.stats_window = None
    window.operations.wait()
    window.close()
    return made


def _more_screens(demo: _Demo, lang: str, out: Path, window: QWidget) -> list[Path]:
    """The set-up's pages, sync conflicts, a print preview, the co-branded and online-card paths, the crash."""
    from desk_app.core.services.inputs import DocumentInput
    from desk_app.documents import produce
    from desk_app.ui.card_paths import CobrandedDialog, OnlineToPhysicalDialog
    from desk_app.ui.crash import crash_box
    from desk_app.ui.first_run import FirstRunWizard
    from desk_app.ui.print_preview import PrintPreviewDialog
    from desk_app.ui.printed import document_name
    from desk_app.ui.sync_status import ConflictsDialog, SyncController, SyncState
    from desk_app.union_desk import ConflictView, UnionLink

    made: list[Path] = []
    wizard = FirstRunWizard({"profile": "foshan"}, lambda _s: None, ["CardDeskPDF", "前台收据打印机"],
                            ["/dev/ttyUSB0", "/dev/ttyACM0"], lang, database=demo.desk.path)  # fmt: skip
    for number, page in enumerate(wizard.pageIds(), 1):
        wizard.setStartId(page)
        wizard.restart()
        made.append(_save(wizard, out / f"set-up-{number}.png"))
    wizard.close()

    controller = SyncController(UnionLink(demo.desk, {}), demo.ctx, lang, parent=window)
    conflicts = ConflictsDialog(controller, lang, window)
    found = ConflictView("1", "issue_card", demo.card, "card.already_has_card",
                         "此人已在南海区图书馆办证（FSNHLIB0000042）", "2026-11-21T08:15:00+00:00")  # fmt: skip
    conflicts.show_state(SyncState(True, True, 0, [found], "", demo.desk.profile.name(lang)))
    made.append(_save(conflicts, out / "sync-conflicts.png"))
    conflicts.close()

    produced = produce(demo.desk, demo.ctx, "registration", demo.card)
    printers = ["CardDeskPDF", "前台收据打印机"]
    preview = PrintPreviewDialog(produced.path, document_name("registration"), printers, printers[0],
                                 lambda _printer: "", (), lang, window)  # fmt: skip
    preview.show()
    _wait(ms=2500, until=lambda: False)  # QPdfView renders the page in the background
    made.append(_save(preview, out / "print-preview.png"))
    preview.close()

    cobranded = CobrandedDialog(demo.shenzhen_counter, lang, window)
    holder = demo.people.person(29, TODAY)
    cobranded.id_number.setText(holder.citizen_number)
    cobranded.name.setText(holder.name)
    made.append(_save(cobranded, out / "co-branded-card.png"))
    cobranded.close()

    online = OnlineToPhysicalDialog(demo.counter, lang, window)
    online.number.setText(DocumentInput("resident_id", demo.people.person(11, TODAY).citizen_number).number)
    online.barcode.setText("FS7770001")
    made.append(_save(online, out / "online-to-physical.png"))
    online.close()

    crash = crash_box("/var/log/carddesk/carddesk.log", "Traceback (most recent call last):\n  ...\nValueError")
    made.append(_save(crash, out / "crash-dialog.png"))
    crash.close()
    return made


def make_screens(out_dir: Path, langs: tuple[str, ...] = ("zh", "en")) -> list[Path]:
    from desk_app.ui.app import install_bundled_fonts
    from desk_app.ui.language import install_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_bundled_fonts()
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = _Demo(Path(tmp))
        try:
            for lang in langs:
                installed = install_language(app, lang)  # type: ignore[arg-type]
                made += _screens(demo, lang, out_dir / lang)
                for translator in installed:
                    app.removeTranslator(translator)
        finally:
            demo.close()
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screens")
    for path in make_screens(target):
        print(path)
