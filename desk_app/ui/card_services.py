"""Card services for one reader: pick an action, see what it will do (or what blocks it), do it, see what
happened. Loss, restore, cancel, replace with its fee, change details (in person or by a proxy), password."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
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

from desk_app.card_services_desk import GuardianConsent
from desk_app.core.money import parse_yuan
from desk_app.core.services.card_preview import ACTIONS
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.reader_details import Proxy
from desk_app.input_router import InputKind
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.printed import print_outcome
from desk_app.ui.retranslate import Retranslating
from forms.identity_documents import SPECS


class CardServicesDialog(Retranslating, QDialog):
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
            "bind": self.tr("绑定实体卡（线上卡、证件卡领卡）"),
            "change_details": self.tr("修改读者信息"),
            "reset_password": self.tr("重置密码"),
            "consent": self.tr("登记监护人授权"),
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

        self.guardian_name = QLineEdit()
        self.guardian_name.setPlaceholderText(self.tr("读取监护人身份证自动填写"))
        self.relationship = QComboBox()
        self.relationship.setEditable(True)
        self.relationship.addItems(
            [self.tr("父亲"), self.tr("母亲"), self.tr("祖父母/外祖父母"), self.tr("其他监护人")]
        )
        self.scan: bytes | None = None
        self.scan_label = QLabel(self.tr("尚未附扫描件"))
        self.scan_button = QPushButton(self.tr("附签字授权书扫描件(&S)…"))
        self.scan_button.clicked.connect(self._on_scan_clicked)

        inputs = QFormLayout()
        self.doc_label = QLabel(self.tr("证件号码(&N)"))
        self.doc_label.setBuddy(self.doc_number)  # Alt+N: the document, from the keyboard
        inputs.addRow(self.tr("证件类型"), self.doc_type)
        inputs.addRow(self.doc_label, self.doc_number)
        inputs.addRow(self.tr("国籍"), self.nationality)
        inputs.addRow(self.tr("有效期至"), self.valid_until)
        self.replace_box = QGroupBox(self.tr("新卡"))
        replace_form = QFormLayout(self.replace_box)
        replace_form.addRow(self.tr("新卡条码(&B)"), self.new_barcode)
        replace_form.addRow(self.tr("工本费(&F)"), self.fee_paid)
        self.details_box = QGroupBox(self.tr("修改信息（留空的不改）"))
        details_form = QFormLayout(self.details_box)
        details_form.addRow(self.tr("联系电话"), self.phone)
        details_form.addRow(self.tr("通讯地址"), self.address)
        details_form.addRow(self.tr("工作单位/学校班级"), self.work_unit)
        details_form.addRow(self.tr("代办人姓名"), self.proxy_name)
        details_form.addRow(self.tr("代办人证件号码"), self.proxy_doc)

        self.consent_box = QGroupBox(self.tr("监护人授权（由登记的监护人本人办理）"))
        consent_form = QFormLayout(self.consent_box)
        consent_form.addRow(self.tr("监护人姓名"), self.guardian_name)
        consent_form.addRow(self.tr("与读者关系"), self.relationship)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label, 1)
        scan_row.addWidget(self.scan_button)
        consent_form.addRow(self.tr("签字授权书"), scan_row)

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
        right.addWidget(self.consent_box)
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
        self.replace_box.setVisible(action in ("replace", "bind"))  # a new card's barcode and its fee
        self.details_box.setVisible(action == "change_details")
        self.consent_box.setVisible(action == "consent")
        # For a consent the document shown is the guardian's own, not the reader's.
        self.doc_label.setText(self.tr("监护人证件号码(&N)") if action == "consent" else self.tr("证件号码(&N)"))
        self.doc_number.setPlaceholderText(
            self.tr("监护人本人证件号码（读卡或输入）")
            if action == "consent"
            else self.tr("读者本人证件号码（读卡或输入）")
        )

    def wants_input(self, kind: InputKind, _value: object) -> bool:
        """A tap always (the document the action asks for); a scan while the replacement asks for its card."""
        return kind is InputKind.ID_CARD or (kind is InputKind.BARCODE and self.replace_box.isVisible())

    def take_input(self, kind: InputKind, value) -> None:
        if kind is InputKind.ID_CARD:
            self.take_id_card(value)
        else:
            self.new_barcode.setText(value)  # the new card's barcode, where the replacement asks for it

    def take_id_card(self, record) -> None:
        """An ID card tapped while this form is open: the reader's own, or for a consent the guardian's."""
        self.doc_type.setCurrentIndex(max(0, self.doc_type.findData("resident_id")))
        self.doc_number.setText(record.id_number)
        if self.consent_box.isVisible():
            self.guardian_name.setText(record.name)

    def attach_scan(self, content: bytes) -> None:
        self.scan = content
        self.scan_label.setText(self.tr("已附扫描件（{0} KB）").format(max(1, len(content) // 1024)))

    def _on_scan_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("选择扫描件"), "", "PDF / Images (*.pdf *.png *.jpg)")
        if path:
            with open(path, "rb") as handle:
                self.attach_scan(handle.read())

    def choose(self, action: str) -> None:
        self.actions_list.setCurrentRow(ACTIONS.index(action))

    def _run(self, step: str, work, shown, changes: str | None = None) -> None:
        self.do_button.setEnabled(False)

        def succeeded(result) -> None:
            shown(result)
            self.finished_step.emit(step, result)

        def failed(err: Exception) -> None:
            text = describe_error(err, self._lang)
            self.result_label.setText(text)
            self.do_button.setEnabled(self.preview_value is not None and self.preview_value.allowed)
            self.finished_step.emit(step, err)

        if changes is None:
            self.operations.run(work, succeeded, failed)
        else:
            self.operations.mutate(work, succeeded, failed, changes)

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

        consent = GuardianConsent(self.guardian_name.text(), self.relationship.currentText(), self.scan)

        def work():
            return services.run(card, action, shown_document, barcode, fee, changes, proxy, consent)

        self._run("do", work, self._show_done, "card")

    def _show_done(self, done) -> None:
        names = {
            "report_loss": self.tr("已挂失，借阅证 {0} 已停用"),
            "restore": self.tr("已恢复，借阅证 {0} 可正常使用"),
            "cancel": self.tr("已注销借阅证 {0}"),
            "replace": self.tr("已补办，新证号 {0}"),
            "bind": self.tr("已绑定实体卡，证号 {0} 不变，可凭实体卡借阅"),
            "change_details": self.tr("已修改借阅证 {0} 读者的信息"),
            "reset_password": self.tr("已重置借阅证 {0} 的密码，请提醒读者修改"),
            "consent": self.tr("已登记监护人授权，借阅证 {0} 已启用"),
        }
        text = names[done.action].format(done.card_number)
        if done.changed:
            text += self.tr("：{0}").format("、".join(done.changed))
        if done.receipt_no:
            text += self.tr("　工本费收据 {0}：{1}").format(
                done.receipt_no, print_outcome(done.receipt_print, done.receipt_pdf)
            )
        if done.action == "consent":
            text += (
                self.tr("　签字授权书扫描件已保存") if done.scan_kept else self.tr("　未附扫描件：请将纸质授权书归档")
            )
        if done.initial_password:
            text += self.tr("　初始密码 {0}（只显示这一次，请告知读者并提醒其修改）").format(done.initial_password)
        self.result_label.setText(text)
        if done.action == "replace":
            self._card = done.card_number
