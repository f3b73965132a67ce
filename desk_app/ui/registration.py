"""The new-card form a tap opens for a person the desk does not know: filled from the chip, the phone to
confirm, the card type (pre-chosen), and Issue. Three actions at most after the tap."""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desk_app.core.errors import DeskError
from desk_app.input_router import InputKind
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating


class RegistrationDialog(Retranslating, QDialog):
    filled = pyqtSignal()
    issued = pyqtSignal(object)
    form_printed = pyqtSignal(str)

    def __init__(self, record, counter, lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self.record = record
        self._counter = counter
        self._lang = lang
        self.operations = Operations(self)
        self.setWindowTitle(self.tr("办理新证"))
        self.name = QLineEdit(record.name)
        self.id_number = QLineEdit(record.id_number)
        self.gender = QLineEdit(record.gender)
        self.birth = QLineEdit(record.birth_date.isoformat())
        self.address = QLineEdit(record.address)
        self.valid = QLineEdit(record.valid_until.isoformat() if record.valid_until else self.tr("长期"))
        for field in (self.name, self.id_number, self.gender, self.birth, self.address, self.valid):
            field.setReadOnly(True)  # as the chip says; a wrong chip is a matter for the police, not the desk
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("请读者确认手机号码"))
        self.card_type = QComboBox()
        for code, name in counter.card_types() if counter is not None else []:
            self.card_type.addItem(name, code)
        self.message = QLabel(self.tr("证件照片为加密格式（WLT），如需照片请用摄像头拍摄。"))
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("姓名："), self.name)
        form.addRow(self.tr("证件号码："), self.id_number)
        form.addRow(self.tr("性别："), self.gender)
        form.addRow(self.tr("出生日期："), self.birth)
        form.addRow(self.tr("住址："), self.address)
        form.addRow(self.tr("有效期至："), self.valid)
        form.addRow(self.tr("手机号码："), self.phone)
        form.addRow(self.tr("读者证类型："), self.card_type)
        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton(self.tr("办证(&I)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_issue_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.phone.setFocus()
        self.phone.returnPressed.connect(self._on_phone_entered)  # Enter after the phone issues: one action less
        self.filled.emit()

    def wants_input(self, kind: InputKind, value) -> bool:
        """The same card laid again: this form comes forward, never a second one."""
        return kind is InputKind.ID_CARD and value.id_number == self.record.id_number

    def take_input(self, _kind: InputKind, _value: object) -> None:
        self.raise_()
        self.activateWindow()

    def _on_phone_entered(self) -> None:
        if self.issue_button.isVisible():
            self._on_issue_clicked()

    def _on_issue_clicked(self) -> None:
        phone, card_type = self.phone.text().strip(), self.card_type.currentData()
        self.issue_button.setEnabled(False)
        self.message.setText(self.tr("正在办理…"))
        self.operations.mutate(
            lambda: self._counter.issue_from_id_card(self.record, phone, card_type), self._done, self._failed
        )

    def _done(self, issued) -> None:
        text = self.tr("已办证：{0}（{1}）。请提醒读者修改初始密码。").format(issued.card_number, issued.card_type_name)
        if issued.initial_password:
            text += self.tr("初始密码 {0}（只显示这一次，请告知读者）。").format(issued.initial_password)
        if issued.status == "provisional":
            text += self.tr("中心库未连接：此证为临时证，联网后自动确认。")
        self.message.setText(text)
        self.issued.emit(issued)
        # The result stays on screen until the clerk moves on; the form for the reader's signature is one key
        # away (Enter prints it on the registration printer).
        self.issued_card = issued.card_number
        self.issue_button.setVisible(False)
        self.phone.setReadOnly(True)
        self.print_button = self.buttons.addButton(self.tr("打印登记表(&P)"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_form)
        self.print_button.setDefault(True)
        self.print_button.setFocus()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("完成(&D)"))

    def print_form(self) -> None:
        counter, card = self._counter, self.issued_card
        self.print_button.setEnabled(False)
        self.operations.run(lambda: counter.print_registration(card), self._printed, self._failed)

    def _printed(self, produced) -> None:
        record = produced.record
        if record is not None and record.status == "sent":
            said = self.tr("登记表已送打印机 {0}（作业 {1}），请读者签字。").format(record.printer, record.message)
        elif record is not None and record.status == "failed":
            said = self.tr("登记表未能打印（{0}）；PDF 已保存：{1}").format(record.message, produced.path)
        else:
            said = self.tr("尚未选择登记表打印机：PDF 已保存：{0}（可在打印菜单选择打印机）").format(produced.path)
        self.message.setText(self.message.text() + "\n" + said)
        self.print_button.setEnabled(True)
        self.form_printed.emit(str(produced.path))

    def _failed(self, err: Exception) -> None:
        self.issue_button.setEnabled(True)
        if hasattr(self, "print_button"):
            self.print_button.setEnabled(True)
        self.message.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))
