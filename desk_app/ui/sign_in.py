"""Staff sign-in, and the lock that covers the desk after idle minutes until someone signs in again."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QEvent, QObject, QTimer, pyqtSignal
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desk_app.core.errors import DeskError
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating


class SignInDialog(Retranslating, QDialog):
    """Asks for a user name and password; `authenticate` runs the sign-in use case off the UI thread."""

    signed_in = pyqtSignal(object)

    def __init__(
        self,
        authenticate: Callable[[str, str], object],
        title: str,
        locked: bool = False,
        username: str = "",
        lang: str = "zh",
        parent=None,
        window_title: str = "",
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self._lang = lang
        self.result_value: object | None = None
        self.operations = Operations(self)
        self.setWindowTitle(window_title or (self.tr("CardDesk 登录") if not locked else self.tr("CardDesk 已锁定")))
        self.user = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a33;")
        heading = self.heading = QLabel(title if not locked else self.tr("长时间未操作，服务台已锁定。请重新登录。"))
        heading.setWordWrap(True)
        heading.setVisible(bool(title) or locked)
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.user)
        form.addRow(self.tr("密码："), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        if not locked:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        (self.password if username else self.user).setFocus()

    def show_heading(self, title: str) -> None:
        """The union's name, once known (the sign-in may show before the desk's database is open)."""
        self.heading.setText(title)
        self.heading.setVisible(bool(title))

    def type_in(self, user: str, password: str) -> None:
        """What the start-up benchmark types (CARDDESK_START_TRACE), then Enter."""
        self.user.setText(user)
        self.password.setText(password)
        print("enter", flush=True)
        self._on_buttons_accepted()

    def _on_buttons_accepted(self) -> None:
        user, password = self.user.text(), self.password.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在登录……"))
        self.operations.run(
            lambda: self._authenticate(user, password), self._on_sign_in_succeeded, self._on_sign_in_failed
        )

    def _on_sign_in_succeeded(self, signed: object) -> None:
        self.result_value = signed
        self.signed_in.emit(signed)
        self.accept()

    def _on_sign_in_failed(self, err: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.message.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))


class IdleLock(QObject):
    """Watches the application's input; after `timeout_ms` without any, says so once."""

    idled = pyqtSignal()
    _ACTIVITY = frozenset(
        {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
    )

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.idled)

    def start(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
