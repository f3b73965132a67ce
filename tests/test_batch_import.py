"""School and unit batches from messy files of every format, built here: one outcome per row, with reasons."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from desk_app.core.batch.columns import template_for
from desk_app.core.batch.importing import import_group
from desk_app.core.batch.template import write_template
from desk_app.core.errors import DeskError
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.demo.people import citizen_number
from tests.cli_staff import DEMO_PASSWORD, demo_staff
from tests.environments import keyring_environment
from tests.test_issue_card import guardian_for

CARDDESK = Path(sys.executable).parent / "carddesk"
HEADER = [
    "身份证号（必填）",
    "姓名（必填）",
    "联系电话（必填）",
    "家长姓名",
    "家长联系电话",
    "班级",
    "所属区县名称（必填），如：渝中",
]


def pupil(seq: int, born=date(2015, 3, 4), x_check: bool = False) -> str:
    for n in range(seq, seq + 500):
        number = citizen_number("110101", born, n, True)
        if number.endswith("X") == x_check:
            return number
    raise AssertionError


PUPIL_X = pupil(10, x_check=True)
PUPIL_B = pupil(40)
PUPIL_FW = pupil(80, date(2013, 9, 1))
EXISTING = pupil(120, date(2012, 1, 1))
PARENT = citizen_number("110101", date(1988, 6, 6), 7, False)
BAD_CHECK = PUPIL_B[:-1] + ("0" if PUPIL_B[-1] != "0" else "1")
BAD_DATE = (lambda body: body + ric.calc_check_digit(body + "0"))("11010120150230123")


def messy_rows(numeric_id_cell=500106201001011234):
    """(expected status, row values) — the cases the issue names, in one sheet."""
    return [
        ("accepted", [PUPIL_X.lower(), "王小雨", "13900000001", "王大", "13900000002", "三年级二班", "渝中"]),
        ("rejected", [numeric_id_cell, "张明", "13900000003", "", "", "三年级二班", "渝中"]),
        ("rejected", [PUPIL_B, "李子轩", "", "", "", "三年级二班", "渝中"]),
        ("rejected", [BAD_CHECK, "赵一诺", "13900000004", "", "", "三年级二班", "渝中"]),
        ("rejected", [BAD_DATE, "钱多多", "13900000005", "", "", "三年级二班", "渝中"]),
        ("rejected", [PUPIL_X, "王小雨", "13900000001", "", "", "三年级二班", "渝中"]),
        ("exists", [EXISTING, "孙已有", "13900000006", "", "", "五年级一班", "渝中"]),
        ("review", [PARENT, "周家长", "13900000007", "", "", "四年级三班", "渝中"]),
        (
            "accepted",
            [
                " " + PUPIL_FW.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " ",
                "吴　佳",
                "１３９００００００08",
                "",
                "",
                "",
                "沙坪坝",
            ],
        ),
    ]


def many_pupils(count, first_seq):
    """A large class list of distinct, valid pupils, for progress and cancelling."""
    return [
        (
            "accepted",
            [
                pupil(first_seq + 3 * n, date(2014, 1, 1) if n % 2 else date(2016, 5, 5)),
                f"学生{n}",
                "13900000010",
                "",
                "",
                "",
                "渝中",
            ],
        )
        for n in range(count)
    ]


def write_xlsx(path, rows):
    book = Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["这是学校自己加的说明页"])
    sheet = book.create_sheet("学生")
    sheet.append(["某某小学2026年秋季新生借阅卡名单"])
    sheet.append([])
    sheet.append(HEADER)
    for index, (_, values) in enumerate(rows):
        sheet.append(values)
        if index == 3:
            sheet.append([None] * 7)  # a blank row in the middle
    book.save(path)
    return path


def write_xls(path, rows):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("学生")
    for col, text in enumerate(HEADER):
        sheet.write(0, col, text)
    for r, (_, values) in enumerate(rows, start=1):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_csv(path, rows, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for _, values in rows:
        writer.writerow(["5.00106E+17" if isinstance(v, int) else v for v in values])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def issue_the_existing_pupil(desk):
    """The pupil on the lists who holds a card already (their row is `exists`)."""
    cmd = IssueCardCommand(
        name="孙已有",
        phone="13900000006",
        documents=(DocumentInput("resident_id", EXISTING),),
        guardian=guardian_for(desk),
    )
    desk.run(issue_card, cmd, branch="SPBLIB")


@pytest.fixture
def desk(make_desk):
    desk = make_desk("chongqing")
    desk.now = desk.now.replace(year=2026)
    issue_the_existing_pupil(desk)
    return desk


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv-gb18030", "csv-utf8"])
def test_every_case_gets_its_outcome_in_every_format(desk, tmp_path, fmt):
    rows = messy_rows()
    writer = {
        "xlsx": lambda: write_xlsx(tmp_path / "名单.xlsx", rows),
        "xls": lambda: write_xls(tmp_path / "名单.xls", rows),
        "csv-gb18030": lambda: write_csv(tmp_path / "名单.csv", rows, "gb18030"),
        "csv-utf8": lambda: write_csv(tmp_path / "名单.csv", rows, "utf-8-sig"),
    }[fmt]
    result = desk.run(import_group, writer(), dry_run=True, branch="SPBLIB")
    assert [r.status for r in result.rows] == [expected for expected, _ in rows]
    first = result.rows[0]
    assert first.id_number == PUPIL_X and first.reasons == ()
    assert "文本格式" in result.rows[1].reasons[0]
    assert "联系电话" in result.rows[2].reasons[0]
    assert "校验位" in result.rows[3].reasons[0]
    assert "出生日期" in result.rows[4].reasons[0]
    assert f"与第 {first.row} 行是同一人" in result.rows[5].reasons
    assert "沙坪坝区图书馆" in result.rows[6].reasons[0]
    assert "误填了家长的身份证号" in result.rows[7].reasons[0]
    assert (
        result.rows[8].id_number == PUPIL_FW and result.rows[8].name == "吴佳"
    )  # the space inside a Chinese name goes
    if fmt == "xlsx":  # row numbers as the spreadsheet shows them: two title rows, a header, a blank row
        assert [r.row for r in result.rows] == [4, 5, 6, 7, 9, 10, 11, 12, 13]


def test_a_dry_run_writes_nothing_and_an_import_records_the_batch(desk, tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", messy_rows())
    desk.run(import_group, path, dry_run=True, branch="SPBLIB")
    assert desk.read(lambda uow: (uow.batches.where(), uow.batch_rows.where())) == ([], [])
    result = desk.run(import_group, path, "秋季新生", branch="SPBLIB")
    assert result.summary == {"accepted": 2, "rejected": 5, "review": 1, "exists": 1}
    batch = desk.read(lambda uow: uow.batches.where()[0])
    assert (batch.name, batch.file_label, batch.branch_code, batch.status) == (
        "秋季新生",
        "名单.xlsx",
        "SPBLIB",
        "imported",
    )
    assert len(desk.read(lambda uow: uow.batch_rows.where(batch_id=batch.id))) == 9
    assert desk.read(lambda uow: uow.audit.where(action="import_batch"))


def test_cancelling_half_way_leaves_no_half_batch(desk, tmp_path):
    rows = many_pupils(1200, 1000)
    path = write_xlsx(tmp_path / "大名单.xlsx", rows)
    calls = []

    def progress(done, total):
        calls.append(done)
        return done < 1000

    with pytest.raises(DeskError) as cancelled:
        desk.run(import_group, path, progress=progress, branch="SPBLIB")
    assert cancelled.value.code == "batch.cancelled" and calls[:2] == [500, 1000]
    assert desk.read(lambda uow: (uow.batches.where(), uow.batch_rows.where())) == ([], [])


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"PK\x03\x04 this is not really a workbook", "坏文件.xlsx", "batch.unreadable"),
        (b"\xd0\xcf\x11\xe0 broken xls", "坏文件.xls", "batch.unreadable"),
        ("姓名,电话\n张三,139\n".encode(), "无表头.csv", "batch.no_header"),
        (b"hello", "名单.docx", "batch.unsupported"),
    ],
)
def test_broken_files_get_a_clear_message(desk, tmp_path, content, name, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DeskError) as refused:
        desk.run(import_group, path, dry_run=True, branch="SPBLIB")
    assert refused.value.code == code and name in refused.value.message()


def test_the_school_template_has_the_seeds_columns_reads_back_empty_and_has_what_excel_needs(tmp_path, desk):
    """Chongqing seed 003 2.1.6: 模板格式内容主要为身份证号码、姓名、联系电话、家长姓名、家长联系电话."""
    path = write_template(tmp_path / "模板.xlsx", template_for(desk.profile))
    book = load_workbook(path)
    sheet = book["学生信息"]
    assert [c.value for c in sheet[1]] == [
        "身份证号码(必填)",
        "姓名(必填)",
        "联系电话(必填)",
        "家长姓名",
        "家长联系电话",
    ]
    assert sheet["A2"].number_format == "@" and "填写说明" in book.sheetnames
    assert {v.type for v in sheet.data_validations.dataValidation} == {"textLength"}
    assert desk.run(import_group, path, dry_run=True, branch="SPBLIB").rows == ()


def test_units_give_a_document_type(make_desk, tmp_path):
    desk = make_desk("foshan")
    path = write_template(tmp_path / "单位.xlsx", template_for(desk.profile))
    book = load_workbook(path)
    sheet = book.active
    # Foshan 6.1.3.1: 姓名、相关有效证件类型及号码、联系方式; a unit may add what a passport's check needs.
    assert [c.value for c in sheet[1]] == ["姓名(必填)", "证件类型(必填)", "证件号码(必填)", "联系方式(必填)"]
    for column, header in enumerate(("国籍", "证件有效期", "出生日期"), start=5):
        sheet.cell(row=1, column=column, value=header)
    sheet.append(["Anna", "护照", "E12345678", "13900000020", "GBR", "2031-05-01", "1990/1/2"])
    sheet.append(["Carl", "护照", "E12345679", "13900000022", "", "2031-05-01", "1991-02-03"])
    sheet.append(["Dora", "护照", "E12345680", "13900000023", "FRA", "2031-05-01", ""])
    sheet.append(["Bob", "学生证", "X1", "13900000021", "", "", ""])
    book.save(path)
    result = desk.run(import_group, path, dry_run=True, card_type_code="yikatong")
    assert [r.status for r in result.rows] == ["accepted", "rejected", "rejected", "rejected"]
    assert result.rows[0].fields["birth_date"] == "1990-01-02"
    assert "国籍" in result.rows[1].reasons[0] and "出生日期" in result.rows[2].reasons[0]
    assert "不认识的证件类型" in result.rows[3].reasons[0]


def test_the_cli_contract(tmp_path):
    db = tmp_path / "cq.sqlite"
    env_home = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", **keyring_environment()}
    subprocess.run(
        [str(CARDDESK), "--db", str(db), "--profile", "chongqing", "demo-data", "--readers", "2"],
        check=True,
        capture_output=True,
        env=env_home,
    )
    path = write_xlsx(tmp_path / "名单.xlsx", messy_rows())
    report = tmp_path / "结果.xlsx"
    done = subprocess.run(
        [
            str(CARDDESK),
            "--db",
            str(db),
            "--profile",
            "chongqing",
            *demo_staff("SPBLIB", "counter"),
            "import-group",
            str(path),
            "--branch",
            "SPBLIB",
            "--batch-name",
            "秋季新生",
            "--dry-run",
            "--json",
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        env=env_home,
        check=False,
        input=DEMO_PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"batch", "rows", "summary"}
    assert set(result["summary"]) == {"accepted", "rejected", "review", "exists"}
    assert all(set(row) == {"row", "id_number", "name", "status", "reasons"} for row in result["rows"])
    assert result["rows"][0] == {"row": 4, "id_number": PUPIL_X, "name": "王小雨", "status": "accepted", "reasons": []}
    assert result["batch"]["name"] == "秋季新生" and result["batch"]["dry_run"] is True
    sheet = load_workbook(report).active
    assert [c.value for c in sheet[1]] == ["行号", "身份证号", "姓名", "结果", "原因"]
    assert sheet.max_row == 10 and PUPIL_X not in str([c.value for c in sheet[2]])
    everything = str(list(sheet.values))
    assert BAD_CHECK not in everything and BAD_DATE not in everything  # not even inside a reason
    template = subprocess.run(
        [str(CARDDESK), "template", "group", str(tmp_path / "t.xlsx")],
        capture_output=True,
        text=True,
        env=env_home,
        check=False,
    )
    assert template.returncode == 0 and (tmp_path / "t.xlsx").is_file()


def test_the_batch_review_commands(tmp_path):
    db = tmp_path / "cq.sqlite"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", **keyring_environment()}

    def carddesk(*args, stdin="", code=0):
        done = subprocess.run(
            [
                str(CARDDESK),
                "--db",
                str(db),
                "--profile",
                "chongqing",
                "--branch",
                "SPBLIB",
                *demo_staff("SPBLIB", "supervisor"),
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
            input=DEMO_PASSWORD + "\n" + stdin,
            check=False,
        )
        assert done.returncode == code, done.stderr
        return done.stdout if code == 0 else done.stderr

    carddesk("demo-data", "--readers", "1")
    carddesk(
        "import-group",
        str(write_xlsx(tmp_path / "名单.xlsx", messy_rows())),
        "--branch",
        "SPBLIB",
        "--batch-name",
        "秋季新生",
    )
    batches = json.loads(carddesk("batch", "list", "--json"))
    # This database has no card for the "existing" pupil, so three rows are accepted here.
    assert len(batches) == 1 and batches[0]["counts"]["accepted"] == 3
    batch_id = batches[0]["id"]
    carddesk("batch", "delete", batch_id, "12")
    assert json.loads(carddesk("batch", "approve", batch_id)) == {"approved": 3, "exists": 0, "skipped": 5}
    out = tmp_path / "学生.xlsx"
    carddesk("batch", "export", batch_id, "--out", str(out))
    sheet = load_workbook(out).active
    assert sheet.max_row == 9 and PUPIL_X not in str(list(sheet.values))
    found = json.loads(carddesk("search", PUPIL_X, "--json"))
    assert found[0]["card_status"] == "pending_consent"
    # Not the parent the list names: refused in words (#27.7).
    refused = carddesk("consent", found[0]["card_number"], "--received-from", "路人甲", code=2)
    assert "不是登记的监护人（王*）" in refused and "consent.not_the_guardian" not in refused
    assert carddesk("consent", found[0]["card_number"], "--received-from", "王大").split() == [
        found[0]["card_number"],
        "active",
    ]
    log = json.loads(carddesk("audit", "search", "--entity-id", batch_id, "--json"))
    assert {"import_batch", "delete_batch_row", "approve_batch"} <= {entry["action"] for entry in log}
