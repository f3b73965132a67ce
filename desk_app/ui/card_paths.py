"""The counter's other card paths: a co-branded card activated with the ID card, an online card made physical."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from desk_app.core.errors import DeskError
from desk_app.core.money import parse_yuan
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.input_router import InputKind
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating
from devices.idcard.text_block import IdCardRecord
from forms.identity_documents import SPECS

if TYPE_CHECKING:
    from desk_app.core.services.issue import IssuedCard
    from desk_app.core.services.lifecycle import CardOutcome
    from desk_app.counter_desk import CounterDesk


class _PathDialog(Retranslating, QDialog):
    done_with = pyqtSignal(object)

    def __init__(self, title: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self.operations = Operations(self)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.go = QPushButton()

    def finish_layout(self) -> None:
        self.form.addRow(self.go)
        self.form.addRow(self.status)

    def run_job(self, work: Callable[[], Any]) -> None:
        self.go.setEnabled(False)
        self.status.setText(self.tr("正在办理……"))
        self.operations.mutate(work, self._on_job_succeeded, self._on_job_failed)

    def describe(self, result: Any) -> str:
        return str(result)

    def _on_job_succeeded(self, result: object) -> None:
        self.go.setEnabled(True)
        self.status.setText(self.describe(result))
        self.done_with.emit(result)

    def _on_job_failed(self, err: Exception) -> None:
        self.go.setEnabled(True)
        self.status.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))
        self.done_with.emit(err)


class CobrandedDialog(_PathDialog):
    """Shenzhen: the holder's ID card is read, the co-branded card swiped, and it works as their reader card."""

    def __init__(self, counter: CounterDesk, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("激活联名卡"), lang, parent)
        self._counter = counter
        self.issuer = QComboBox()
        for code, name in counter.issuers():
            self.issuer.addItem(name, code)
        self._issuer_kinds = [counter.ctx.profile.issuer(code).kind for code, _name in counter.issuers()]
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("读取第二代居民身份证"))
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.card = QLineEdit()
        self.card.setPlaceholderText(self.tr("刷卡或输入卡号"))
        self.card.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # a bank card number is not left on screen
        # A minor's card (a pupil's social security card): the guardian's tap comes after the holder's.
        self.guardian_name = QLineEdit()
        self.guardian_doc = QLineEdit()
        self.guardian_doc.setPlaceholderText(self.tr("未成年人：读取监护人身份证"))
        self.relationship = QComboBox()
        self.relationship.setEditable(True)
        self.relationship.addItems([self.tr("父母"), self.tr("祖父母/外祖父母"), self.tr("其他监护人")])
        self.consent = QCheckBox(self.tr("监护人已签字同意"))
        for label, widget in (
            (self.tr("发卡机构"), self.issuer),
            (self.tr("身份证号"), self.id_number),
            (self.tr("姓名"), self.name),
            (self.tr("联系电话"), self.phone),
            (self.tr("卡号"), self.card),
            (self.tr("监护人姓名"), self.guardian_name),
            (self.tr("监护人身份证号"), self.guardian_doc),
            (self.tr("与持卡人关系"), self.relationship),
            ("", self.consent),
        ):
            self.form.addRow(label, widget)
        self.go.setText(self.tr("激活"))
        self.go.clicked.connect(self._on_go_clicked)
        self.finish_layout()

    def wants_input(self, kind: InputKind, _value: object) -> bool:
        """The holder's ID card fills who they are; a scanned or swiped card number, or a social security card's
        number read from its chip, fills the card."""
        return kind in (InputKind.ID_CARD, InputKind.BARCODE) or (
            kind is InputKind.SOCIAL_SECURITY and self._social_security_issuer() is not None
        )

    def _social_security_issuer(self) -> int | None:
        found = [i for i, kind in enumerate(self._issuer_kinds) if kind == "social_security"]
        return found[0] if found else None

    def take_input(self, kind: InputKind, value: object) -> None:
        if isinstance(value, IdCardRecord):
            holder = self.id_number.text().strip()
            if holder and holder != value.id_number:
                self.guardian_doc.setText(value.id_number)  # the second card read: the guardian's
                self.guardian_name.setText(value.name)
                self.consent.setFocus()
                return
            self.id_number.setText(value.id_number)
            self.name.setText(value.name)
            self.phone.setFocus()
            return
        if kind is InputKind.SOCIAL_SECURITY:
            self.issuer.setCurrentIndex(self._social_security_issuer() or 0)  # the card says which it is
        self.card.setText(str(value))

    def _on_go_clicked(self) -> None:
        args = (self.id_number.text(), self.name.text(), self.phone.text(), self.issuer.currentData(), self.card.text())
        guardian = None
        if self.guardian_name.text().strip() or self.guardian_doc.text().strip():
            guardian = GuardianInput(self.guardian_name.text(), self.relationship.currentText(),
                                     DocumentInput("resident_id", self.guardian_doc.text()), self.phone.text(),
                                     consent_signed=self.consent.isChecked(), present=True)  # fmt: skip
        self.card.clear()
        self.run_job(lambda: self._counter.activate_cobranded(*args, guardian))

    def describe(self, result: IssuedCard) -> str:
        return self.tr("已激活：{0}（{1}），可作为借阅证使用").format(result.card_number, result.card_type_name)


class OnlineToPhysicalDialog(_PathDialog):
    """Chongqing / Shenzhen: find the online card by the reader's document and bind a physical card to it."""

    def __init__(self, counter: CounterDesk, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("线上卡领取实体卡"), lang, parent)
        self._counter = counter
        self.doc_type = QComboBox()
        for spec in SPECS.values():
            self.doc_type.addItem(spec.name(lang), spec.doc_type.value)
        self.number = QLineEdit()
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(self.tr("扫描新卡条码"))
        self.fee = QLineEdit()
        self.fee.setPlaceholderText(self.tr("实收工本费（元，如 10.00）"))
        for label, widget in (
            (self.tr("证件类型"), self.doc_type),
            (self.tr("证件号码"), self.number),
            (self.tr("实体卡条码"), self.barcode),
            (self.tr("实收工本费"), self.fee),
        ):
            self.form.addRow(label, widget)
        self.go.setText(self.tr("绑定实体卡"))
        self.go.clicked.connect(self._on_go_clicked)
        self.finish_layout()

    def wants_input(self, kind: InputKind, _value: object) -> bool:
        """The reader's ID card finds the online card; the physical card's barcode is scanned."""
        return kind in (InputKind.ID_CARD, InputKind.BARCODE)

    def take_input(self, _kind: InputKind, value: object) -> None:
        if isinstance(value, IdCardRecord):
            self.doc_type.setCurrentIndex(max(0, self.doc_type.findData("resident_id")))
            self.number.setText(value.id_number)
            self.barcode.setFocus()
        else:
            self.barcode.setText(str(value))

    def _on_go_clicked(self) -> None:
        try:
            fee_fen = parse_yuan(self.fee.text() or "0")  # typed in yuan, integer fen inside, never a float
        except ValueError:
            self.status.setText(self.tr("工本费金额格式不对（如 10.00）"))
            return
        args = (self.doc_type.currentData(), self.number.text(), self.barcode.text(), fee_fen)
        self.run_job(lambda: self._counter.online_to_physical(*args))

    def describe(self, result: CardOutcome) -> str:
        return self.tr("已绑定实体卡，证号 {0} 不变").format(result.card_number)
