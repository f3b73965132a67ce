"""Group lists by each library's own rules: its template, who waits for a guardian, former readers, corrections."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desk_app.core.batch import approval
from desk_app.core.batch.columns import template_for
from desk_app.core.batch.importing import import_group
from desk_app.core.entities import CardStatus
from desk_app.core.errors import DeskError
from desk_app.core.policy import PROFILE_NAMES, load_profile
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import cancel_card
from desk_app.demo.people import citizen_number
from tests.cli_staff import PASSWORD, cli_staff
from tests.conftest import TODAY, id_card
from tests.test_issue_card import adult_cmd, guardian_for


def _sheet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _cards_of(desk, batch_id):
    rows = desk.read(lambda uow: uow.batch_rows.where(batch_id=batch_id))
    readers = [r.fields["reader_id"] for r in rows if r.status == "approved"]
    return {
        reader: desk.read(lambda uow, reader=reader: [c for c in uow.cards.where() if str(c.reader_id) == reader])
        for reader in readers
    }


def test_a_foshan_unit_list_of_adults_opens_working_cards_and_a_minor_waits_for_the_guardian(make_desk, tmp_path):
    """Foshan 6.1.3: a unit's list; 表A1注: only readers under 16 need the guardian's signature."""
    desk = make_desk("foshan")
    adult = citizen_number("440604", date(1990, 3, 4), 11, male=True)
    minor = citizen_number("440604", date(2015, 3, 4), 12, male=False)
    path = _sheet(tmp_path / "单位.xlsx", ["身份证号", "姓名", "联系电话"],  # a unit's own headers
                  [[adult, "陈成年", "13900000031"], [minor, "陈少年", "13900000032"]])  # fmt: skip
    result = desk.run(import_group, path, batch_name="某公司", card_type_code="id_card", role="supervisor")
    assert [r.status for r in result.rows] == ["accepted", "accepted"], [r.reasons for r in result.rows]
    desk.run(approval.approve, __import__("uuid").UUID(result.batch_id), role="supervisor")
    statuses = sorted(c[0].status for c in _cards_of(desk, __import__("uuid").UUID(result.batch_id)).values())
    assert statuses == [CardStatus.ACTIVE, CardStatus.PENDING_CONSENT]


def test_a_foshan_list_with_a_passport_number_is_read_and_asks_for_what_the_passport_lacks(make_desk, tmp_path):
    desk = make_desk("foshan")
    path = _sheet(tmp_path / "单位.xlsx", ["姓名", "证件类型", "证件号码", "联系方式"],
                  [["Anna Berg", "护照", "E12345678", "13900000041"]])  # fmt: skip
    row = desk.run(import_group, path, dry_run=True, card_type_code="yikatong", role="supervisor").rows[0]
    assert row.id_number == "E12345678" and row.status == "rejected"
    assert any("国籍" in reason for reason in row.reasons)  # not "所属区县名称"
    assert not any("区县" in reason for reason in row.reasons)


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_each_profiles_template_holds_its_columns_and_a_file_made_from_it_imports_cleanly(profile, tmp_path):
    db = tmp_path / "desk.sqlite"
    branch = load_profile(profile).branches[0].code
    out = tmp_path / "template.xlsx"
    made = subprocess.run([sys.executable, "-m", "desk_app", "--profile", profile, "template", "group", str(out)],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    book = load_workbook(out)
    sheet = book.active
    assert sheet is not None
    template = template_for(load_profile(profile))
    assert [c.value for c in sheet[1]] == [c.header for c in template.columns]
    values = {
        # Zhejiang's credit card is for adults: its unit's list is of adults.
        "id_number": citizen_number("440604", date(1990 if profile == "zhejiang" else 2014, 5, 6), 21, male=True),
        "name": "林小北",
        "phone": "13900000051",
        "guardian_name": "林大北",
        "guardian_phone": "13900000052",
        "doc_type": "身份证",
    }
    sheet.append([values[c.key] for c in template.columns])
    book.save(out)
    staff = cli_staff(db, profile, branch, "supervisor")
    imported = subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", str(db), "--profile", profile, *staff, "import-group", str(out),
         "--branch", branch, "--json"],
        capture_output=True, text=True, timeout=120, check=False, input=PASSWORD + "\n",
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    rows = json.loads(imported.stdout)["rows"]
    assert [(r["status"], r["reasons"]) for r in rows] == [("accepted", [])]


def test_a_former_reader_on_a_school_list_gets_a_new_card_on_the_same_account(make_desk, tmp_path):
    """One person, one reader: a pupil whose card was cancelled is accepted at review and approval alike, and
    approval reopens their account with a new card (the same rule the counter follows)."""
    desk = make_desk("chongqing")
    pupil = desk.person(11)
    earlier = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)), branch="SPBLIB", role="children")
    desk.run(cancel_card, earlier.card_number, id_card(pupil), branch="SPBLIB")
    path = _sheet(tmp_path / "名单.xlsx", ["身份证号码", "姓名", "联系电话"],
                  [[pupil.citizen_number, pupil.name, pupil.phone]])  # fmt: skip
    result = desk.run(import_group, path, branch="SPBLIB", role="supervisor")
    assert result.rows[0].status == "accepted" and "原借阅证已注销" in result.rows[0].reasons[0]
    counts = desk.run(approval.approve, __import__("uuid").UUID(result.batch_id), branch="SPBLIB", role="supervisor")
    assert counts["approved"] == 1
    readers = desk.read(lambda uow: uow.readers.where())
    assert [str(r.id) for r in readers] == [earlier.reader_id]
    cards = desk.read(lambda uow: sorted(uow.cards.where(), key=lambda c: c.issued_at))
    assert [c.status for c in cards] == [CardStatus.CANCELLED, CardStatus.PENDING_CONSENT]


def test_a_pupil_of_an_unusual_age_goes_to_review_and_a_supervisor_confirms_the_row(make_desk, tmp_path):
    desk = make_desk("chongqing")
    older = citizen_number("500106", date(TODAY.year - 20, 1, 2), 31, male=True)
    path = _sheet(tmp_path / "名单.xlsx", ["身份证号码", "姓名", "联系电话"], [[older, "高三复读", "13900000061"]])
    result = desk.run(import_group, path, branch="SPBLIB", role="supervisor")
    assert result.rows[0].status == "review" and "常见在校年龄" in result.rows[0].reasons[0]
    batch = __import__("uuid").UUID(result.batch_id)
    with pytest.raises(DeskError):
        desk.run(approval.confirm_row, batch, result.rows[0].row, "  ", branch="SPBLIB", role="supervisor")
    with pytest.raises(DeskError) as clerk:
        desk.run(approval.confirm_row, batch, result.rows[0].row, "学校证明在读", branch="SPBLIB", role="counter")
    assert clerk.value.code == "staff.not_permitted"
    desk.run(approval.confirm_row, batch, result.rows[0].row, "学校证明在读", branch="SPBLIB", role="supervisor")
    assert desk.run(approval.approve, batch, branch="SPBLIB", role="supervisor")["approved"] == 1


def test_a_corrected_row_is_checked_against_the_other_rows_and_unknown_fields_are_named(make_desk, tmp_path):
    desk = make_desk("chongqing")
    first = citizen_number("500106", date(2014, 1, 2), 41, male=True)
    second = citizen_number("500106", date(2014, 1, 3), 42, male=False)
    path = _sheet(tmp_path / "名单.xlsx", ["身份证号码", "姓名", "联系电话"],
                  [[first, "甲", "13900000071"], [second, "乙", "13900000072"]])  # fmt: skip
    result = desk.run(import_group, path, branch="SPBLIB", role="supervisor")
    batch = __import__("uuid").UUID(result.batch_id)
    with pytest.raises(DeskError) as bogus:
        desk.run(approval.edit_row, batch, 3, {"bogus": "1"}, branch="SPBLIB")
    assert bogus.value.code == "batch.unknown_field" and "phone" in bogus.value.message("en")
    again = desk.run(approval.edit_row, batch, 3, {"id_number": first}, branch="SPBLIB")
    assert again.status == "rejected" and "与第 2 行是同一人" in again.reasons[-1]
    fixed = desk.run(approval.edit_row, batch, 3, {"id_number": second, "name": "乙 二"}, branch="SPBLIB")
    assert fixed.status == "accepted" and fixed.name == "乙二"


def test_the_command_line_refuses_an_unknown_field_with_the_allowed_ones(tmp_path):
    db = tmp_path / "cq.sqlite"
    staff = cli_staff(db, "chongqing", "SPBLIB", "supervisor")
    path = _sheet(tmp_path / "名单.xlsx", ["身份证号码", "姓名", "联系电话"],
                  [[citizen_number("500106", date(2014, 1, 2), 41, male=True), "甲", "13900000071"]])  # fmt: skip

    def carddesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desk_app", "--db", str(db), "--profile", "chongqing", *staff,
                               *args], capture_output=True, text=True, timeout=120, check=False,
                              input=PASSWORD + "\n")  # fmt: skip

    imported = carddesk("import-group", str(path), "--branch", "SPBLIB", "--json")
    assert imported.returncode == 0, imported.stderr
    batch = json.loads(imported.stdout)["batch"]["id"]
    refused = carddesk("batch", "edit", batch, "2", "--set", "bogus=1")
    assert refused.returncode == 2 and "bogus" in refused.stderr and "guardian_phone" in refused.stderr
