"""The home branch's deposit desk: balances and history, money taken, refunds from application to archive
(also by an agent, and for a first-generation card with a supervisor), and the day-end."""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.clock import local_minute
from desk_app.core.errors import DeskError
from desk_app.core.messages import yuan_text
from desk_app.core.money import parse_yuan
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.refunds import AgentInput, LegacyInput, RefundApplication
from desk_app.input_router import InputKind
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.printed import document_name, print_outcome, print_state
from desk_app.ui.retranslate import Retranslating


class DepositDeskDialog(Retranslating, QDialog):
    """Every step says what it will do before, and what it did after; the work runs off the UI thread."""

    finished_step = pyqtSignal(str, object)  # step name, result or the DeskError

    def __init__(self, money, lang: str = "zh", card: str = "", parent=None) -> None:
        super().__init__(parent)
        self._money = money
        self._lang = lang
        self.operations = Operations(self)
        # Money moved elsewhere at this desk (another refund tab, a replacement's fee): the waiting list follows.
        self.operations.worker.changed.connect(self._on_desk_changed)
        self.request_id: str | None = None
        self.reader_id: str | None = None  # whose account, refund and documents the tabs show
        self.tapped_document = ""  # filled in once the account shows (the card's reader, tapped)
        self.prints: list = []
        # Asked when the same sum was just moved for this card (the answer lost, the clerk trying again).
        self.confirm_repeat = self._ask_about_a_repeat
        self.setWindowTitle(self.tr("押金台"))
        self.resize(900, 640)

        self.card = QLineEdit(card)
        self.card.setPlaceholderText(self.tr("刷卡、扫码或输入证号"))
        self.look = QPushButton(self.tr("查询(&Q)"))
        self.look.clicked.connect(self.load_account)
        self.card.returnPressed.connect(self.load_account)
        top = QHBoxLayout()
        card_label = QLabel(self.tr("借阅证(&C)："))
        card_label.setBuddy(self.card)  # Alt+C: back to the card field for the next reader
        top.addWidget(card_label)
        top.addWidget(self.card, 1)
        top.addWidget(self.look)

        self.tabs = QTabWidget()
        # Alt+1…4 choose a tab: every step of the desk can be reached from the keyboard.
        self.tabs.addTab(self._account_tab(), self.tr("押金与预存款(&1)"))
        self.tabs.addTab(self._refund_tab(), self.tr("退押金(&2)"))
        self.tabs.addTab(self._day_end_tab(), self.tr("日结(&3)"))
        self.tabs.addTab(self._prints_tab(), self.tr("打印记录(&4)"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # Whose money it is, before any moves; and the refunds approved here and not yet paid out.
        self.whose = QLabel(self.tr("请先刷卡或输入证号"))
        self.whose.setStyleSheet("font-weight: bold")
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.waiting.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.whose)
        layout.addWidget(self.waiting)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    # -- the tabs ---------------------------------------------------------------------------------------
    def _account_tab(self) -> QWidget:
        self.balance = QLabel(self.tr("请先查询借阅证"))
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("类别"), self.tr("金额（元）"), self.tr("收据号"), self.tr("经办")]
        )
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("金额（元），如 100.00"))
        self.pre_deposit = QCheckBox(self.tr("预存款（用于抵扣滞纳金等费用）"))
        self.against_policy = QLineEdit()
        self.against_policy.setPlaceholderText(self.tr("押金与政策不符时，填写收取原因"))
        self.take_button = QPushButton(self.tr("收款并打印收据(&T)"))
        self.take_button.clicked.connect(lambda: self.take_money())
        self.refund_pre_button = QPushButton(self.tr("退还预存款余额(&R)"))
        self.refund_pre_button.clicked.connect(lambda: self.refund_pre_deposit())
        self.policy = QLabel()
        self.policy.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        row.addWidget(self.pre_deposit)
        row.addWidget(self.against_policy, 1)
        row.addWidget(self.take_button)
        row.addWidget(self.refund_pre_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.balance)
        layout.addWidget(self.policy)
        layout.addWidget(self.history, 1)
        layout.addLayout(row)
        return page

    def _refund_tab(self) -> QWidget:
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText(self.tr("读者本人证件号码（读卡或输入）"))
        self.settle = QCheckBox(self.tr("滞纳金从押金中抵扣"))
        self.card_presented = QCheckBox(self.tr("已查验并收回读者的借阅证(&K)"))
        self.agent_name = QLineEdit()
        self.agent_doc = QLineEdit()
        self.power = QLineEdit()
        self.power.setPlaceholderText(self.tr("委托书附件编号或纸质档案号"))
        self.guardian_name = QLineEdit()
        self.guardian_doc = QLineEdit()
        self.legacy_card = QLineEdit()
        self.legacy_card.setPlaceholderText(self.tr("第一代读者证号（系统无押金记录时）"))
        self.legacy_receipt = QLineEdit()
        self.legacy_amount = QLineEdit()
        self.legacy_seen = QCheckBox(self.tr("已查验原证"))
        self.legacy_signed = QCheckBox(self.tr("读者已签字确认"))
        self.supervisor = QLineEdit()
        self.supervisor_password = QLineEdit()
        self.supervisor_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.archive_no = QLineEdit()
        self.archive_no.setPlaceholderText(self.tr("纸质档案号"))

        # Chongqing 五（五）: the old deposit card is handed in for the free card, its deposit refunded.
        self.reason = QComboBox()
        self.reason.addItem(self.tr("退押金"), "refund")
        self.reason.addItem(self.tr("换领免押金借阅卡（退原押金）"), "swap")
        form = QFormLayout()
        form.addRow(self.tr("读者证件号码(&N)"), self.doc_number)
        form.addRow(self.tr("事由(&Y)"), self.reason)
        self.reason_label = form.labelForField(self.reason)
        self.set_swap_possible(self._money.ctx.profile.service.swap_old_card)
        form.addRow("", self.card_presented)
        form.addRow("", self.settle)
        proxy = QGroupBox(self.tr("代办（受托人）或监护人陪同"))
        proxy_form = QFormLayout(proxy)
        proxy_form.addRow(self.tr("受托人姓名(&M)"), self.agent_name)
        proxy_form.addRow(self.tr("受托人身份证号(&D)"), self.agent_doc)
        proxy_form.addRow(self.tr("委托书(&W)"), self.power)
        proxy_form.addRow(self.tr("监护人姓名"), self.guardian_name)
        proxy_form.addRow(self.tr("监护人身份证号"), self.guardian_doc)
        legacy = QGroupBox(self.tr("第一代读者证"))
        legacy_form = QFormLayout(legacy)
        legacy_form.addRow(self.tr("原证号"), self.legacy_card)
        legacy_form.addRow(self.tr("原收据号"), self.legacy_receipt)
        legacy_form.addRow(self.tr("原押金（元）"), self.legacy_amount)
        checks = QHBoxLayout()
        checks.addWidget(self.legacy_seen)
        checks.addWidget(self.legacy_signed)
        legacy_form.addRow("", checks)
        legacy_form.addRow(self.tr("主管账号"), self.supervisor)
        legacy_form.addRow(self.tr("主管密码"), self.supervisor_password)

        self.form_button = QPushButton(self.tr("打印申请表(&F)"))
        self.form_button.clicked.connect(self.print_application)
        self.apply_button = QPushButton(self.tr("1. 登记申请(&A)"))
        self.approve_button = QPushButton(self.tr("2. 审核通过(&V)"))
        self.pay_button = QPushButton(self.tr("3. 退款并打印收据(&P)"))
        self.archive_button = QPushButton(self.tr("4. 归档(&R)"))
        self.apply_button.clicked.connect(self.apply_refund)
        self.approve_button.clicked.connect(self.approve_refund)
        self.pay_button.clicked.connect(self.pay_refund)
        self.archive_button.clicked.connect(self.archive_refund)
        steps = QHBoxLayout()
        for button in (self.form_button, self.apply_button, self.approve_button, self.pay_button, self.archive_button):
            steps.addWidget(button)
        self.scan_kind = QComboBox()
        for kind, name in (
            ("document_copy", self.tr("读者有效证件复印件")),
            ("application", self.tr("押金退还申请表")),
            ("receipt", self.tr("财经票据原件")),
            ("agent_document_copy", self.tr("受托人有效证件复印件")),
            ("power_of_attorney", self.tr("委托书")),
            ("old_card", self.tr("第一代读者证原件")),
            ("old_receipt", self.tr("原押金收据")),
        ):
            self.scan_kind.addItem(name, kind)
        self.scan_button = QPushButton(self.tr("附加扫描件(&S)…"))
        self.scan_button.clicked.connect(self._on_scan_clicked)
        archive_row = QHBoxLayout()
        archive_label = QLabel(self.tr("归档(&H)："))
        archive_label.setBuddy(self.archive_no)
        archive_row.addWidget(archive_label)
        archive_row.addWidget(self.archive_no, 1)
        archive_row.addWidget(self.scan_kind)
        archive_row.addWidget(self.scan_button)
        self.refund_state = QLabel(self.tr("尚未登记申请"))
        self.refund_state.setWordWrap(True)
        self._enable_steps("none")

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        both = QHBoxLayout()
        both.addWidget(proxy)
        both.addWidget(legacy)
        layout.addLayout(both)
        layout.addLayout(archive_row)
        layout.addLayout(steps)
        layout.addWidget(self.refund_state)
        layout.addStretch(1)
        return page

    def _day_end_tab(self) -> QWidget:
        self.day_end_button = QPushButton(self.tr("生成今日日结单（PDF 与 Excel）(&E)"))
        self.day_end_button.clicked.connect(self.close_day)
        self.day_end_summary = QLabel()
        self.day_end_summary.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.day_end_button)
        layout.addWidget(self.day_end_summary, 1)
        return page

    def _prints_tab(self) -> QWidget:
        self.print_table = QTableWidget(0, 5)
        self.print_table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("单据"), self.tr("编号"), self.tr("打印机"), self.tr("结果")]
        )
        self.print_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.print_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.print_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.printer_box = QComboBox()
        self.reprint_button = QPushButton(self.tr("重印所选单据(&I)"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("打印机：")))
        row.addWidget(self.printer_box, 1)
        row.addWidget(self.reprint_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.print_table, 1)
        layout.addLayout(row)
        return page

    def wants_input(self, kind: InputKind, _value: object) -> bool:
        """On the refund tab a tap is the reader's own document, which the refund asks for."""
        return kind is InputKind.ID_CARD and self.tabs.currentIndex() == 1

    def take_input(self, _kind: InputKind, record) -> None:
        self.doc_number.setText(record.id_number)

    def _on_desk_changed(self, change) -> None:
        if change.what != "card" and self.isVisible():
            self.show_waiting()

    def show_waiting(self) -> None:
        """The branch's refunds approved and not yet paid: a clerk who opens the desk again sees them."""
        money = self._money
        self.operations.run(money.open_requests, self._show_waiting, lambda _err: None)

    def _show_waiting(self, views) -> None:
        waiting = [v for v in views if v.status in ("approved", "paying")]
        lines = [
            self.tr("{0}（{1}）应退 ¥{2}").format(v.reader_name, v.card_number, yuan_text(v.refund_fen))
            for v in waiting
        ]
        self.waiting.setText(self.tr("已审核待退款：{0}").format("；".join(lines)) if lines else "")
        self.waiting.setVisible(bool(lines))

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.print_table.parentWidget():
            # The newest document first and chosen: Alt+I reprints it, Up/Down choose another.
            self.print_table.setFocus()
            if self.print_table.rowCount() and not self.print_table.selectionModel().selectedRows():
                self.print_table.selectRow(0)

    # -- running a step off the UI thread ---------------------------------------------------------------
    def _run(self, step: str, work, shown, changes: str | None = None) -> None:
        self.status.setText(self.tr("正在办理……"))
        self.setEnabled(False)

        def succeeded(result) -> None:
            self.setEnabled(True)
            self.status.setText("")
            shown(result)
            self.finished_step.emit(step, result)

        def failed(err: Exception) -> None:
            self.setEnabled(True)
            text = describe_error(err, self._lang)
            self.status.setText(text)
            self.finished_step.emit(step, err)

        if changes is None:
            self.operations.run(work, succeeded, failed)
        else:
            self.operations.mutate(work, succeeded, failed, changes)

    def _enable_steps(self, status: str) -> None:
        self.apply_button.setEnabled(status in ("none", "withdrawn", "refused", "archived"))
        self.approve_button.setEnabled(status == "applied")
        self.pay_button.setEnabled(status in ("approved", "paying"))
        self.archive_button.setEnabled(status == "paid")

    # -- account ----------------------------------------------------------------------------------------
    def load_account(self) -> None:
        card, money, lang = self.card.text(), self._money, self._lang
        self._run("account", lambda: (*money.opened(card, lang), money.printers()), self._show_opened)

    def _show_opened(self, result) -> None:
        shown, standing, prints, printers = result
        if shown.reader_id != self.reader_id:
            self._clear_refund()
        if self.tapped_document:
            self.doc_number.setText(self.tapped_document)  # the reader's own, read by the tap that opened this
            self.tapped_document = ""
        self.reader_id = shown.reader_id
        self._show_account(shown)
        if standing is not None:
            self._show_refund(standing)
        self._show_prints(prints, printers)

    def _clear_refund(self) -> None:
        """Another reader: nothing of the previous one stays on the refund tab."""
        self.request_id = None
        for field in (self.doc_number, self.agent_name, self.agent_doc, self.power, self.guardian_name,
                      self.guardian_doc, self.legacy_card, self.legacy_receipt, self.legacy_amount, self.supervisor,
                      self.supervisor_password, self.archive_no):  # fmt: skip
            field.clear()
        for box in (self.settle, self.card_presented, self.legacy_seen, self.legacy_signed):
            box.setChecked(False)
        self.refund_state.setText(self.tr("尚未登记申请"))
        self._enable_steps("none")

    def _show_prints(self, prints, printers: list[str] | None = None) -> None:
        self.prints = list(prints)
        self.print_table.setRowCount(len(self.prints))
        for row, record in enumerate(self.prints):
            cells = [self._local(record.created_at), document_name(record.kind), record.reference,
                     record.printer or "", print_state(record)]  # fmt: skip
            for column, value in enumerate(cells):
                self.print_table.setItem(row, column, QTableWidgetItem(value))
        if self.tabs.currentWidget() is self.print_table.parentWidget():
            self._on_tab_changed(self.tabs.currentIndex())  # the list came after the tab was opened
        if printers is not None:
            self.printer_box.clear()
            self.printer_box.addItems(printers)
            remembered = self._money.printer_for("receipt")
            if remembered in printers:
                self.printer_box.setCurrentText(remembered)

    def _local(self, moment: str) -> str:
        """A stored time as the library's clock shows it (the desk keeps UTC)."""
        return local_minute(moment, self._money.ctx.profile.timezone)

    def printed(self, produced) -> str:
        """What really became of a document: sent (to which printer, which job), failed (why), or only kept."""
        return print_outcome(produced.record, produced.path)

    def reprint_selected(self) -> None:
        rows = self.print_table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(self.tr("请先选择要重印的单据"))
            return
        record, printer, money = self.prints[rows[0].row()], self.printer_box.currentText(), self._money
        card = self.card.text()
        self._run(
            "reprint",
            lambda: (money.reprint(record.id, printer or None), money.print_history(card)),
            self._show_reprinted,
        )

    def _show_reprinted(self, result) -> None:
        record, prints = result
        self._show_prints(prints)
        self.status.setText(self.tr("{0} 已重新送打印机 {1}（作业 {2}）").format(record.reference, record.printer,
                                                                            record.message))  # fmt: skip

    def _show_account(self, shown) -> None:
        self.whose.setText(self.tr("读者：{0}（{1}）　借阅证 {2}").format(shown.reader_name, shown.masked_document,
                                                                       shown.card_number))  # fmt: skip
        self.balance.setText(
            self.tr("押金余额 ¥{0}　预存款余额 ¥{1}　（由账目逐笔计算）").format(
                yuan_text(shown.deposit_fen), yuan_text(shown.pre_deposit_fen)
            )
        )
        if shown.policy_deposit_fen == 0:
            self.policy.setText(self.tr("注意：此证类型按政策不收押金；读者自愿存钱请勾选“预存款”。"))
        else:
            self.policy.setText(self.tr("此证类型的政策押金为 ¥{0}。").format(yuan_text(shown.policy_deposit_fen)))
        self.history.setRowCount(len(shown.history))
        for row, line in enumerate(shown.history):
            cells = [line.at[:16].replace("T", " "), line.label, yuan_text(line.amount_fen), line.receipt_no or "",
                     f"{line.branch_code}·{line.desk_code}"]  # fmt: skip
            for column, value in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(value))

    def _ask_about_a_repeat(self, message: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("是否重复办理？"),
            message + "\n\n" + self.tr("这是读者要求的另一笔吗？选择“否”则不再办理。"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _unless_a_repeat(self, again) -> None:
        """When the step was refused as a repeat, the clerk decides: a second one, or nothing."""

        def decide(step: str, result) -> None:
            if step in ("take", "refund_pre_deposit"):
                self.finished_step.disconnect(decide)
                repeat = isinstance(result, DeskError) and result.code == "money.just_taken"
                if repeat and self.confirm_repeat(result.message(self._lang)):
                    again()

        self.finished_step.connect(decide)

    def take_money(self, again: bool = False) -> None:
        try:
            fen = parse_yuan(self.amount.text())
        except ValueError:
            self.status.setText(self.tr("金额格式不对：{0}（如 100.00）").format(self.amount.text()))
            return
        card, pre, money, why = self.card.text(), self.pre_deposit.isChecked(), self._money, self.against_policy.text()
        if not again:
            self._unless_a_repeat(lambda: self.take_money(again=True))
        self._run(
            "take",
            lambda: (money.take(card, fen, pre, why, again=again), money.account(card, self._lang)),
            self._show_taken,
            "money",
        )

    def refund_pre_deposit(self, again: bool = False) -> None:
        card, money, text = self.card.text(), self._money, self.amount.text().strip()
        try:
            fen = parse_yuan(text) if text else None
        except ValueError:
            self.status.setText(self.tr("金额格式不对：{0}（如 100.00）").format(text))
            return
        if not again:
            self._unless_a_repeat(lambda: self.refund_pre_deposit(again=True))
        self._run(
            "refund_pre_deposit",
            lambda: (money.refund_pre_deposit(card, fen, again=again), money.account(card, self._lang)),
            self._show_paid_back,
            "money",
        )

    def _show_paid_back(self, result) -> None:
        produced, shown = result
        self.amount.clear()
        self._show_account(shown)
        reference = produced.record.reference if produced.record else ""
        self.status.setText(
            self.tr("已退还预存款。收据 {0}（一式两份）：{1}").format(reference, self.printed(produced))
        )
        self._refresh_prints()

    def _show_taken(self, result) -> None:
        produced, shown = result
        self.amount.clear()
        self.against_policy.clear()
        self._show_account(shown)
        reference = produced.record.reference if produced.record else ""
        self.status.setText(self.tr("已收款。收据 {0}（一式两份）：{1}").format(reference, self.printed(produced)))
        self._refresh_prints()

    def _refresh_prints(self) -> None:
        money, card = self._money, self.card.text()
        self.operations.run(lambda: money.print_history(card), self._show_prints, lambda _err: None)

    # -- refund -----------------------------------------------------------------------------------------
    def _application(self) -> RefundApplication:
        agent = guardian = legacy = None
        if self.agent_name.text().strip():
            agent = AgentInput(self.agent_name.text(), DocumentInput("resident_id", self.agent_doc.text()))
        if self.guardian_name.text().strip():
            guardian = AgentInput(self.guardian_name.text(), DocumentInput("resident_id", self.guardian_doc.text()))
        if self.legacy_card.text().strip():
            amount = parse_yuan(self.legacy_amount.text() or "0")
            legacy = LegacyInput(self.legacy_card.text(), self.legacy_receipt.text(), amount,
                                 self.legacy_seen.isChecked(), self.legacy_signed.isChecked())  # fmt: skip
        return RefundApplication(
            self.card.text(),
            DocumentInput("resident_id", self.doc_number.text()),
            agent=agent,
            power_of_attorney=self.power.text(),
            guardian=guardian,
            legacy=legacy,
            settle_fines=self.settle.isChecked(),
            reason=self.reason.currentData(),
            card_presented=self.card_presented.isChecked(),
        )

    def set_swap_possible(self, possible: bool) -> None:
        """Only where the library's rules swap old deposit cards is the choice shown."""
        self.reason.setVisible(possible)
        self.reason_label.setVisible(possible)

    def choose_swap(self) -> None:
        self.reason.setCurrentIndex(self.reason.findData("swap"))

    def print_application(self) -> None:
        """Foshan Appendix C, filled from the records, for the reader (or the agent) to check and sign."""
        money, card = self._money, self.card.text()
        self._run("form", lambda: money.application_form(card), self._show_form)

    def _show_form(self, produced) -> None:
        name = (
            self.tr("代办申请表及委托书") if produced.record and produced.record.kind == "proxy-authorisation" else None
        )
        self.status.setText(self.tr("{0}：{1}").format(name or self.tr("押金退还申请表"), self.printed(produced)))
        self._refresh_prints()

    def apply_refund(self) -> None:
        try:
            application = self._application()
        except ValueError:
            self.status.setText(self.tr("原押金金额格式不对（如 50.00）"))
            return
        money = self._money
        self._run("apply", lambda: money.apply_and_print(application), self._show_applied, "money")

    def _show_applied(self, result) -> None:
        view, form = result
        self._show_refund(view)
        if form is not None:  # printed with the application, for the signature: no second key
            self._show_form(form)

    def approve_refund(self) -> None:
        money, request = self._money, self.request_id
        supervisor = None
        if self.supervisor.text().strip():
            supervisor = (self.supervisor.text(), self.supervisor_password.text())
        self.supervisor_password.clear()
        self._run("approve", lambda: money.approve(request, supervisor), self._show_refund, "money")

    def pay_refund(self) -> None:
        money, request = self._money, self.request_id
        self._run("pay", lambda: money.pay(request), self._show_paid, "money")

    def _on_scan_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("选择扫描件"), "", "PDF / Images (*.pdf *.png *.jpg)")
        if path:
            with open(path, "rb") as handle:
                self.attach_scan(self.scan_kind.currentData(), handle.read())

    def attach_scan(self, kind: str, content: bytes) -> None:
        money, request = self._money, self.request_id
        self._run("scan", lambda: money.attach_scan(request, kind, content), self._show_refund, "money")

    def archive_refund(self) -> None:
        money, request, number = self._money, self.request_id, self.archive_no.text()
        self._run("archive", lambda: money.archive(request, number), self._show_refund, "money")

    def _show_refund(self, view) -> None:
        self.request_id = view.id
        self._enable_steps(view.status)
        self.show_waiting()
        names = {
            "applied": self.tr("已登记，待审核"),
            "approved": self.tr("已审核，待退款"),
            "paying": self.tr("退款中（中断后再点“退款”即可继续，不会重复退款）"),
            "paid": self.tr("已退款，待归档"),
            "archived": self.tr("已归档，办结"),
        }
        text = self.tr("{0}：{1}　押金 ¥{2}，抵扣滞纳金 ¥{3}，应退 ¥{4}").format(
            view.reader_name, names.get(view.status, view.status), yuan_text(view.deposit_fen),
            yuan_text(view.fines_fen), yuan_text(view.refund_fen),
        )  # fmt: skip
        if view.receipts:
            text += self.tr("　收据 {0}").format("、".join(view.receipts))
        if view.status == "paid" and view.missing_archive:
            text += self.tr("　归档尚缺：{0}（或填纸质档案号）").format(
                "、".join(self.scan_kind.itemText(self.scan_kind.findData(m)) for m in view.missing_archive)
            )
        self.refund_state.setText(text)

    def _show_paid(self, paid) -> None:
        self._show_refund(paid.view)
        receipts = "；".join(
            self.tr("收据 {0}（一式两份）：{1}").format(p.record.reference if p.record else "", self.printed(p))
            for p in paid.printed
        )
        if paid.already:
            self.status.setText(self.tr("这笔押金已经退过，本次没有再退款") + ("。" + receipts if receipts else ""))
        else:
            self.status.setText(self.tr("已退款 ¥{0}。{1}").format(yuan_text(paid.view.refund_fen), receipts))
        self._refresh_prints()

    # -- day-end ----------------------------------------------------------------------------------------
    def close_day(self) -> None:
        money, lang = self._money, self._lang
        self._run("day_end", lambda: money.day_end(money.ctx.today(), lang), self._show_day_end)

    def _show_day_end(self, result) -> None:
        report, pdf, xlsx = result
        lines = [
            self.tr("现金收入 ¥{0}　现金支出 ¥{1}　应存现金 ¥{2}").format(
                yuan_text(report.cash_in_fen), yuan_text(report.cash_out_fen), yuan_text(report.net_cash_fen)
            )
        ]
        lines += [self.tr("{0}：{1} 笔 ¥{2}").format(t.label, t.count, yuan_text(t.amount_fen)) for t in report.totals]
        if report.problems:
            lines.append(self.tr("账实不符："))
            lines += [f"· {p}" for p in report.problems]
        else:
            lines.append(self.tr("账目与收据一致"))
        lines.append(self.tr("日结单：{0}　Excel：{1}").format(pdf, xlsx))
        self.day_end_summary.setText("\n".join(lines))
