"""Card services for one reader: pick an action, see what it will do (or what blocks it), do it, see what
happened. Loss, restore, cancel, replace with its fee, change details (in person or by a proxy), password."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desk_app.core.money import parse_yuan
from desk_app.core.services.card_preview import ACTIONS
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.reader_details import Proxy
from desk_app.ui.operations import Operations, describe_error
from forms.identity_documents import SPECS


class CardServicesDialog(QDialog):
    finished_step = pyqtSignal(str, object)

    def __init__(self, services, card_number: str, reader_name: str = "", lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self._services = services
        self._card = card_number
        self._lang = lang
        self.operations = Operations(self)
        self.preview_value = None
        self.setWindowTitle(self.tr("借阅证业务"))
        self.resize(860, 560)

        names = {
            "report_loss": self.tr("挂失"),
            "restore": self.tr("恢复（解除挂失）"),
            "cancel": self.tr("注销"),
            "replace": self.tr("补办"),
            "change_details": self.tr("修改读者信息"),
            "reset_password": self.tr("重置密码"),
        }
        self.actions_list = QListWidget()
        for action in ACTIONS:
            item = QListWidgetItem(names[action])
            item.setData(Qt.ItemDataRole.UserRole, action)
            self.actions_list.addItem(item)
        self.actions_list.currentItemChanged.connect(self._on_action_chosen)
        self.actions_list.setMaximumWidth(200)

        self.preview_label = QLabel(self.tr("请选择要办理的业务"))
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.doc_type = QComboBox()
        for spec in SPECS.values():
            self.doc_type.addItem(spec.name(lang), spec.doc_type.value)
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText(self.tr("读者本人证件号码（读卡或输入）"))
        self.nationality = QLineEdit()
        self.nationality.setPlaceholderText(self.tr("护照等：国籍三字母代码，如 CHN"))
        self.valid_until = QLineEdit()
        self.valid_until.setPlaceholderText(self.tr("有效期至 YYYY-MM-DD（证件上有则填）"))
        self.new_barcode = QLineEdit()
        self.new_barcode.setPlaceholderText(self.tr("扫描新卡条码"))
        self.fee_paid = QLineEdit()
        self.fee_paid.setPlaceholderText(self.tr("实收工本费（元）"))
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.work_unit = QLineEdit()
        self.proxy_name = QLineEdit()
        self.proxy_doc = QLineEdit()
        self.proxy_doc.setPlaceholderText(self.tr("代办人身份证号（读卡或输入）"))

        inputs = QFormLayout()
        inputs.addRow(self.tr("证件类型"), self.doc_type)
        inputs.addRow(self.tr("证件号码"), self.doc_number)
        inputs.addRow(self.tr("国籍"), self.nationality)
        inputs.addRow(self.tr("有效期至"), self.valid_until)
        self.replace_box = QGroupBox(self.tr("补办"))
        replace_form = QFormLayout(self.replace_box)
        replace_form.addRow(self.tr("新卡条码"), self.new_barcode)
        replace_form.addRow(self.tr("工本费"), self.fee_paid)
        self.details_box = QGroupBox(self.tr("修改信息（留空的不改）"))
        details_form = QFormLayout(self.details_box)
        details_form.addRow(self.tr("联系电话"), self.phone)
        details_form.addRow(self.tr("通讯地址"), self.address)
        details_form.addRow(self.tr("工作单位/学校班级"), self.work_unit)
        details_form.addRow(self.tr("代办人姓名"), self.proxy_name)
        details_form.addRow(self.tr("代办人证件号码"), self.proxy_doc)

        self.do_button = QPushButton(self.tr("确认办理(&O)"))
        self.do_button.setEnabled(False)
        self.do_button.clicked.connect(self.do_action)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(self.preview_label)
        right.addLayout(inputs)
        right.addWidget(self.replace_box)
        right.addWidget(self.details_box)
        right.addWidget(self.do_button)
        right.addWidget(self.result_label)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.actions_list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("读者：{0}　借阅证：{1}").format(reader_name, card_number)))
        layout.addLayout(body, 1)
        self._show_inputs_for(None)

    def _show_inputs_for(self, action: str | None) -> None:
        self.replace_box.setVisible(action == "replace")
        self.details_box.setVisible(action == "change_details")

    def choose(self, action: str) -> None:
        self.actions_list.setCurrentRow(ACTIONS.index(action))

    def _run(self, step: str, work, shown) -> None:
        self.do_button.setEnabled(False)

        def succeeded(result) -> None:
            shown(result)
            self.finished_step.emit(step, result)

        def failed(err: Exception) -> None:
            text = describe_error(err, self._lang)
            self.result_label.setText(text)
            self.do_button.setEnabled(self.preview_value is not None and self.preview_value.allowed)
            self.finished_step.emit(step, err)

        self.operations.run(work, succeeded, failed)

    def _on_action_chosen(self, item, _previous=None) -> None:
        if item is None:
            return
        action = item.data(Qt.ItemDataRole.UserRole)
        self._show_inputs_for(action)
        self.result_label.clear()
        services, card = self._services, self._card
        self._run("preview", lambda: services.preview(card, action), self._show_preview)

    def _show_preview(self, shown) -> None:
        self.preview_value = shown
        lines = [self.tr("将会：")] + [f"· {e.pick(self._lang)}" for e in shown.effects]
        if shown.blockers:
            lines += [self.tr("不能办理，因为：")] + [f"· {b.pick(self._lang)}" for b in shown.blockers]
        if shown.fee_fen:
            self.fee_paid.setText(f"{shown.fee_fen // 100}.{shown.fee_fen % 100:02d}")
        self.preview_label.setText("\n".join(lines))
        self.do_button.setEnabled(shown.allowed)

    def do_action(self) -> None:
        shown = self.preview_value
        if shown is None:
            return
        try:
            fee = parse_yuan(self.fee_paid.text() or "0")
        except ValueError:
            self.result_label.setText(self.tr("工本费金额格式不对（如 10.00）"))
            return
        try:
            until = date.fromisoformat(self.valid_until.text().strip()) if self.valid_until.text().strip() else None
        except ValueError:
            self.result_label.setText(self.tr("有效期格式不对（如 2031-01-01）"))
            return
        document = DocumentInput(
            self.doc_type.currentData(), self.doc_number.text(), until, self.nationality.text().strip().upper() or None
        )
        changes = {
            key: widget.text()
            for key, widget in (("phone", self.phone), ("address", self.address), ("work_unit", self.work_unit))
            if widget.text().strip()
        }
        proxy = None
        if self.proxy_name.text().strip():
            proxy = Proxy(self.proxy_name.text(), DocumentInput("resident_id", self.proxy_doc.text()))
        services, card, action, barcode = self._services, self._card, shown.action, self.new_barcode.text()
        shown_document = document if shown.needs_document else None

        def work():
            return services.run(card, action, shown_document, barcode, fee, changes, proxy)

        self._run("do", work, self._show_done)

    def _show_done(self, done) -> None:
        names = {
            "report_loss": self.tr("已挂失，借阅证 {0} 已停用"),
            "restore": self.tr("已恢复，借阅证 {0} 可正常使用"),
            "cancel": self.tr("已注销借阅证 {0}"),
            "replace": self.tr("已补办，新证号 {0}"),
            "change_details": self.tr("已修改借阅证 {0} 读者的信息"),
            "reset_password": self.tr("已重置借阅证 {0} 的密码，请提醒读者修改"),
        }
        text = names[done.action].format(done.card_number)
        if done.changed:
            text += self.tr("：{0}").format("、".join(done.changed))
        if done.receipt_no:
            text += self.tr("　工本费收据 {0} 已生成").format(done.receipt_no)
        if done.initial_password:
            text += self.tr("　初始密码 {0}（只显示这一次，请告知读者并提醒其修改）").format(done.initial_password)
        self.result_label.setText(text)
        if done.action == "replace":
            self._card = done.card_number
