"""A desk that belongs to no union and has nobody who can sign in: its first administrator is made here, before
the sign-in (at a union, library IT makes each branch's first administrator at the union instead). Refused by
the core as soon as anyone can sign in, so holding the desk's file never makes another administrator."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk_app.core.errors import DeskError
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.retranslate import Retranslating


class FirstAdminDialog(Retranslating, QDialog):
    def __init__(
        self, create: Callable[[str, str, str], object], branch_name: str, lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        """`create(username, name, password)` makes the account and signs it in (off the UI thread)."""
        super().__init__(parent)
        self._create = create
        self._lang = lang
        self.result_value: object | None = None
        self.operations = Operations(self)
        self.setWindowTitle(self.tr("建立第一位管理员"))
        heading = QLabel(
            self.tr(
                "这台服务台还没有可以登录的工作人员。"
                "请为{0}建立第一位管理员，之后由其添加其他工作人员（carddesk staff add）。"
            ).format(branch_name)
        )  # fmt: skip
        heading.setWordWrap(True)
        self.username = QLineEdit()
        self.name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名(&U)："), self.username)
        form.addRow(self.tr("姓名(&N)："), self.name)
        form.addRow(self.tr("密码(&P)："), self.password)
        form.addRow(self.tr("再次输入密码(&A)："), self.again)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a33;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText(self.tr("建立并登录"))
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def make(self) -> None:
        username, name, password = self.username.text().strip(), self.name.text().strip(), self.password.text()
        if not username or not name:
            self.message.setText(self.tr("请填写用户名和姓名"))
            return
        if password != self.again.text():
            self.message.setText(self.tr("两次输入的密码不一致"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在建立……"))
        self.operations.mutate(lambda: self._create(username, name, password), self._made, self._failed, "staff")

    def _made(self, signed: object) -> None:
        self.result_value = signed
        self.accept()

    def _failed(self, err: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.again.clear()
        text = err.message(self._lang) if isinstance(err, DeskError) else describe_error(err, self._lang)
        self.message.setText(text)
