"""The reader's page: who they are (masked, full details only on an audited reveal with a reason), their
cards and history, loans and overdues, fines and where they were incurred, deposit and pre-deposit, guardian
and consent, and the actions that fit the current card as buttons with shortcuts (what blocks the others is
their tooltip). An action opens card services on it, which shows its effects, fee and blockers first."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desk_app.core.clock import local_minute
from desk_app.core.messages import yuan_text
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.printed import document_name, print_state
from desk_app.ui.retranslate import Retranslating


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


class ReaderPageDialog(Retranslating, QDialog):
    finished_step = pyqtSignal(str, object)
    refund_chosen = pyqtSignal(str)  # the card whose deposit is to be refunded
    swap_chosen = pyqtSignal(str)  # the old deposit card to swap for the free card (its deposit refunded)

    def __init__(self, services, reader_ref: str, lang: str = "zh", parent=None, open_action=None) -> None:
        """`open_action(card, action)` opens card services on that action (the window's)."""
        super().__init__(parent)
        self._services = services
        self._ref = reader_ref
        self._lang = lang
        self._open_action = open_action
        self.operations = Operations(self)
        self.operations.worker.changed.connect(self._on_desk_changed)
        self.page = None
        self.setWindowTitle(self.tr("读者"))
        self.resize(980, 640)

        self.heading = QLabel(self.tr("正在读取……"))
        self.heading.setWordWrap(True)
        self.reveal_button = QPushButton(self.tr("显示完整信息(&V)…"))
        self.reveal_button.clicked.connect(self.ask_reveal)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.photo = QLabel(self.tr("无照片"))
        self.photo.setFixedSize(90, 112)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #999")
        top = QHBoxLayout()
        top.addWidget(self.photo)
        top.addWidget(self.heading, 1)
        top.addWidget(self.reveal_button)

        self.cards = _table([self.tr("证号"), self.tr("类型"), self.tr("状态"), self.tr("办证馆"), self.tr("办证时间"),
                             self.tr("最近记录")])  # fmt: skip
        self.loans = _table([self.tr("书名"), self.tr("应还日期"), self.tr("逾期天数"), self.tr("借出馆")])
        self.prints = _table([self.tr("时间"), self.tr("单据"), self.tr("编号"), self.tr("结果")])
        self.money = QLabel()
        self.money.setWordWrap(True)
        self.guardian = QLabel()

        names = {
            "report_loss": self.tr("挂失(&L)"),
            "restore": self.tr("恢复(&R)"),
            "cancel": self.tr("注销(&X)"),
            "replace": self.tr("补办(&B)"),
            "bind": self.tr("绑定实体卡(&K)"),
            "change_details": self.tr("改信息(&M)"),
            "reset_password": self.tr("重置密码(&P)"),
            "consent": self.tr("监护人授权(&G)"),
        }
        self.action_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for action, text in names.items():
            button = QPushButton(text)
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, a=action: self.choose(a))
            self.action_buttons[action] = button
            actions.addWidget(button)
        self.refund_button = QPushButton(self.tr("退押金(&T)"))
        self.refund_button.setEnabled(False)
        self.refund_button.clicked.connect(self._on_refund_clicked)
        self._refund_possible = False
        actions.addWidget(self.refund_button)
        self.swap_button = QPushButton(self.tr("换领免押金卡(&W)"))
        self.swap_button.setEnabled(False)
        self.swap_button.setVisible(services.ctx.profile.service.swap_old_card)
        self.swap_button.clicked.connect(self._on_swap_clicked)
        actions.addWidget(self.swap_button)
        self.status = QLabel()
        self.status.setWordWrap(True)

        cards_box = QGroupBox(self.tr("借阅证"))
        QVBoxLayout(cards_box).addWidget(self.cards)
        loans_box = QGroupBox(self.tr("在借与逾期"))
        QVBoxLayout(loans_box).addWidget(self.loans)
        prints_box = QGroupBox(self.tr("打印记录（重印：打印菜单 → 打印记录与重印）"))
        QVBoxLayout(prints_box).addWidget(self.prints)
        lists = QHBoxLayout()
        lists.addWidget(loans_box, 1)
        lists.addWidget(prints_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(cards_box, 2)
        layout.addLayout(lists, 1)
        layout.addWidget(self.money)
        layout.addWidget(self.guardian)
        layout.addLayout(actions)
        layout.addWidget(self.status)

    def _run(self, step: str, work, shown, changes: str | None = None) -> None:
        def succeeded(result) -> None:
            shown(result)
            self.finished_step.emit(step, result)

        def failed(err: Exception) -> None:
            self.status.setText(describe_error(err, self._lang))
            self.finished_step.emit(step, err)

        if changes is None:
            self.operations.run(work, succeeded, failed)
        else:
            self.operations.mutate(work, succeeded, failed, changes)

    def load(self) -> None:
        services, ref = self._services, self._ref
        self._run("page", lambda: services.page(ref), self._show)

    def _show(self, page) -> None:
        self.page = page
        lang = self._lang
        self.setWindowTitle(self.tr("读者：{0}").format(page.name))
        self.heading.setText(
            self.tr("{0}　{1}　{2} 周岁　电话 {3}　办证馆：{4}").format(
                page.name, page.masked_document, page.age, page.masked_phone, page.home_branch
            )
        )
        self.cards.setRowCount(len(page.cards))
        for row, card in enumerate(page.cards):
            last = card.history[-1] if card.history else None
            latest = f"{last[0]} {last[1].pick(lang)}（{last[2]}）" if last else ""
            cells = [card.number, card.card_type.pick(lang), card.status_name.pick(lang), card.home_branch,
                     card.issued, latest]  # fmt: skip
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 5:
                    item.setToolTip("\n".join(f"{w} {a.pick(lang)}（{b}）" for w, a, b in card.history))
                self.cards.setItem(row, column, item)
        self.loans.setRowCount(len(page.loans))
        for row, loan in enumerate(page.loans):
            overdue = str(loan.overdue_days) if loan.overdue_days else ""
            for column, value in enumerate([loan.title, loan.due, overdue, loan.branch]):
                self.loans.setItem(row, column, QTableWidgetItem(value))
        lines = [self.tr("押金 ¥{0}　预存款 ¥{1}").format(yuan_text(page.deposit_fen), yuan_text(page.pre_deposit_fen))]
        for fine in page.fines:
            where = (
                self.tr("可在本馆缴纳") if fine.collectable_here else self.tr("须在{0}缴纳").format(fine.branch_name)
            )
            lines.append(self.tr("滞纳金 ¥{0}：{1}（{2}产生，{3}）").format(yuan_text(fine.unpaid_fen), fine.title,
                                                                       fine.branch_name, where))  # fmt: skip
        self.money.setText("\n".join(lines))
        zone = self._services.ctx.profile.timezone
        self.prints.setRowCount(len(page.prints))
        for row, record in enumerate(page.prints):
            cells = [local_minute(record.created_at, zone), document_name(record.kind), record.reference,
                     print_state(record)]  # fmt: skip
            for column, value in enumerate(cells):
                self.prints.setItem(row, column, QTableWidgetItem(value))
        if page.photo:
            picture = QPixmap()
            if picture.loadFromData(page.photo):
                self.photo.setPixmap(picture.scaled(self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio))
        self.guardian.setText(self.tr("监护人：{0}").format(page.guardian) if page.guardian else "")
        for line in page.actions:
            button = self.action_buttons[line.action]
            button.setEnabled(line.allowed)
            button.setToolTip("\n".join(b.pick(lang) for b in line.why_not))
        self.refund_button.setEnabled(self._refund_possible and page.deposit_fen > 0)
        self.swap_button.setEnabled(self.refund_button.isEnabled())
        fitting = self.action_buttons.get(page.fitting or "")
        if fitting is not None and fitting.isEnabled():
            fitting.setDefault(True)
            fitting.setFocus()

    def show_result(self, text: str) -> None:
        """What an action opened from this page did, and what to tell the reader: it stays here until the next."""
        self.status.setText(self.tr("刚办理：{0}").format(text))

    def _on_desk_changed(self, change) -> None:
        """The page shows what any action at this desk did to this reader, wherever it was done."""
        page = self.page
        if page is None or not self.isVisible():
            return
        if change.concerns({card.number for card in page.cards} | {page.current_card or ""}, page.reader_id):
            self.load()

    def set_refund_possible(self, possible: bool) -> None:
        """Whether this desk has a deposit desk to go to (the window's)."""
        self._refund_possible = possible

    def _on_refund_clicked(self) -> None:
        if self.page is not None and self.page.current_card is not None:
            self.refund_chosen.emit(self.page.current_card)

    def _on_swap_clicked(self) -> None:
        if self.page is not None and self.page.current_card is not None:
            self.swap_chosen.emit(self.page.current_card)

    def choose(self, action: str) -> None:
        if self.page is None or self.page.current_card is None or self._open_action is None:
            return
        self._open_action(self.page.current_card, action)

    def ask_reveal(self) -> None:
        reason, given = QInputDialog.getText(self, self.tr("显示完整信息"), self.tr("查看原因（记入审计日志）："))
        if given:
            self.reveal(reason)

    def reveal(self, reason: str) -> None:
        services, ref = self._services, self._ref
        self._run("reveal", lambda: services.details(ref, reason), self._show_details)

    def _show_details(self, details) -> None:
        documents = "；".join(f"{name} {number}" for name, number in details.documents)
        self.details.setText(
            self.tr("完整信息（已记入审计日志）：{0}　电话 {1}　地址 {2}　单位 {3}").format(
                documents, details.phone, details.address, details.work_unit
            )
        )
