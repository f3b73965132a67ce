"""#26: a desk on its own with nobody to sign in as makes its first administrator at the window, then signs them
in; a second one is refused once anyone can sign in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desk_app.bootstrap import open_desk
from desk_app.core.services.staff_accounts import SignedIn, create_first_admin, has_signing_staff, sign_in
from desk_app.ui.first_admin import FirstAdminDialog


def test_the_first_administrator_is_made_at_the_window_and_signed_in(qtbot: Any, tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "new.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            assert not has_signing_staff(uow)

        def create(username: str, name: str, password: str) -> SignedIn:
            with desk.uow() as uow:
                create_first_admin(uow, username, name, "FSLIB", password, "D1", datetime.now(UTC))
            with desk.uow() as uow:
                return sign_in(uow, username, password, "D1", datetime.now(UTC))

        dialog = FirstAdminDialog(create, "佛山市图书馆")
        qtbot.addWidget(dialog)
        dialog.username.setText("fslib-admin")
        dialog.name.setText("馆员甲")
        dialog.password.setText("Library-desk-2026")
        dialog.again.setText("Library-desk-2027")
        dialog.make()
        assert dialog.message.text() == "两次输入的密码不一致"
        dialog.again.setText("short")
        dialog.password.setText("short")
        with qtbot.waitSignal(dialog.operations.worker.changed, timeout=5000, raising=False):
            dialog.make()
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=5000)
        assert dialog.result_value is None and dialog.message.text()  # too weak: the rule says why
        dialog.password.setText("Library-desk-2026")
        dialog.again.setText("Library-desk-2026")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            dialog.make()
        signed = dialog.result_value
        assert isinstance(signed, SignedIn) and signed.role == "admin"
        again = FirstAdminDialog(create, "佛山市图书馆")
        qtbot.addWidget(again)
        again.username.setText("intruder")
        again.name.setText("某人")
        again.password.setText("Another-pass-2026")
        again.again.setText("Another-pass-2026")
        again.make()
        qtbot.waitUntil(lambda: again.buttons.isEnabled(), timeout=5000)
        assert again.result_value is None and again.message.text()  # someone can sign in now: refused
        dialog.operations.wait()
    finally:
        desk.close()
