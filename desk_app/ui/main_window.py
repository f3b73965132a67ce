"""The desk's main window: find a reader by card, document, phone or name."""

from __future__ import annotations

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.errors import DeskError
from desk_app.core.views import ReaderDirectory, ReaderSummary
from desk_app.input_router import InputKind, InputRouter
from desk_app.ui.batch_import import BatchImportDialog
from desk_app.ui.card_paths import CobrandedDialog, OnlineToPhysicalDialog
from desk_app.ui.language import LANGUAGES
from desk_app.ui.operations import Operations
from desk_app.ui.printed import print_outcome
from desk_app.ui.reader_table import ReaderTableModel
from desk_app.ui.retranslate import Retranslating, translate
from desk_app.ui.routed_forms import RoutedForms
from devices.mrz_reader import MrzWedgeCollector

# Print actions as data: (document kind, menu title, shortcut), shared by the menu, shortcuts and tests.
PRINT_ACTIONS = (
    ("registration", QT_TRANSLATE_NOOP("PrintActions", "打印登记表"), "Ctrl+P"),
    ("guardian-consent", QT_TRANSLATE_NOOP("PrintActions", "打印监护人授权书"), "Ctrl+Shift+G"),
    ("card-face", QT_TRANSLATE_NOOP("PrintActions", "打印卡面"), "Ctrl+Shift+K"),
    ("refund-application", QT_TRANSLATE_NOOP("PrintActions", "打印押金退还申请表"), "Ctrl+Shift+R"),
)
PRINT_TITLES = {kind: title for kind, title, _ in PRINT_ACTIONS}


class MainWindow(Retranslating, QMainWindow):
    search_finished = pyqtSignal(int)
    preview_opened = pyqtSignal(object)
    locked_changed = pyqtSignal(bool)
    registration_opened = pyqtSignal(object)
    lock_requested = pyqtSignal()  # the clerk leaves the desk, or another member takes it over

    def __init__(
        self,
        directory: ReaderDirectory,
        title: str,
        place: str,
        database: str,
        lang: str = "zh",
        paper=None,
        batches=None,
        counter=None,
        stats=None,
        money=None,
        services=None,
        children=None,
    ) -> None:
        super().__init__()
        self._children = children
        self._money = money
        self._services = services
        self.card_services = None
        self.reader_page = None
        self._registration = None  # the new-card form a tap opened
        self._shown_document = ""  # the document number the last tap read, for the page's actions
        self._shown_for: str | None = None  # the search text the list shows the answer to
        self.deposit_desk = None
        self._stats = stats
        self.stats_window = None
        self._directory = directory
        self._paper = paper
        self._batches = batches
        self._counter = counter
        self._lang = lang
        self.operations = Operations(self)
        self.operations.worker.changed.connect(self._on_desk_changed)
        # A tap, scan, MRZ or chip goes to the open form that asks for it, else here (#22.2).
        self.router = InputRouter(self)
        self._forms = RoutedForms(self.router, self)
        self.setWindowTitle(self.tr("CardDesk 读者证服务台 — {0}").format(title))
        self.resize(1100, 680)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("刷卡、扫码，或输入证号、证件号、姓名、电话"))
        self.search_edit.setClearButtonEnabled(True)
        self.model = ReaderTableModel(lang, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.result_label = QLabel()

        self._title = title
        heading = self.heading = QLabel()
        self.show_place(place)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("查找读者：")))
        row.addWidget(self.search_edit, 1)
        layout = QVBoxLayout()
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        body = QWidget()
        body.setLayout(layout)
        self.setCentralWidget(body)

        self.connection_label = QLabel(self.tr("本地数据库：{0}　｜　未加入联盟（只用本机数据）").format(database))
        self.device_label = QLabel(self.tr("设备：未启动"))
        self.statusBar().addPermanentWidget(self.device_label)
        self.statusBar().addPermanentWidget(self.connection_label)
        self._device_states: dict[str, str] = {}
        self._bridge = None  # the devices' bridge, which keeps each device's latest status
        self._mrz_lines = MrzWedgeCollector()

        focus_search = QAction(self.tr("查找读者"), self)
        focus_search.setShortcut(QKeySequence("Ctrl+F"))
        focus_search.triggered.connect(self._on_focus_search_triggered)
        self.addAction(focus_search)

        print_menu = self.menuBar().addMenu(self.tr("打印"))
        for kind, title_text, shortcut in PRINT_ACTIONS:
            action = QAction(translate("PrintActions", title_text), self)
            action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(paper is not None)
            action.triggered.connect(lambda _checked=False, k=kind: self.print_selected(k))
            print_menu.addAction(action)
        print_menu.addSeparator()
        # Off: a document goes straight to the printer remembered for its kind (the first time, the preview
        # asks which); on: every document is previewed first.
        self.preview_first = QAction(self.tr("打印前先预览"), self)
        self.preview_first.setCheckable(True)
        print_menu.addAction(self.preview_first)
        history_action = QAction(self.tr("打印记录与重印（收据、申请表…）"), self)
        history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        history_action.setEnabled(money is not None)
        history_action.triggered.connect(self.open_print_history)
        print_menu.addAction(history_action)

        card_menu = self.menuBar().addMenu(self.tr("办证"))
        services_action = QAction(self.tr("借阅证业务（挂失、恢复、注销、补办、改信息、重置密码）…"), self)
        services_action.setShortcut(QKeySequence("Ctrl+E"))
        services_action.setEnabled(services is not None)
        services_action.triggered.connect(self.open_card_services)
        card_menu.addAction(services_action)
        self.table.doubleClicked.connect(lambda _index: self.open_reader_page())
        children_action = QAction(self.tr("少儿办证（监护人签名）…"), self)
        children_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        children_action.setEnabled(children is not None)
        children_action.triggered.connect(self.open_children_desk)
        card_menu.addAction(children_action)
        self.children_desk = None
        other_action = QAction(self.tr("“一卡通”办证（护照等其他证件）…"), self)
        other_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        other_action.setEnabled(counter is not None)
        other_action.triggered.connect(self.open_other_documents)
        card_menu.addAction(other_action)
        self.other_documents = None
        for title_text, opener in (
            (self.tr("激活联名卡…"), self.open_cobranded),
            (self.tr("线上卡领取实体卡…"), self.open_online_to_physical),
        ):
            action = QAction(title_text, self)
            action.setEnabled(counter is not None)
            action.triggered.connect(opener)
            card_menu.addAction(action)

        batch_menu = self.menuBar().addMenu(self.tr("集体办证"))
        import_action = QAction(self.tr("导入名单…"), self)
        import_action.setShortcut(QKeySequence("Ctrl+I"))
        import_action.setEnabled(batches is not None)
        import_action.triggered.connect(self.open_batch_import)
        batch_menu.addAction(import_action)
        review_action = QAction(self.tr("批次审核与开通…"), self)
        review_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        review_action.setEnabled(batches is not None)
        review_action.triggered.connect(self.open_group_desk)
        batch_menu.addAction(review_action)
        self.group_desk = None

        money_menu = self.menuBar().addMenu(self.tr("押金"))
        deposit_action = QAction(self.tr("押金台（收押金、退押金、日结）…"), self)
        deposit_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        deposit_action.setEnabled(money is not None)
        deposit_action.triggered.connect(self.open_deposit_desk)
        money_menu.addAction(deposit_action)

        sync_menu = self.menuBar().addMenu(self.tr("同步"))
        self.sync_action = QAction(self.tr("立即同步"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.sync_action.setEnabled(False)
        self.conflicts_action = QAction(self.tr("同步冲突…"), self)
        self.conflicts_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.conflicts_action.setEnabled(False)
        self.conflicts_action.triggered.connect(self.open_conflicts)
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.conflicts_action)
        self._sync = None
        self.conflicts_dialog = None

        stats_menu = self.menuBar().addMenu(self.tr("统计"))
        stats_action = QAction(self.tr("统计报表…"), self)
        stats_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        stats_action.setEnabled(stats is not None)
        stats_action.triggered.connect(self.open_stats)
        stats_menu.addAction(stats_action)

        language_menu = self.menuBar().addMenu(self.tr("语言 / Language(&L)"))
        self.language_actions = {}
        for code, name in LANGUAGES:
            action = QAction(f"{name}(&{'E' if code == 'en' else 'Z'})", self)
            action.setCheckable(True)
            action.setChecked(code == lang)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_chosen = None  # set by the app: stores the choice
        # Set by the app: a supervisor's user name and password give their context for one step.
        self.authorise = None

        staff_menu = self.menuBar().addMenu(self.tr("人员"))
        switch_action = QAction(self.tr("切换用户 / 锁定服务台"), self)
        switch_action.setShortcut(QKeySequence("Ctrl+L"))
        switch_action.triggered.connect(self.lock_requested)
        staff_menu.addAction(switch_action)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_debounce_timeout)
        self.search_edit.installEventFilter(self)

    def choose_language(self, code: str) -> None:
        for other, action in self.language_actions.items():
            action.setChecked(other == code)
        if self.language_chosen is not None:
            self.language_chosen(code)  # the app installs that language: every open window says itself again
            return
        note = "English from the next start." if code == "en" else "下次启动时使用简体中文。"
        self.statusBar().showMessage(note, 8000)

    def show_place(self, place: str) -> None:
        """The branch, desk and who is signed in now (after the idle lock, perhaps someone else)."""
        self._place = place
        self.heading.setText(self.tr("<b>{0}</b>　{1}").format(self._title, place))

    def show_union_name(self, title: str) -> None:
        """The union's name in the language chosen (the app knows it; a switch while running calls this)."""
        self._title = title
        self.setWindowTitle(self.tr("CardDesk 读者证服务台 — {0}").format(title))
        self.show_place(self._place)

    def language_changed(self, lang: str) -> None:
        """After the texts (retranslate.py): what this window puts together itself, and the readers' data."""
        for code, action in self.language_actions.items():
            action.setChecked(code == lang)
        self.model.set_language(lang)
        self._device_states.clear()
        for status in self._bridge.last_status.values() if self._bridge is not None else ():
            self.show_device_status(status)
        if self._sync is not None and self._sync.state is not None:
            from desk_app.ui.sync_status import describe

            self.connection_label.setText(describe(self._sync.state))
        self.statusBar().clearMessage()
        self._search_again()

    def _search_again(self) -> None:
        """The list's search run again, the reader chosen kept chosen."""
        if self._shown_for is not None:
            chosen = self.selected_reader()
            self.search(self._shown_for, chosen.reader_id if chosen else None)

    def set_locked(self, locked: bool) -> None:
        """While locked nothing of the readers shows and no action runs."""
        self.centralWidget().setVisible(not locked)
        self.menuBar().setEnabled(not locked)
        for action in self.actions():
            action.setEnabled(not locked)
        self.locked_changed.emit(locked)

    def start(self) -> None:
        self.search("")

    def open_stats(self):
        if self._stats is None:
            return None
        from desk_app.core.clock import local_date, utc_now
        from desk_app.ui.stats_window import StatsWindow

        profile = self._stats.ctx.profile
        branches = [(b.code, b.name) for b in profile.branches]
        self.stats_window = StatsWindow(
            self._stats, branches, local_date(utc_now(), profile.timezone).year, self._lang, self
        )
        self.stats_window.show()
        self.stats_window.load()
        return self.stats_window

    def attach_sync(self, controller) -> None:
        """Online or offline, with what waits to be sent, in the status bar; Ctrl+Shift+Y syncs now."""
        from desk_app.ui.sync_status import describe

        self._sync = controller
        self.sync_action.setEnabled(True)
        self.conflicts_action.setEnabled(True)
        self.sync_action.triggered.connect(controller.sync_now)
        controller.changed.connect(lambda state: self.connection_label.setText(describe(state, self.tr)))
        controller.changed.connect(lambda state: state.error and self.statusBar().showMessage(state.error, 8000))
        if controller.state is not None:  # a window attached after the first sync shows where it stands
            self.connection_label.setText(describe(controller.state, self.tr))

    def open_conflicts(self):
        if self._sync is None:
            return None
        from desk_app.ui.sync_status import ConflictsDialog

        self.conflicts_dialog = ConflictsDialog(self._sync, self._lang, self)
        self.conflicts_dialog.show()
        return self.conflicts_dialog

    def attach_devices(self, bridge, wedge=None) -> None:
        """Device events arrive here on the UI thread: a scan or a tap opens that reader from anywhere."""
        self._bridge = bridge
        bridge.status_changed.connect(self.show_device_status)
        bridge.scanned.connect(self.open_scanned)
        bridge.id_card.connect(self.open_tapped)
        bridge.mrz.connect(self.open_passport)
        bridge.chip.connect(self.take_chip)
        bridge.social_security.connect(lambda number: self.router.deliver(InputKind.SOCIAL_SECURITY, number))
        if wedge is not None:
            wedge.scanned.connect(self.open_scanned)
        for status in bridge.last_status.values():  # devices started before the window: shown as they are
            self.show_device_status(status)

    def _device_names(self) -> dict[str, str]:
        return {
            "id_reader": self.tr("身份证阅读器"),
            "scanner": self.tr("扫码枪"),
            "mrz_reader": self.tr("护照阅读器"),
            "chip_reader": self.tr("IC卡读卡器"),
        }

    def _state_names(self) -> dict[str, str]:
        return {
            "not_configured": self.tr("未配置"),
            "connected": self.tr("就绪"),
            "card_present": self.tr("有卡"),
            "error": self.tr("出错"),
            "disconnected": self.tr("未连接"),
        }

    def show_device_status(self, status) -> None:
        text = self._state_names()[status.state.value]
        if status.emulated:
            text += self.tr("（模拟）")
        self._device_states[status.kind.value] = text
        names = self._device_names()
        self.device_label.setText("　".join(f"{names[k]}：{v}" for k, v in sorted(self._device_states.items())))
        message = status.message(self._lang)
        self.device_label.setToolTip(message)
        if message:
            self.statusBar().showMessage(f"{names[status.kind.value]}：{message}", 8000)
            if status.kind.value == "mrz_reader" and self._intake() is not None:
                self._intake().show_device_error(f"{names[status.kind.value]}：{message}")

    def _intake(self):
        """The open form that takes a passport's MRZ (the "一卡通" form), for the MRZ reader's errors."""
        taker = self.router.target(InputKind.MRZ)
        return taker if taker is not self else None

    def watch_form(self, form):
        """A form this window opened takes the device input it declares it wants while it is open."""
        self._forms.watch(form)
        return form

    def take_chip(self, uid: str) -> None:
        self.router.deliver(InputKind.CHIP, uid)

    def open_scanned(self, code: str) -> None:
        if MrzWedgeCollector.looks_like_mrz(code):
            self._take_mrz_line(code)
            return
        self.router.deliver(InputKind.BARCODE, code)

    def open_tapped(self, record) -> None:
        """A tap opens the person, unless an open form asks for it (see `take_input`)."""
        self.router.deliver(InputKind.ID_CARD, record)

    def wants_input(self, _kind: InputKind, _value: object) -> bool:
        return True  # what no form asks for comes here

    def take_input(self, kind: InputKind, value) -> None:
        if kind is InputKind.BARCODE:
            self.search_edit.setText(value)
            self._debounce.stop()
            self.search(value)
        elif kind is InputKind.ID_CARD:
            self._look_up_tapped(value)
        elif kind is InputKind.SOCIAL_SECURITY:
            # Not a form's: whoever holds it may be a reader who borrows with it (the co-branded path finds them).
            self.statusBar().showMessage(self.tr("读到社会保障卡：{0}").format(value), 8000)
            self.take_input(InputKind.BARCODE, value)
        elif kind is InputKind.MRZ:
            self.statusBar().showMessage(self.tr("读到护照：{0} {1}").format(value.surname, value.given_names), 8000)
            self.take_input(InputKind.BARCODE, value.document_number)
        else:
            self.statusBar().showMessage(self.tr("读到卡片芯片 {0}：当前没有需要它的表单").format(value), 8000)

    def _look_up_tapped(self, record) -> None:
        """Their record if the desk knows them, else a new card form filled from the chip."""
        # The chip's photo is WLT-compressed; only the reader vendor's licensed decoder can show it.
        said = (
            self.tr("读到证件：{0}，证件照片已读取（办证时保存为读者照片）")
            if record.photo_bmp
            else self.tr("读到证件：{0}。证件照片为加密格式（WLT），如需照片请用摄像头拍摄")
        )
        self.statusBar().showMessage(said.format(record.name), 8000)
        self.search_edit.setText(record.id_number)
        self._debounce.stop()
        directory, children_facade = self._directory, self._children

        def look() -> tuple[list, object]:
            route = None
            if children_facade is not None:
                try:
                    route = children_facade.route(record.id_number)
                except DeskError:
                    route = None  # a number without a birth date in it: the usual forms decide
            return directory.search(record.id_number), route

        self.operations.run(look, lambda found: self._on_tap_searched(record, *found), self._on_search_failed)

    def _on_tap_searched(self, record, rows, route=None) -> None:
        self._on_search_succeeded(rows)
        if len(rows) == 1:
            # A known person: their page, the action that fits their card focused (a lost card: restore, and
            # beside it replace), the tapped document taken as shown by the action chosen.
            self.table.selectRow(0)
            self.open_reader_page(record.id_number)
            return
        if rows:
            return
        if route is not None and route.children_path:
            # A child: the children's path with the child filled in, never the adult form (#22.3).
            if not route.may_serve:
                self.result_label.setText(
                    self.tr("{0} 周岁的读者须在少儿服务台办理：请少儿服务台、主管或管理员接待").format(route.age)
                )
                return
            dialog = self.open_children_desk()
            if dialog is not None:
                dialog.set_child_card(record)
            return
        if self._counter is None:
            return
        from desk_app.ui.registration import RegistrationDialog

        dialog = RegistrationDialog(record, self._counter, self._lang, self)
        self._registration = dialog
        self.watch_form(dialog)
        dialog.show()
        self.registration_opened.emit(dialog)

    def _take_mrz_line(self, line: str) -> None:
        try:
            document = self._mrz_lines.add_line(line)
        except DeskError as err:
            self._mrz_lines = MrzWedgeCollector()
            self.statusBar().showMessage(err.message(self._lang), 8000)
            if self._intake() is not None:
                self._intake().show_device_error(err.message(self._lang))
            return
        if document is not None:
            self.open_passport(document)

    def open_passport(self, document) -> None:
        self.router.deliver(InputKind.MRZ, document)

    def search(self, text: str, keep: str | None = None) -> None:
        """`keep`: the reader to choose again in the answer (a refresh keeps the clerk's place)."""
        self.result_label.setText(self.tr("正在查找……"))
        self._shown_for = None  # until the answer comes, the list is not this text's
        self.operations.run(lambda: self._directory.search(text),
                            lambda rows: self._on_searched(text, rows, keep), self._on_search_failed)  # fmt: skip

    def _on_searched(self, text: str, rows, keep: str | None = None) -> None:
        self._shown_for = text
        self._on_search_succeeded(rows)
        again = next((i for i, row in enumerate(rows) if row.reader_id == keep), None)
        if again is not None:
            self.table.selectRow(again)

    def _open(self, dialog_class, facade):
        if facade is None:
            return None
        dialog = dialog_class(facade, self._lang, self)
        if hasattr(dialog, "wants_input"):
            self.watch_form(dialog)
        dialog.open()
        return dialog

    def open_cobranded(self) -> CobrandedDialog | None:
        return self._open(CobrandedDialog, self._counter)

    def open_online_to_physical(self) -> OnlineToPhysicalDialog | None:
        return self._open(OnlineToPhysicalDialog, self._counter)

    def open_reader_page(self, tapped: str = ""):
        """The chosen reader's page (a tap, Enter on a result, a double click). `tapped`: the document number
        the tap read, which the actions then take as shown (no typing it again)."""
        reader = self.selected_reader()
        if self._services is None or reader is None:
            return None
        from desk_app.ui.reader_page import ReaderPageDialog

        self._shown_document = tapped
        self.reader_page = ReaderPageDialog(self._services, reader.reader_id, self._lang, self, self.open_action)
        self.reader_page.refund_chosen.connect(self.open_refund)
        self.reader_page.swap_chosen.connect(lambda card: self.open_refund(card, swap=True))
        self.reader_page.set_refund_possible(self._money is not None)
        self.reader_page.show()
        self.reader_page.load()
        return self.reader_page

    def open_action(self, card_number: str, action: str):
        """Card services on one action for this card: its effects, fee and blockers shown first."""
        reader = self.selected_reader()
        dialog = self._card_services_for(card_number, reader.name if reader is not None else "")
        dialog.choose(action)
        if self._shown_document and action != "consent":
            dialog.doc_number.setText(self._shown_document)  # the reader's own, as tapped
        return dialog

    def _card_services_for(self, card_number: str, name: str):
        from desk_app.ui.card_services import CardServicesDialog

        self.card_services = CardServicesDialog(self._services, card_number, name, self._lang, self)
        self.card_services.finished_step.connect(self._after_card_service)
        self.watch_form(self.card_services).show()
        return self.card_services

    def open_refund(self, card_number: str, swap: bool = False):
        """The deposit desk on this reader's refund, the tapped document already in its field; `swap`: the old
        deposit card is handed in for the free card (Chongqing 五（五）)."""
        if self._money is None:
            return None
        from desk_app.ui.deposit_desk import DepositDeskDialog

        self.deposit_desk = DepositDeskDialog(self._money, self._lang, card_number, self)
        self.deposit_desk.tapped_document = self._shown_document
        self.watch_form(self.deposit_desk).show()
        self.deposit_desk.load_account()
        self.deposit_desk.tabs.setCurrentIndex(1)
        if swap:
            self.deposit_desk.choose_swap()
        self.deposit_desk.card_presented.setFocus()
        return self.deposit_desk

    def _after_card_service(self, step: str, result) -> None:
        """The result stays on the reader's page after card services closes (the page's result panel)."""
        page, services = self.reader_page, self.card_services
        done = step == "do" and not isinstance(result, Exception)
        if done and page is not None and page.isVisible() and services is not None:
            page.show_result(services.result_label.text())

    def _on_desk_changed(self, change) -> None:
        """An action anywhere at this desk (or a sync) changed readers: the list shows the reader it touched,
        or, for changes of many, the same search again with the same reader chosen."""
        if change.card_number:
            self.search(change.card_number)
        else:
            self._search_again()

    def open_card_services(self):
        reader = self.selected_reader()
        if self._services is None:
            return None
        if reader is None or not reader.card_number:
            self.result_label.setText(self.tr("请先在列表中选择一位有借阅证的读者"))
            return None
        return self._card_services_for(reader.card_number, reader.name)

    def open_children_desk(self):
        if self._children is None:
            return None
        from desk_app.ui.children_desk import ChildRegistrationDialog

        self.children_desk = ChildRegistrationDialog(self._children, self._lang, self)
        self.watch_form(self.children_desk).show()
        return self.children_desk

    def open_other_documents(self):
        if self._counter is None:
            return None
        from desk_app.counter_desk import issue_with_other_document
        from desk_app.ui.other_documents import OtherDocumentDialog

        counter = self._counter
        self.other_documents = OtherDocumentDialog(
            lambda cmd, photo: issue_with_other_document(counter, cmd, photo),
            counter.card_types(),
            self._lang,
            self,
            counter.card_type_for,
        )
        self.watch_form(self.other_documents).show()
        return self.other_documents

    def open_deposit_desk(self):
        if self._money is None:
            return None
        from desk_app.ui.deposit_desk import DepositDeskDialog

        reader = self.selected_reader()
        self.deposit_desk = DepositDeskDialog(self._money, self._lang, reader.card_number if reader else "", self)
        self.watch_form(self.deposit_desk).show()
        self.deposit_desk.show_waiting()
        if reader is not None and reader.card_number:
            self.deposit_desk.load_account()
        return self.deposit_desk

    def open_print_history(self):
        """The chosen reader's kept documents (receipts included), each reprintable."""
        dialog = self.open_deposit_desk()
        if dialog is not None:
            dialog.tabs.setCurrentIndex(3)
        return dialog

    def open_group_desk(self):
        if self._batches is None:
            return None
        from desk_app.ui.group_desk import GroupDeskDialog

        self.group_desk = GroupDeskDialog(self._batches, self._lang, self, self.authorise)
        self.group_desk.show()
        self.group_desk.load()
        return self.group_desk

    def open_batch_import(self) -> BatchImportDialog | None:
        return self._open(BatchImportDialog, self._batches)

    def selected_reader(self) -> ReaderSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def print_selected(self, kind: str) -> None:
        reader = self.selected_reader()
        if self._paper is None:
            return
        if reader is None:
            self.result_label.setText(self.tr("请先在列表中选择一位读者"))
            return
        paper = self._paper
        printer = paper.printer_for(kind)
        if printer and not self.preview_first.isChecked():
            self.result_label.setText(self.tr("正在打印……"))
            self.operations.run(
                lambda: paper.print_now(kind, reader.reader_id, printer),
                self._on_printed_directly,
                self._on_search_failed,
            )
            return
        self.result_label.setText(self.tr("正在生成……"))
        self.operations.run(
            lambda: (paper.produce(kind, reader.reader_id), paper.printers()),
            lambda result: self._on_document_produced(kind, *result),
            self._on_search_failed,
        )

    def _on_printed_directly(self, produced) -> None:
        if produced.record is not None:
            self.result_label.setText(print_outcome(produced.record, produced.path))

    def _on_document_produced(self, kind: str, produced, printers: list[str]) -> None:
        # The preview (QtPdf) is loaded with the first document, not with the window.
        from desk_app.ui.print_preview import PrintPreviewDialog

        paper = self._paper
        record = produced.record
        dialog = PrintPreviewDialog(
            produced.path,
            translate("PrintActions", PRINT_TITLES[kind]),
            printers,
            paper.printer_for(kind),
            lambda printer: paper.send(kind, record, printer),
            produced.missing_characters,
            self._lang,
            self,
        )
        self.result_label.setText(self.tr("已生成：{0}").format(produced.path))
        self.preview_opened.emit(dialog)
        dialog.open()

    def _on_focus_search_triggered(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self._debounce.stop()
        self.search(self.search_edit.text())

    def _on_search_succeeded(self, rows: list[ReaderSummary]) -> None:
        self.model.set_rows(rows)
        self.result_label.setText(self.tr("找到 {0} 位读者").format(len(rows)))
        if len(rows) == 1:
            self.table.selectRow(0)  # the one reader found is the one the actions are for (Ctrl+E at once)
        self.search_finished.emit(len(rows))

    def eventFilter(self, watched, event) -> bool:
        """From the search box the keyboard reaches everything: Down goes into the results (the first chosen),
        and the window's shortcuts win over the line edit's own keys (Ctrl+E is "end of line" there)."""
        if watched is not self.search_edit:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination())
            if any(a.shortcut() == pressed for a in self.findChildren(QAction) if not a.shortcut().isEmpty()):
                event.ignore()  # not taken by the line edit: the window's action runs
                return True
        enter = event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        found_now = self._shown_for == self.search_edit.text()
        if enter and found_now and self.model.rowCount() == 1 and self.table.selectionModel().selectedRows():
            self.open_reader_page()  # Enter on the one reader found opens their page
            return True
        down = event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
        if down and self.model.rowCount() > 0:
            self.table.setFocus()
            if not self.table.selectionModel().selectedRows():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _on_search_failed(self, err: Exception) -> None:
        text = err.message(self._lang) if isinstance(err, DeskError) else self.tr("查找失败：{0}").format(err)
        self.result_label.setText(text)
        self.search_finished.emit(-1)
