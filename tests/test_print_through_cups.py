"""A real print: the desk sends the PDF to CUPS, cups-pdf writes it out, the test finds the printed file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from desk_app.core.errors import DeskError
from desk_app.core.services.print_history import history
from desk_app.documents import produce, reprint, send
from printing.printers import list_printers
from tests.cli_staff import PASSWORD, cli_staff
from tests.cups_server import wait_for_output
from tests.printing_fixtures import build, pdf_text


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    built = build(tmp_path_factory.mktemp("cupsdesk") / "desk.sqlite")
    yield built
    built.desk.close()


def test_the_printer_is_listed(cups):
    assert list_printers(cups.socket) == ["CardDeskPDF"]


def test_a_receipt_goes_through_cups_and_comes_out_printed(cups, records, tmp_path):
    produced = produce(records.desk, records.ctx, "receipt", records.receipt_no, tmp_path / "r.pdf")
    started = time.time() - 1
    record = send(records.desk, records.ctx, produced.record, cups.printer, cups.socket)
    assert record.status == "sent" and record.message.startswith("CardDeskPDF-")
    printed = wait_for_output(cups, started)
    try:
        assert records.receipt_no in pdf_text(printed)
    finally:
        printed.unlink()


def test_a_failed_print_keeps_the_pdf_and_a_reprint_works(cups, records, tmp_path):
    produced = produce(records.desk, records.ctx, "registration", records.minor.card_number, tmp_path / "g.pdf")
    with pytest.raises(DeskError) as failed:
        send(records.desk, records.ctx, produced.record, "NoSuchPrinter", cups.socket)
    assert failed.value.code == "print.failed" and produced.record.file_path in failed.value.message()
    assert Path(produced.record.file_path).is_file()
    with records.desk.uow() as uow:
        kept = history(uow, uuid.UUID(records.minor.reader_id))
    assert kept[0].status == "failed" and "NoSuchPrinter" in kept[0].message
    started = time.time() - 1
    again = reprint(records.desk, records.ctx, kept[0].id, cups.printer, cups.socket)
    assert again.status == "sent"
    printed = wait_for_output(cups, started)
    try:
        assert records.minor.card_number in pdf_text(printed)
    finally:
        printed.unlink()


def test_the_cli_prints_with_the_contracted_options(cups, records, tmp_path):
    carddesk = Path(sys.executable).parent / "carddesk"
    out = tmp_path / "cli-card.pdf"
    started = time.time() - 1
    done = subprocess.run(
        [
            str(carddesk),
            "--db",
            str(records.desk.path),
            "--profile",
            "foshan",
            *cli_staff(records.desk.path, "foshan", "FSLIB"),
            "print",
            "card-face",
            "--reader",
            records.adult.card_number,
            "--out",
            str(out),
            "--printer",
            cups.printer,
            "--server",
            cups.socket,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        input=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["path"] == str(out) and result["record"]["status"] == "sent" and out.is_file()
    printed = wait_for_output(cups, started)
    try:
        assert "FS20260001" in pdf_text(printed)
    finally:
        printed.unlink()


def test_the_desk_previews_then_prints_and_remembers_the_printer(cups, records, qtbot):
    from desk_app.paper_desk import PaperDesk
    from desk_app.ui.main_window import MainWindow
    from tests.printing_fixtures import ARTIFACTS

    settings = {"cups_server": cups.socket, "printers": {}}
    paper = PaperDesk(records.desk, records.ctx, settings, persist=False)
    window = MainWindow(records.desk.directory(), "佛山市联合图书馆", "佛山市图书馆 · D2", "x", "zh", paper)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search(records.minor.card_number)
    window.table.selectRow(0)
    with qtbot.waitSignal(window.preview_opened, timeout=20000) as opened:
        window.print_selected("registration")
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 1
    assert dialog.printer_box.currentText() == "CardDeskPDF"
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5000)
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height()  # its buttons on the screen (#22.4)
    qtbot.wait(1500)  # QPdfView renders its pages on a thread of its own
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "print-preview.png"))
    started = time.time() - 1
    with qtbot.waitSignal(dialog.print_finished, timeout=30000) as finished:
        dialog.print_button.click()
    assert finished.args == [True]
    assert settings["printers"] == {"registration": "CardDeskPDF"}
    printed = wait_for_output(cups, started)
    try:
        assert records.minor.card_number in pdf_text(printed)
    finally:
        printed.unlink()
    dialog.operations.wait()
    # The printer is remembered: the next one goes straight to it, the result said (#22.4); a preview on request.
    previews: list[object] = []
    window.preview_opened.connect(previews.append)
    started = time.time() - 1
    window.print_selected("registration")
    qtbot.waitUntil(lambda: "已送打印机 CardDeskPDF" in window.result_label.text(), timeout=30000)
    assert previews == []
    printed = wait_for_output(cups, started)
    printed.unlink()
    window.preview_first.setChecked(True)
    with qtbot.waitSignal(window.preview_opened, timeout=20000) as again:
        window.print_selected("registration")
    qtbot.addWidget(again.args[0])
    again.args[0].operations.wait()
    window.operations.wait()
