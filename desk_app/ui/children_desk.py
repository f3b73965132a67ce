"""The children's desk: the child's document decides the path; the guardian's document is read too, the
relationship recorded, and the guardian signs on the pad (or on the printed authorisation)."""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand
from desk_app.input_router import InputKind
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.printed import document_printed
from desk_app.ui.retranslate import Retranslating
from desk_app.ui.signature_pad import SignaturePad


class ChildRegistrationDialog(Retranslating, QDialog):
    finished_step = pyqtSignal(str, object)

    def __init__(self, children, lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self._children = children
        self._lang = lang
        self.operations = Operations(self)
        self.path = None
        self.setWindowTitle(self.tr("少儿办证"))
        self.resize(820, 700)

        self.child_doc = QLineEdit()
        self.child_doc.setPlaceholderText(self.tr("儿童身份证号（读卡或输入）"))
        self.child_doc.editingFinished.connect(self.check_path)
        self.child_name = QLineEdit()
        self.phone = QLineEdit()
        self.path_label = QLabel(self.tr("读取儿童证件后显示办理要求"))
        self.path_label.setWordWrap(True)
        child = QGroupBox(self.tr("儿童"))
        child_form = QFormLayout(child)
        child_form.addRow(self.tr("身份证号"), self.child_doc)
        child_form.addRow(self.tr("姓名"), self.child_name)
        child_form.addRow(self.tr("联系电话"), self.phone)
        child_form.addRow(self.path_label)

        self.guardian_name = QLineEdit()
        self.guardian_doc = QLineEdit()
        self.guardian_doc.setPlaceholderText(self.tr("监护人身份证号（读卡或输入）"))
        self.relationship = QComboBox()
        self.relationship.setEditable(True)
        for text in (self.tr("父母"), self.tr("祖父母/外祖父母"), self.tr("其他监护人")):
            self.relationship.addItem(text)
        self.guardian_phone = QLineEdit()
        self.present = QCheckBox(self.tr("监护人在场"))
        self.present.setChecked(True)
        self.paper = QCheckBox(self.tr("改为在纸质授权书上签字（已签）"))
        self.pad = SignaturePad()
        self.clear_pad = QPushButton(self.tr("清除签名(&C)"))
        self.clear_pad.clicked.connect(self.pad.clear)
        guardian = QGroupBox(self.tr("监护人"))
        guardian_form = QFormLayout(guardian)
        guardian_form.addRow(self.tr("姓名"), self.guardian_name)
        guardian_form.addRow(self.tr("身份证号"), self.guardian_doc)
        guardian_form.addRow(self.tr("与儿童关系"), self.relationship)
        guardian_form.addRow(self.tr("联系电话(&P)"), self.guardian_phone)
        guardian_form.addRow("", self.present)
        guardian_form.addRow(self.tr("签名"), self.pad)
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.clear_pad)
        pad_row.addWidget(self.paper)
        guardian_form.addRow("", pad_row)

        self.issue_button = QPushButton(self.tr("办证并打印授权书(&I)"))
        self.issue_button.clicked.connect(self.issue)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(child)
        layout.addWidget(guardian, 1)
        layout.addWidget(self.issue_button)
        layout.addWidget(self.result_label)

    def wants_input(self, kind: InputKind, _value: object) -> bool:
        return kind is InputKind.ID_CARD

    def take_input(self, _kind: InputKind, record) -> None:
        """The first card read is the child's, the next the guardian's."""
        if not self.child_doc.text().strip():
            self.set_child_card(record)
        else:
            self.set_guardian_card(record)

    def set_child_card(self, record) -> None:
        """A tap of the child's ID card fills the child's part."""
        self.child_doc.setText(record.id_number)
        self.child_name.setText(record.name)
        self.check_path()

    def set_guardian_card(self, record) -> None:
        self.guardian_doc.setText(record.id_number)
        self.guardian_name.setText(record.name)
        self.guardian_phone.setFocus()  # what the chip cannot tell is next

    def _run(self, step: str, work, shown, changes: str | None = None) -> None:
        def succeeded(result) -> None:
            shown(result)
            self.finished_step.emit(step, result)

        def failed(err: Exception) -> None:
            text = describe_error(err, self._lang)
            self.result_label.setText(text)
            self.issue_button.setEnabled(True)
            self.finished_step.emit(step, err)

        if changes is None:
            self.operations.run(work, succeeded, failed)
        else:
            self.operations.mutate(work, succeeded, failed, changes)

    def check_path(self) -> None:
        number = self.child_doc.text().strip()
        if not number:
            return
        children = self._children
        self._run("path", lambda: children.path(DocumentInput("resident_id", number)), self._show_path)

    def _show_path(self, path) -> None:
        self.path = path
        self.path_label.setText("\n".join(f"· {step.pick(self._lang)}" for step in path.steps))

    def issue(self) -> None:
        signed = not self.pad.is_empty() or self.paper.isChecked()
        guardian = None
        if self.guardian_name.text().strip() or self.guardian_doc.text().strip():
            guardian = GuardianInput(
                self.guardian_name.text(),
                self.relationship.currentText(),
                DocumentInput("resident_id", self.guardian_doc.text()),
                self.guardian_phone.text(),
                consent_signed=signed,
                present=self.present.isChecked(),
            )
        cmd = IssueCardCommand(
            name=self.child_name.text(),
            phone=self.phone.text() or self.guardian_phone.text(),
            documents=(DocumentInput("resident_id", self.child_doc.text()),),
            guardian=guardian,
        )
        signature = None if self.pad.is_empty() else self.pad.png_bytes()
        self.issue_button.setEnabled(False)
        children = self._children
        self._run("issue", lambda: children.issue(cmd, signature), self._show_issued, "card")

    def _show_issued(self, done) -> None:
        self.issue_button.setEnabled(True)
        text = self.tr("已办证：{0}（{1}）。").format(done.issued.card_number, done.issued.card_type_name)
        if done.consent_pdf:
            text += document_printed("guardian-consent", done.consent_print, done.consent_pdf)
            if done.consent_print is not None and done.consent_print.status == "sent":
                text += self.tr("，请监护人核对。")
        self.result_label.setText(text)
        self.issue_button.setVisible(False)  # the result stays until the clerk moves on (Esc)
