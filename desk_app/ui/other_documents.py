"""The "一卡通" path for people without a resident ID card: details typed or read from a passport's MRZ, a
card from card stock scanned and its chip bound, the photo taken with the camera or loaded from a file."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand
from desk_app.input_router import InputKind
from desk_app.ui.camera import CameraDialog, cameras
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.printed import document_printed
from desk_app.ui.retranslate import Retranslating
from forms.identity_documents import SPECS, DocumentType

OTHER_DOCUMENTS = [d for d in DocumentType if d is not DocumentType.RESIDENT_ID]


class OtherDocumentDialog(Retranslating, QDialog):
    finished_step = pyqtSignal(str, object)

    def __init__(self, issue, card_types, lang: str = "zh", parent=None, fitting=None) -> None:
        """`issue(cmd, photo)` runs the use case (off the UI thread); `card_types` are (code, name) pairs;
        `fitting(doc_type, birth)` names the card type to select for a document (None: leave the choice)."""
        super().__init__(parent)
        self._issue = issue
        self._fitting = fitting
        self._lang = lang
        self.operations = Operations(self)
        self.photo: bytes | None = None
        self.setWindowTitle(self.tr("“一卡通”办证（其他证件）"))
        self.resize(760, 640)

        self.doc_type = QComboBox()
        for kind in OTHER_DOCUMENTS:
            self.doc_type.addItem(SPECS[kind].name(lang), kind.value)
        self.number = QLineEdit()
        self.name = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItem(self.tr("男"), "M")
        self.gender.addItem(self.tr("女"), "F")
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("YYYY-MM-DD")
        self.nationality = QLineEdit()
        self.nationality.setPlaceholderText(self.tr("三字母代码，如 CHN、GBR"))
        self.valid_until = QLineEdit()
        self.valid_until.setPlaceholderText("YYYY-MM-DD")
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.card_type = QComboBox()
        for code, name in card_types:
            self.card_type.addItem(name, code)
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(self.tr("扫描卡库中新卡的条码"))
        self.chip = QLineEdit()
        self.chip.setPlaceholderText(self.tr("把新卡放上读卡器，自动读出芯片号"))
        self.photo_label = QLabel(self.tr("尚无照片"))
        self.photo_label.setFixedSize(120, 150)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #999")
        self.camera_button = QPushButton(self.tr("摄像头拍照(&M)"))
        self.file_button = QPushButton(self.tr("从文件载入照片(&L)…"))
        self.camera_button.setEnabled(bool(cameras()))
        if not cameras():
            self.camera_button.setToolTip(self.tr("未找到摄像头：请从文件载入照片"))
        self.camera_button.clicked.connect(self.take_photo)
        self.file_button.clicked.connect(self._on_file_clicked)

        form = QFormLayout()
        form.addRow(self.tr("证件类型"), self.doc_type)
        form.addRow(self.tr("证件号码"), self.number)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("性别"), self.gender)
        form.addRow(self.tr("出生日期"), self.birth)
        form.addRow(self.tr("国籍"), self.nationality)
        form.addRow(self.tr("有效期至"), self.valid_until)
        form.addRow(self.tr("联系电话(&P)"), self.phone)
        form.addRow(self.tr("通讯地址"), self.address)
        form.addRow(self.tr("读者证类型"), self.card_type)
        form.addRow(self.tr("新卡条码"), self.barcode)
        form.addRow(self.tr("芯片号"), self.chip)
        photo_buttons = QVBoxLayout()
        photo_buttons.addWidget(self.camera_button)
        photo_buttons.addWidget(self.file_button)
        photo_buttons.addStretch(1)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_label)
        photo_row.addLayout(photo_buttons)
        photo_row.addStretch(1)

        self.doc_type.currentIndexChanged.connect(lambda _index: self._select_card_type())
        self._select_card_type()

        self.issue_button = QPushButton(self.tr("办证并打印登记表(&I)"))
        self.issue_button.clicked.connect(self.issue)
        self.result_label = QLabel(self.tr("可在护照阅读器上读取护照，自动填写"))
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(photo_row)
        layout.addWidget(self.issue_button)
        layout.addWidget(self.result_label)

    def _select_card_type(self) -> None:
        """The card type follows the document: a passport asks for the "一卡通", not the ID-card type."""
        if self._fitting is None:
            return
        try:
            birth = self._date(self.birth)
        except ValueError:
            birth = None
        code = self._fitting(self.doc_type.currentData(), birth)
        if code is not None and self.card_type.findData(code) >= 0:
            self.card_type.setCurrentIndex(self.card_type.findData(code))

    def wants_input(self, kind: InputKind, _value: object) -> bool:
        """The "一卡通" form takes the passport's MRZ, the new card's barcode and its chip."""
        return kind in (InputKind.MRZ, InputKind.BARCODE, InputKind.CHIP)

    def take_input(self, kind: InputKind, value) -> None:
        if kind is InputKind.MRZ:
            self.fill_from_mrz(value)
        elif kind is InputKind.BARCODE:
            self.set_barcode(value)
        else:
            self.set_chip(value)

    def show_device_error(self, text: str) -> None:
        """A read that failed (a wrong MRZ check digit) is said here, where the clerk is looking."""
        self.result_label.setText(text)

    # -- filled from devices ----------------------------------------------------------------------------
    def fill_from_mrz(self, record) -> None:
        """A passport (or other MRZ document) read on the MRZ reader fills the details."""
        kind = DocumentType.PASSPORT if record.document_type.startswith("P") else None
        if kind is not None:
            self.doc_type.setCurrentIndex(self.doc_type.findData(kind.value))
        self.number.setText(record.document_number)
        self.name.setText(f"{record.surname} {record.given_names}".strip())
        self.gender.setCurrentIndex(max(0, self.gender.findData(record.sex)))
        self.birth.setText(record.birth_date.isoformat())
        self.nationality.setText(record.nationality)
        self.valid_until.setText(record.expiry_date.isoformat())
        self._select_card_type()
        self.result_label.setText(self.tr("已从护照读取，请核对后扫描新卡"))
        self.phone.setFocus()

    def set_barcode(self, code: str) -> None:
        self.barcode.setText(code)

    def set_chip(self, uid: str) -> None:
        self.chip.setText(uid)

    # -- the photo ----------------------------------------------------------------------------------------
    def set_photo(self, data: bytes) -> None:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            self.result_label.setText(self.tr("不是可用的图片文件"))
            return
        self.photo = data
        self.photo_label.setPixmap(pixmap.scaled(self.photo_label.size(), Qt.AspectRatioMode.KeepAspectRatio))

    def take_photo(self) -> None:
        found = cameras()
        if not found:
            return
        dialog = CameraDialog(found[0], self)
        dialog.captured.connect(self.set_photo)
        dialog.open()

    def _on_file_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("选择照片"), "", "Images (*.png *.jpg *.jpeg)")
        if path:
            with open(path, "rb") as handle:
                self.set_photo(handle.read())

    # -- issue ----------------------------------------------------------------------------------------------
    def _date(self, field: QLineEdit) -> date | None:
        text = field.text().strip()
        return date.fromisoformat(text) if text else None

    def issue(self) -> None:
        try:
            birth, until = self._date(self.birth), self._date(self.valid_until)
        except ValueError:
            self.result_label.setText(self.tr("日期格式不对（如 1990-05-01）"))
            return
        document = DocumentInput(self.doc_type.currentData(), self.number.text(), until,
                                 self.nationality.text().strip().upper() or None)  # fmt: skip
        cmd = IssueCardCommand(
            name=self.name.text(),
            phone=self.phone.text(),
            documents=(document,),
            card_type_code=self.card_type.currentData(),
            birth_date=birth,
            gender=self.gender.currentData(),
            address=self.address.text(),
            barcode=self.barcode.text().strip() or None,
            chip_uid=self.chip.text().strip() or None,
        )
        photo, issue = self.photo, self._issue
        self.issue_button.setEnabled(False)

        def failed(err: Exception) -> None:
            self.issue_button.setEnabled(True)
            text = describe_error(err, self._lang)
            self.result_label.setText(text)
            self.finished_step.emit("issue", err)

        self.operations.mutate(lambda: issue(cmd, photo), self._show_issued, failed)

    def _show_issued(self, done) -> None:
        self.issue_button.setEnabled(True)
        text = self.tr("已办证：{0}（{1}）。请提醒读者修改初始密码。").format(
            done.issued.card_number, done.issued.card_type_name
        )
        text += document_printed("registration", done.registration_print, done.registration_pdf)
        if done.registration_print is not None and done.registration_print.status == "sent":
            text += self.tr("，请读者签字。")
        if done.issued.initial_password:
            text += self.tr("初始密码 {0}（只显示这一次，请告知读者）。").format(done.issued.initial_password)
        self.result_label.setText(text)
        self.finished_step.emit("issue", done)
