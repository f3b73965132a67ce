"""The remaining card paths of the seeds: telephone loss reports, fines where incurred, the reader guide."""

from __future__ import annotations

import re
import subprocess
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from desk_app.core.entities import CardStatus, LedgerKind, Loan
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.policy import PROFILE_NAMES, load_profile
from desk_app.core.reader_guide import reader_guide
from desk_app.core.services.fines import fines_at_desk, pay_fine
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import report_loss_by_phone
from desk_app.core.services.paperwork import receipt
from forms.paper_forms import FormKind
from printing.render import render
from tests.cli_staff import DEMO_PASSWORD, demo_staff
from tests.conftest import NOW, TODAY
from tests.environments import keyring_environment
from tests.test_issue_card import adult_cmd, guardian_for

QUESTIONS = ["读者姓名", "证件号码后四位", "登记的联系电话"]


def test_a_telephone_loss_needs_the_librarys_questions_and_records_only_which(make_desk):
    desk = make_desk("foshan")
    person = desk.person(40)
    issued = desk.run(issue_card, adult_cmd(person))
    with pytest.raises(DeskError) as too_few:
        desk.run(report_loss_by_phone, issued.card_number, "来电者", QUESTIONS[:2], 2)
    assert too_few.value.code == "loss.questions"
    with pytest.raises(DeskError) as invented:
        desk.run(report_loss_by_phone, issued.card_number, "来电者", [*QUESTIONS[:2], "生日"], 3)
    assert invented.value.code == "loss.questions"
    with pytest.raises(DeskError) as wrong:
        desk.run(report_loss_by_phone, issued.card_number, "来电者", QUESTIONS, 2)
    assert wrong.value.code == "loss.not_verified"
    assert desk.read(lambda uow: uow.audit.where(action="phone_loss_refused"))  # the failed call is on record
    desk.now = NOW + timedelta(minutes=7)
    desk.run(report_loss_by_phone, issued.card_number, person.name, QUESTIONS, 3, branch="SDLIB")
    card = desk.read(lambda uow: uow.cards.where(number=issued.card_number)[0])
    assert card.status is CardStatus.LOST
    event = desk.read(lambda uow: uow.events.where(card_id=card.id, kind="report_loss")[0])
    assert event.detail["channel"] == "phone" and event.detail["questions_asked"] == sorted(QUESTIONS)
    assert event.detail["blocked_at"] == desk.now.isoformat() and event.branch_code == "SDLIB"
    assert person.citizen_number[-4:] not in str(event.detail)


def _overdue_loan(desk, issued, branch, days):
    def write(uow):
        card = uow.cards.where(number=issued.card_number)[0]
        loan = Loan(new_id(), card.reader_id, card.id, "B1", "小王子", False, branch, NOW, TODAY - timedelta(days=days))
        uow.loans.add(loan)
        uow.commit()
        return loan.id

    return desk.read(write)


def test_fines_are_paid_where_they_arose_in_chongqing(make_desk):
    desk = make_desk("chongqing")
    issued = desk.run(issue_card, adult_cmd(desk.person(10), guardian=guardian_for(desk)), branch="SPBLIB")
    here = _overdue_loan(desk, issued, "JBLIB", 10)  # 2.00 yuan at 江北
    there = _overdue_loan(desk, issued, "SPBLIB", 5)  # 1.00 yuan at 沙坪坝
    shown = desk.run(fines_at_desk, uuid.UUID(issued.reader_id), branch="JBLIB", role="deposit")
    assert {(f.branch_name, f.unpaid_fen, f.collectable_here) for f in shown} == {
        ("江北区图书馆", 200, True),
        ("沙坪坝区图书馆", 100, False),
    }
    with pytest.raises(DeskError) as elsewhere:
        desk.run(pay_fine, there, 100, branch="JBLIB", role="deposit")
    assert elsewhere.value.code == "fine.elsewhere" and "沙坪坝区图书馆" in elsewhere.value.message()
    with pytest.raises(DeskError):
        desk.run(pay_fine, here, 300, branch="JBLIB", role="deposit")
    entry = desk.run(pay_fine, here, 200, branch="JBLIB", role="deposit")
    assert (entry.kind, entry.amount_fen, entry.branch_code, entry.for_branch_code) == (
        LedgerKind.FINE_PAID,
        200,
        "JBLIB",
        "JBLIB",
    )
    with pytest.raises(DeskError) as paid:
        desk.run(pay_fine, here, 1, branch="JBLIB", role="deposit")
    assert paid.value.code == "fine.nothing_owed"
    data = desk.run(receipt, entry.receipt_no, branch="JBLIB")
    assert data.on_behalf_of == "" and data.kind == "fine_paid"


def test_elsewhere_any_branch_collects_and_the_receipt_names_the_library(make_desk):
    desk = make_desk("chongqing")
    student = desk.profile.card_type("student")
    desk.profile = replace(desk.profile, card_types=(replace(student, fines_paid_where_incurred=False),))
    issued = desk.run(issue_card, adult_cmd(desk.person(10), guardian=guardian_for(desk)), branch="SPBLIB")
    loan = _overdue_loan(desk, issued, "SPBLIB", 3)
    entry = desk.run(pay_fine, loan, 60, branch="JBLIB", role="counter")
    data = desk.run(receipt, entry.receipt_no, branch="JBLIB")
    assert data.on_behalf_of == "沙坪坝区图书馆"


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_the_reader_guide_says_what_the_policy_says(name, tmp_path):
    profile = load_profile(name)
    guide = reader_guide(profile)
    text = re.sub(
        r"\s+",
        "",
        subprocess.run(
            ["pdftotext", str(render(FormKind.READER_GUIDE, guide, tmp_path / "g.pdf").path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
    )
    assert re.sub(r"\s+", "", guide.title) in text
    for card_type in profile.card_types:
        assert card_type.name_zh in text
        if card_type.loan_limit:
            assert f"可借{card_type.loan_limit}册" in text
    assert "身份证号码后六位" in text and profile.branches[-1].name in text
    assert "借还由图书馆的借阅系统办理" in text  # lending is the library system's job, not the desk's
    assert ("打电话" in text) == profile.service.phone_loss
    if name == "chongqing":
        assert "补办、再办每卡工本费10.00元" in text and "每天每册0.20元" in text and "在发生馆缴纳" in text
    if name == "foshan":
        assert "“一卡通”借阅证须挂失并注销后方可补办新证" in text
    if name == "shenzhen":
        assert "3–8周岁须由监护人陪同办理" in text


def test_the_deposit_desk_commands(tmp_path):
    import json as _json
    import sys
    from pathlib import Path

    carddesk = Path(sys.executable).parent / "carddesk"
    db = tmp_path / "cq.sqlite"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", **keyring_environment()}

    def run(*args, branch="JBLIB", check=True):
        done = subprocess.run(
            [str(carddesk), "--db", str(db), "--profile", "chongqing", "--branch", branch, *demo_staff(branch), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            input=DEMO_PASSWORD + "\n",
        )
        assert not check or done.returncode == 0, done.stderr
        return done

    run("demo-data", "--readers", "30")
    readers = _json.loads(run("search", "", "--json", "--limit", "100").stdout)
    owing = None
    for reader in readers:
        listed = _json.loads(run("fines", "--reader", reader["reader_id"], "--json").stdout)
        if listed:
            owing = listed
            break
    assert owing, "the demo data has overdue loans"
    fine = owing[0]
    branch = fine["incurred_at_branch"]
    if branch != "JBLIB":
        refused = run("pay-fine", fine["loan_id"], "--amount", "0.20", check=False)
        assert refused.returncode == 2 and "发生馆" in refused.stderr
    receipt_no = run("pay-fine", fine["loan_id"], "--amount", "0.20", branch=branch).stdout.strip()
    assert receipt_no.startswith(branch + "-")
    card = next(r["card_number"] for r in readers if r["card_status"] == "active")
    by_phone = run("report-loss", card, "--phone", "--caller", "家长", "--asked", "读者姓名,办证馆,登记的联系电话",
                   "--correct", "3", check=False)  # fmt: skip
    assert by_phone.returncode == 2 and "没有电话挂失" in by_phone.stderr  # Chongqing's seeds offer none
    assert run("report-loss", card).stdout.strip() == "lost"
