"""The deposit desk on screen, against a real desk database joined to the union service (a real PostgreSQL
behind it): the balance, money taken with its receipt, a refund from application to archive (paid as the
union decides), and the day-end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desk_app.demo.people import PeopleFactory
from desk_app.money_desk import MoneyDesk
from desk_app.ui.deposit_desk import DepositDeskDialog
from tests.printing_fixtures import pdf_text
from tests.test_union_service import _join, _signed_in, card_with_a_deposit, running_union


@pytest.fixture
def deposit_desk(postgres: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test_keyring: None) -> Any:
    with running_union(postgres, tmp_path / "union", "union_deposit") as union:
        desk_db, env = _join(union, tmp_path, "a", "FSLIB", "D1")
        with _signed_in(desk_db, env, monkeypatch, "fs-admin", "D1") as (desk, link, ctx):
            person = PeopleFactory("foshan", seed=6161).person(45, datetime.now(UTC).date())
            issued = card_with_a_deposit(desk, ctx, person)
            yield MoneyDesk(desk, ctx, {}, link, print_remembered=True), person, issued


def _step(qtbot: Any, dialog: DepositDeskDialog, name: str, action: Any) -> Any:
    with qtbot.waitSignal(dialog.finished_step, timeout=30000) as done:
        action()
    assert done.args[0] == name
    result = done.args[1]
    assert not isinstance(result, Exception), dialog.status.text()
    return result


def test_the_deposit_desk_from_balance_to_day_end(qtbot: Any, deposit_desk: Any) -> None:
    money, person, issued = deposit_desk
    dialog = DepositDeskDialog(money, "zh", issued.card_number)
    qtbot.addWidget(dialog)
    dialog.show()
    _step(qtbot, dialog, "account", dialog.load_account)
    assert "押金余额 ¥100.00" in dialog.balance.text() and dialog.history.rowCount() == 1

    dialog.amount.setText("20.5")
    dialog.pre_deposit.setChecked(True)
    _step(qtbot, dialog, "take", dialog.take_button.click)
    assert "预存款余额 ¥20.50" in dialog.balance.text() and "FSLIB-D1-00000002" in dialog.status.text()
    asked: list[str] = []
    dialog.confirm_repeat = lambda message: asked.append(message) or False
    dialog.amount.setText("20.50")
    with qtbot.waitSignal(dialog.finished_step, timeout=30000) as repeated:
        dialog.take_button.click()  # the answer was lost: the clerk tries again, then says it was the same one
    assert isinstance(repeated.args[1], Exception) and "FSLIB-D1-00000002" in asked[0]
    assert "预存款余额 ¥20.50" in dialog.balance.text()
    dialog.confirm_repeat = lambda message: asked.append(message) or True
    dialog.amount.setText("20.50")
    with qtbot.waitSignals([dialog.finished_step, dialog.finished_step], timeout=30000):
        dialog.take_button.click()  # a second payment the reader really asked for
    assert len(asked) == 2 and "预存款余额 ¥41.00" in dialog.balance.text(), dialog.status.text()
    dialog.amount.setText("20.50")
    _step(qtbot, dialog, "refund_pre_deposit", dialog.refund_pre_button.click)
    dialog.pre_deposit.setChecked(True)
    dialog.amount.setText("1.005")
    dialog.take_button.click()
    assert "金额格式不对" in dialog.status.text()
    assert "按政策不收押金" in dialog.policy.text()  # warned before any money moves
    dialog.amount.setText("50")
    dialog.pre_deposit.setChecked(False)
    with qtbot.waitSignal(dialog.finished_step, timeout=30000) as refused:
        dialog.take_button.click()
    assert isinstance(refused.args[1], Exception) and "按政策不收押金" in dialog.status.text()
    dialog.amount.setText("5")
    _step(qtbot, dialog, "refund_pre_deposit", dialog.refund_pre_button.click)
    assert "预存款余额 ¥15.50" in dialog.balance.text() and "已退还预存款" in dialog.status.text()

    dialog.tabs.setCurrentIndex(1)
    assert not dialog.pay_button.isEnabled()  # each step only when its turn comes
    produced = _step(qtbot, dialog, "form", dialog.form_button.click)
    assert "押金退还申请表" in pdf_text(produced.path) and person.name in pdf_text(produced.path)
    dialog.doc_number.setText(person.citizen_number)
    dialog.card_presented.setChecked(True)
    _step(qtbot, dialog, "apply", dialog.apply_button.click)
    assert "待审核" in dialog.refund_state.text() and "应退 ¥100.00" in dialog.refund_state.text()
    _step(qtbot, dialog, "approve", dialog.approve_button.click)
    # Approved and not paid: listed for whoever opens the desk next (#22.7), and whose money it is, shown.
    reopened = DepositDeskDialog(money, "zh", "")
    qtbot.addWidget(reopened)
    reopened.show_waiting()
    qtbot.waitUntil(lambda: "已审核待退款" in reopened.waiting.text(), timeout=10000)
    assert person.name in reopened.waiting.text() and "应退 ¥100.00" in reopened.waiting.text()
    reopened.operations.wait()
    assert person.name in dialog.whose.text() and person.citizen_number not in dialog.whose.text()
    paid = _step(qtbot, dialog, "pay", dialog.pay_button.click)
    assert "已退款 ¥100.00" in dialog.status.text() and len(paid.printed) == 1
    assert dialog.archive_button.isEnabled() and not dialog.pay_button.isEnabled()
    assert "读者有效证件复印件" in dialog.refund_state.text()
    scanned = _step(qtbot, dialog, "scan", lambda: dialog.attach_scan("document_copy", b"%PDF-1.4 scan"))
    assert scanned.missing_archive == ["application", "receipt"]
    assert "读者有效证件复印件" not in dialog.refund_state.text()
    dialog.archive_no.setText("2026-退-0001")
    _step(qtbot, dialog, "archive", dialog.archive_button.click)
    assert "已归档" in dialog.refund_state.text()

    dialog.tabs.setCurrentIndex(2)
    report, pdf, xlsx = _step(qtbot, dialog, "day_end", dialog.day_end_button.click)
    assert "现金支出 ¥125.50" in dialog.day_end_summary.text() and pdf.exists() and xlsx.exists()
    assert report.cash_out_fen == 12550  # the refund and the pre-deposits paid back
    dialog.operations.wait()


def test_a_refund_refused_offline_says_so_and_keeps_the_request(qtbot: Any, deposit_desk: Any) -> None:
    money, person, issued = deposit_desk
    money.link.settings["union"]["url"] = "https://127.0.0.1:9"  # the network is gone: nothing listens there
    dialog = DepositDeskDialog(money, "zh", issued.card_number)
    qtbot.addWidget(dialog)
    dialog.doc_number.setText(person.citizen_number)
    dialog.card_presented.setChecked(True)
    _step(qtbot, dialog, "apply", dialog.apply_button.click)
    _step(qtbot, dialog, "approve", dialog.approve_button.click)
    with qtbot.waitSignal(dialog.finished_step, timeout=30000) as done:
        dialog.pay_button.click()
    assert isinstance(done.args[1], Exception)
    assert "联系不上联盟服务" in dialog.status.text() and dialog.pay_button.isEnabled()
    dialog.operations.wait()


def _refund(qtbot: Any, dialog: DepositDeskDialog, card: str, document: str) -> Any:
    dialog.card.setText(card)
    _step(qtbot, dialog, "account", dialog.load_account)
    dialog.tabs.setCurrentIndex(1)
    dialog.doc_number.setText(document)
    dialog.card_presented.setChecked(True)
    _step(qtbot, dialog, "apply", dialog.apply_button.click)
    _step(qtbot, dialog, "approve", dialog.approve_button.click)
    return _step(qtbot, dialog, "pay", dialog.pay_button.click)


def _printed_since(cups: Any, since: float) -> list[Path]:
    """What cups-pdf finished writing since then (closed as a PDF), oldest first."""
    found = [p for p in cups.output_dir.glob("*.pdf") if p.stat().st_mtime >= since]
    whole = [p for p in found if p.read_bytes().rstrip().endswith(b"%%EOF")]
    return sorted(whole, key=lambda p: p.stat().st_mtime)


def test_two_readers_in_a_row_each_on_their_own_with_receipts_really_printed(
    qtbot: Any, deposit_desk: Any, cups: Any
) -> None:
    """#27.1, .2 and .4: the second reader's refund starts clean; each receipt says which printer and job took it
    (or that nothing printed); the application prints after paying; a kept receipt is reprinted from the tab."""
    import time

    from tests.cups_server import wait_for_output

    money, person, issued = deposit_desk
    second = PeopleFactory("foshan", seed=6262).person(38, datetime.now(UTC).date())
    other = card_with_a_deposit(money.desk, money.ctx, second)
    money.settings["cups_server"] = cups.socket
    dialog = DepositDeskDialog(money, "zh", "")
    qtbot.addWidget(dialog)
    dialog.show()

    paid = _refund(qtbot, dialog, issued.card_number, person.citizen_number)  # no receipt printer chosen yet
    assert paid.printed[0].record.status == "saved"
    assert "未打印（尚未选择打印机）" in dialog.status.text() and "收据已打印" not in dialog.status.text()
    dialog.archive_no.setText("2026-退-0007")
    _step(qtbot, dialog, "archive", dialog.archive_button.click)
    assert "已归档" in dialog.refund_state.text() and person.name in dialog.refund_state.text()

    money.settings["printers"] = {"receipt": cups.printer, "refund-application": cups.printer}
    dialog.card.setText(other.card_number)
    _step(qtbot, dialog, "account", dialog.load_account)
    assert dialog.request_id is None and dialog.refund_state.text() == "尚未登记申请"
    assert dialog.doc_number.text() == "" and not dialog.card_presented.isChecked()
    assert dialog.apply_button.isEnabled() and not dialog.archive_button.isEnabled()
    started = refund_started = time.time() - 1
    paid = _refund(qtbot, dialog, other.card_number, second.citizen_number)
    receipt = paid.view.receipts[0]
    assert second.name in dialog.refund_state.text() and person.name not in dialog.refund_state.text()
    assert f"已送打印机 {cups.printer}（作业 {cups.printer}-" in dialog.status.text()
    qtbot.waitUntil(lambda: len(_printed_since(cups, started)) == 2, timeout=60000)
    application, printed_receipt = _printed_since(cups, started)  # the form to sign came with the application
    assert second.citizen_number in pdf_text(application) and receipt in pdf_text(printed_receipt)

    started = time.time() - 1
    form = _step(qtbot, dialog, "form", dialog.form_button.click)  # after paying: for the archive
    assert form.record.kind == "refund-application" and "¥100.00" in pdf_text(form.path)
    assert second.name in pdf_text(form.path) and form.record.status == "sent"
    wait_for_output(cups, started)

    dialog.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: dialog.print_table.rowCount() == 3, timeout=10000)
    kinds = [dialog.print_table.item(r, 1).text() for r in range(3)]
    shown_at = dialog.print_table.item(0, 0).text()  # the library's clock, not UTC (#27.9)
    assert shown_at == datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") or (
        shown_at[:13] == datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H")
    )
    assert sorted(kinds) == ["押金退还申请表", "押金退还申请表", "收据"]
    dialog.print_table.selectRow(kinds.index("收据"))
    record, _history = _step(qtbot, dialog, "reprint", dialog.reprint_button.click)
    assert record.reference == receipt and f"{receipt} 已重新送打印机 {cups.printer}" in dialog.status.text()
    qtbot.waitUntil(
        lambda: sum(receipt in pdf_text(p) for p in _printed_since(cups, refund_started)) == 2, timeout=60000
    )  # the receipt twice since the refund: printed, then reprinted
    dialog.operations.wait()


def test_a_proxy_refund_prints_the_agents_application_and_power_of_attorney(qtbot: Any, deposit_desk: Any) -> None:
    """#27.3: the agent entered at the desk is on the printed form, with the power of attorney."""
    money, person, issued = deposit_desk
    agent = PeopleFactory("foshan", seed=6363).person(52, datetime.now(UTC).date())
    dialog = DepositDeskDialog(money, "zh", issued.card_number)
    qtbot.addWidget(dialog)
    _step(qtbot, dialog, "account", dialog.load_account)
    dialog.doc_number.setText(person.citizen_number)
    dialog.card_presented.setChecked(True)
    dialog.agent_name.setText(agent.name)
    dialog.agent_doc.setText(agent.citizen_number)
    dialog.power.setText("委托书-0042")
    view, printed_with_it = _step(qtbot, dialog, "apply", dialog.apply_button.click)
    assert view.applicant == "agent" and printed_with_it.record.kind == "proxy-authorisation"  # at once
    form = _step(qtbot, dialog, "form", dialog.form_button.click)
    text = pdf_text(form.path)
    assert form.record.kind == "proxy-authorisation" and "代办申请表及委托书" in dialog.status.text()
    assert agent.name in text and person.name in text and "委托" in text
    dialog.operations.wait()
