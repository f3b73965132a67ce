"""`carddesk print KIND (--reader ID | --receipt NO | --blank) --out FILE.pdf`, as library IT scripts it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_staff import PASSWORD, cli_staff
from tests.printing_fixtures import build, pdf_text

CARDDESK = Path(sys.executable).parent / "carddesk"
KINDS = ["registration", "guardian-consent", "refund-application", "proxy-authorisation", "receipt", "card-face"]


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    built = build(tmp_path_factory.mktemp("cli-print") / "desk.sqlite")
    built.desk.close()
    return built


def carddesk(records, *args):
    staff = cli_staff(records.desk.path, "foshan", "FSLIB")
    command = [str(CARDDESK), "--db", str(records.desk.path), "--profile", "foshan", *staff, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, input=PASSWORD + "\n")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_prints_blank(records, kind, tmp_path):
    out = tmp_path / f"{kind}.pdf"
    done = carddesk(records, "print", kind, "--blank", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and pdf_text(out).strip()


def test_filled_from_a_reader_and_from_a_receipt(records, tmp_path):
    done = carddesk(
        records,
        "print",
        "registration",
        "--reader",
        records.minor.card_number,
        "--out",
        str(tmp_path / "r.pdf"),
        "--json",
    )
    result = json.loads(done.stdout)
    assert result["pages"] == 1 and result["record"]["kind"] == "registration"
    assert "孙小明" in pdf_text(tmp_path / "r.pdf")
    done = carddesk(records, "print", "receipt", "--receipt", records.receipt_no, "--out", str(tmp_path / "c.pdf"))
    assert done.returncode == 0 and records.receipt_no in pdf_text(tmp_path / "c.pdf")
    history = json.loads(carddesk(records, "print-history", "--reader", records.minor.reader_id, "--json").stdout)
    assert [h["kind"] for h in history] == ["registration"]


def test_proxy_with_the_agents_identity(records, tmp_path):
    done = carddesk(
        records,
        "print",
        "proxy-authorisation",
        "--reader",
        records.adult.card_number,
        "--agent-name",
        "周代办",
        "--agent-doc-type",
        "passport",
        "--agent-doc-number",
        "E99887766",
        "--out",
        str(tmp_path / "p.pdf"),
    )
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "p.pdf")
    assert "周代办" in text and "E99887766" in text


def test_bad_requests_fail_with_one_line(records, tmp_path):
    missing = carddesk(records, "print", "receipt", "--receipt", "NOPE-1", "--out", str(tmp_path / "x.pdf"))
    assert missing.returncode == 2 and missing.stderr.strip() == "carddesk: 找不到收据：NOPE-1"
    no_guardian = carddesk(
        records, "print", "guardian-consent", "--reader", records.adult.card_number, "--out", str(tmp_path / "y.pdf")
    )
    assert no_guardian.returncode == 2 and "没有登记监护人" in no_guardian.stderr
    neither = carddesk(records, "print", "registration", "--out", str(tmp_path / "z.pdf"))
    assert neither.returncode == 2 and "one of the arguments --reader --receipt --blank is required" in neither.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_deposit_desk_commands_and_the_day_end_sheet(tmp_path):
    from openpyxl import load_workbook

    built = build(tmp_path / "desk.sqlite")
    built.desk.close()
    card = built.adult.card_number

    def run(*args):
        done = carddesk(built, "--branch", "FSLIB", "--desk", "D2", *args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    taken = json.loads(run("deposit", "take", "--card", card, "--amount", "20.50", "--pre-deposit", "--json"))
    assert taken["receipt_no"] == "FSLIB-D2-00000002" and taken["pre_deposit_fen"] == 2050
    shown = json.loads(run("deposit", "show", "--card", card, "--json"))
    assert (shown["deposit_fen"], shown["pre_deposit_fen"]) == (10000, 2050)
    assert [line["kind"] for line in shown["history"]] == ["deposit_taken", "pre_deposit"]
    bad = carddesk(built, "deposit", "take", "--card", card, "--amount", "1.005")
    assert bad.returncode != 0 and "more than two decimals" in bad.stderr
    run("print", "receipt", "--receipt", "FSLIB-D2-00000002", "--out", str(tmp_path / "r.pdf"))
    report = json.loads(
        run("day-end", "--date", "2026-11-22", "--pdf", str(tmp_path / "d.pdf"), "--xlsx", str(tmp_path / "d.xlsx"),
            "--json")
    )  # fmt: skip
    assert report["cash_in_fen"] == 10000 and report["net_cash_fen"] == 10000
    assert report["problems"] == ["收据 FSLIB-D2-00000001 未打印"] and not report["agrees"]
    text = pdf_text(tmp_path / "d.pdf")
    assert "服务台日结单" in text and "FSLIB-D2-00000001" in text and "未打印" in text
    book = load_workbook(tmp_path / "d.xlsx")
    assert book.sheetnames == ["汇总", "收据", "核对"]
    assert book["收据"]["A2"].value == "FSLIB-D2-00000001" and book["收据"]["D2"].value == 10000


def test_money_taken_and_paid_back_on_the_command_line_prints_its_receipts_so_the_day_end_agrees(tmp_path):
    built = build(tmp_path / "desk.sqlite")
    built.desk.close()
    card = built.adult.card_number

    def run(*args):
        done = carddesk(built, "--branch", "FSLIB", "--desk", "D3", *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    refused = carddesk(built, "--desk", "D3", "deposit", "take", "--card", card, "--amount", "100")
    assert refused.returncode == 2 and "按政策不收押金" in refused.stderr
    taken = run("deposit", "take", "--card", card, "--amount", "30", "--pre-deposit", "--json")
    assert taken["receipt_no"] == "FSLIB-D3-00000001" and "预存款收据" in pdf_text(Path(taken["receipt_pdf"]))
    back = run("deposit", "refund-pre-deposit", "--card", card, "--json")
    assert back["pre_deposit_fen"] == 0 and "预存款退还收据" in pdf_text(Path(back["receipt_pdf"]))
    report = run("day-end", "--json")
    assert report["agrees"], report["problems"]
    assert (report["cash_in_fen"], report["cash_out_fen"]) == (3000, 3000)
