"""Doing it again after a power cut does not double it: the answer lost after the commit, the clerk repeats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from desk_app.bootstrap import open_desk
from desk_app.crashpoints import CRASH_ENV, CRASH_EXIT
from desk_app.demo.people import citizen_number
from tests.cli_staff import DEMO_PASSWORD, demo_staff
from tests.environments import cli_environment, keyed_desk_file


def _carddesk(
    db: Path, env: dict[str, str], *args: str, crash: str = "", role: str = "supervisor"
) -> subprocess.CompletedProcess[str]:
    run_env = env | ({CRASH_ENV: crash} if crash else {})
    return subprocess.run([sys.executable, "-m", "desk_app", "--db", str(db), "--profile", "foshan",
                           *demo_staff("FSLIB", role), *args], capture_output=True, text=True, env=run_env,
                          input=DEMO_PASSWORD + "\n", timeout=120, check=False)  # fmt: skip


def _ledger(db: Path) -> list[tuple[str, int, str | None]]:
    desk = open_desk(db, "foshan")
    try:
        with desk.uow() as uow:
            return [(e.kind.value, e.amount_fen, e.receipt_no) for e in uow.ledger.where()]
    finally:
        desk.close()


def test_money_taken_then_the_power_cut_then_taken_again_is_refused_with_the_receipt(tmp_path):
    env = cli_environment(tmp_path)
    db = tmp_path / "desk.sqlite"
    assert _carddesk(db, env, "demo-data", "--readers", "3").returncode == 0
    card = json.loads(_carddesk(db, env, "search", "", "--json").stdout)[0]["card_number"]
    before = len(_ledger(db))
    cut = _carddesk(
        db, env, "deposit", "take", "--card", card, "--amount", "50", "--pre-deposit", crash="deposit.taken"
    )
    assert cut.returncode == CRASH_EXIT  # committed, the answer never came
    taken = [e for e in _ledger(db)[before:] if e[0] == "pre_deposit"]
    assert len(taken) == 1
    again = _carddesk(db, env, "deposit", "take", "--card", card, "--amount", "50", "--pre-deposit")
    assert again.returncode == 2 and taken[0][2] in again.stderr and "50.00" in again.stderr
    assert len(_ledger(db)) == before + 1  # nothing doubled
    confirmed = _carddesk(db, env, "deposit", "take", "--card", card, "--amount", "50", "--pre-deposit", "--again")
    assert confirmed.returncode == 0, confirmed.stderr
    assert len(_ledger(db)) == before + 2


def test_the_same_list_imported_again_after_a_power_cut_is_offered_as_the_batch_it_became(tmp_path):
    env = cli_environment(tmp_path)
    db = tmp_path / "desk.sqlite"
    assert _carddesk(db, env, "demo-data", "--readers", "2").returncode == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "证件类型", "证件号码", "联系方式"])
    sheet.append(["周一", "身份证", "440604199001011239", "13900000081"])
    listing = tmp_path / "单位名单.xlsx"
    book.save(listing)

    def imported(*extra: str, crash: str = "") -> subprocess.CompletedProcess[str]:
        return _carddesk(db, env, "import-group", str(listing), "--branch", "FSLIB", "--json", *extra, crash=crash)

    assert imported(crash="batch.imported").returncode == CRASH_EXIT
    again = imported()
    assert again.returncode == 2 and "已经导入过" in again.stderr
    listed = json.loads(_carddesk(db, env, "batch", "list", "--json").stdout)
    assert len(listed) == 1 and listed[0]["id"] in again.stderr
    assert imported("--again").returncode == 0
    assert len(json.loads(_carddesk(db, env, "batch", "list", "--json").stdout)) == 2


def _broken_desk(tmp_path: Path, env: dict[str, str]) -> Path:
    db = tmp_path / "desk.sqlite"
    assert _carddesk(db, env, "demo-data", "--readers", "2").returncode == 0
    return db


def _copy_desk(source: Path, folder: Path) -> Path:
    """The desk's file with its write-ahead log, as another disk would hold it."""
    import shutil

    for suffix in ("", "-wal", "-shm"):
        if source.with_name(source.name + suffix).exists():
            shutil.copy(source.with_name(source.name + suffix), folder / ("desk.sqlite" + suffix))
    return folder / "desk.sqlite"


def test_a_database_from_a_newer_carddesk_says_to_update(tmp_path):
    env = cli_environment(tmp_path)
    db = _broken_desk(tmp_path, env)
    raw = keyed_desk_file(db)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    done = _carddesk(db, env, "branches")
    assert done.returncode == 2 and "升级" in done.stderr and str(db) in done.stderr and "Traceback" not in done.stderr


def test_a_malformed_database_says_to_restore_the_backup(tmp_path):
    env = cli_environment(tmp_path)
    db = _broken_desk(tmp_path, env)
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree, past the header
    db.write_bytes(bytes(data))
    done = _carddesk(db, env, "branches")
    assert done.returncode == 2 and ("损坏" in done.stderr or "无法打开" in done.stderr), done.stderr


def test_a_full_disk_says_so_and_loses_nothing_saved_before(tmp_path):
    """On a small tmpfs: the action that did not fit is refused with what to do, what was saved stays."""
    import shutil

    env = cli_environment(tmp_path)
    source = _broken_desk(tmp_path, env)
    mount = tmp_path / "small"
    mount.mkdir()
    size = source.stat().st_size + (source.with_name(source.name + "-wal").stat().st_size
                                     if source.with_name(source.name + "-wal").exists() else 0)  # fmt: skip
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 600_000}", "tmpfs", str(mount)], check=True)
    try:
        db = _copy_desk(source, mount)
        card = json.loads(_carddesk(db, env, "search", "", "--json").stdout)[0]["card_number"]
        (mount / "filler").write_bytes(b"\0" * (shutil.disk_usage(mount).free - 8192))
        done = _carddesk(db, env, "deposit", "take", "--card", card, "--amount", "10", "--pre-deposit", "--again")
        assert done.returncode == 2 and "磁盘已满" in done.stderr, done.stderr
        (mount / "filler").unlink()
        assert _carddesk(db, env, "search", "", "--json").returncode == 0  # the database is whole
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_output_folder_leaves_no_broken_pdf_and_says_so(tmp_path):
    env = cli_environment(tmp_path)
    db = _broken_desk(tmp_path, env)
    mount = tmp_path / "usb"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=True)
    try:
        (mount / "filler").write_bytes(b"\0" * 60_000)
        reader = json.loads(_carddesk(db, env, "search", "", "--json").stdout)[0]["reader_id"]
        for args in (["registration", "--blank"], ["registration", "--reader", reader]):
            out = mount / "form.pdf"
            done = _carddesk(db, env, "print", *args, "--out", str(out))
            assert done.returncode == 2 and "磁盘已满" in done.stderr, done.stderr
            assert sorted(p.name for p in mount.iterdir()) == ["filler"]  # no PDF, no .part
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_verified_backup_before_a_migration_daily_and_a_restore_of_a_damaged_file(tmp_path):
    from db.backup import backups
    from db.engine import make_engine, sqlite_url
    from db.migrate import downgrade
    from desk_app.secrets import desk_file_key

    env = cli_environment(tmp_path)
    db = tmp_path / "desk.sqlite"
    open_desk(db, "foshan").close()
    assert backups(db) == []  # a database just made has nothing to back up
    engine = make_engine(sqlite_url(db), key=desk_file_key())
    downgrade(engine, "0010")
    engine.dispose()
    open_desk(db, "foshan").close()  # upgrades, after a verified copy
    assert [p.name.rsplit("-", 1)[-1] for p in backups(db)] == ["migration.sqlite"]
    open_desk(db, "foshan").close()
    assert len(backups(db)) == 1  # a copy from today is enough
    yesterday = backups(db)[0].stat().st_mtime - 25 * 3600
    os.utime(backups(db)[0], (yesterday, yesterday))
    open_desk(db, "foshan").close()
    assert sorted(p.name.rsplit("-", 1)[-1] for p in backups(db)) == ["daily.sqlite", "migration.sqlite"]
    assert _carddesk(db, env, "demo-data", "--readers", "2").returncode == 0
    made = json.loads(_carddesk(db, env, "db", "backup", "--json").stdout)["backup"]
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    broken = _carddesk(db, env, "branches")
    assert broken.returncode == 2 and "backups" in broken.stderr
    restored = _carddesk(db, env, "db", "restore", made)
    assert restored.returncode == 0, restored.stderr
    assert _carddesk(db, env, "search", "", "--json").returncode == 0
    assert list(tmp_path.glob("desk.sqlite.before-restore-*"))  # the damaged file is kept, not deleted


def test_a_pre_deposit_paid_back_then_the_power_cut_then_again_is_refused(tmp_path):
    env = cli_environment(tmp_path)
    db = tmp_path / "desk.sqlite"
    assert _carddesk(db, env, "demo-data", "--readers", "3").returncode == 0
    home_cards = [r for r in json.loads(_carddesk(db, env, "search", "", "--json").stdout)
                  if r["card_number"].startswith("FSFSLIB") and r["card_status"] == "active"]  # fmt: skip
    card = home_cards[0]["card_number"]
    assert _carddesk(db, env, "deposit", "take", "--card", card, "--amount", "50", "--pre-deposit").returncode == 0
    cut = _carddesk(db, env, "deposit", "refund-pre-deposit", "--card", card, "--amount", "20",
                    crash="pre_deposit.refunded")  # fmt: skip
    assert cut.returncode == CRASH_EXIT
    again = _carddesk(db, env, "deposit", "refund-pre-deposit", "--card", card, "--amount", "20")
    assert again.returncode == 2 and "20.00" in again.stderr
    back = [e for e in _ledger(db) if e[0] == "pre_deposit_refunded"]
    assert len(back) == 1


def test_a_fine_paid_or_a_batch_approved_then_the_power_cut_then_again_changes_nothing(tmp_path):
    env = cli_environment(tmp_path)
    db = tmp_path / "cq.sqlite"

    def cq(*args: str, crash: str = "", branch: str = "SPBLIB") -> subprocess.CompletedProcess[str]:
        run_env = env | ({CRASH_ENV: crash} if crash else {})
        return subprocess.run([sys.executable, "-m", "desk_app", "--db", str(db), "--profile", "chongqing",
                               *demo_staff(branch, "supervisor"), *args], capture_output=True, text=True,
                              env=run_env, input=DEMO_PASSWORD + "\n", timeout=120, check=False)  # fmt: skip

    assert cq("demo-data", "--readers", "30").returncode == 0
    owing = None
    for reader in json.loads(cq("search", "", "--json", "--limit", "100").stdout):
        listed = json.loads(cq("fines", "--reader", reader["reader_id"], "--json").stdout)
        owed = [f for f in listed if f["unpaid_fen"] >= 40]
        if owed:
            owing = {**owed[0], "reader_id": reader["reader_id"]}
            break
    assert owing, "the demo data has fines owed"
    where = owing["incurred_at_branch"]
    cut = cq("pay-fine", owing["loan_id"], "--amount", "0.20", crash="fine.paid", branch=where)
    assert cut.returncode == CRASH_EXIT, cut.stderr
    again = cq("pay-fine", owing["loan_id"], "--amount", "0.20", branch=where)
    assert again.returncode == 2 and "0.20" in again.stderr
    fines = json.loads(cq("fines", "--reader", owing["reader_id"], "--json").stdout)
    after = next(f["unpaid_fen"] for f in fines if f["loan_id"] == owing["loan_id"])
    assert after == owing["unpaid_fen"] - 20  # paid once
    assert cq("pay-fine", owing["loan_id"], "--amount", "2.005", branch=where).returncode == 2  # never 2.00

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号码", "姓名", "联系电话"])
    sheet.append([citizen_number("500106", date(2014, 1, 2), 31, male=True), "甲", "13900000091"])
    listing = tmp_path / "名单.xlsx"
    book.save(listing)
    batch = json.loads(cq("import-group", str(listing), "--branch", "SPBLIB", "--json").stdout)["batch"]["id"]
    assert cq("batch", "approve", batch, crash="batch.approved").returncode == CRASH_EXIT
    again = json.loads(cq("batch", "approve", batch).stdout)
    assert again["approved"] == 0  # the row approved before the cut is not approved twice


def test_a_full_documents_folder_records_no_document_and_leaves_no_part(tmp_path):
    """The kept copy goes beside the database: a full disk there is refused before anything is recorded."""
    env = cli_environment(tmp_path)
    db = _broken_desk(tmp_path, env)
    reader = json.loads(_carddesk(db, env, "search", "", "--json").stdout)[0]["reader_id"]
    documents = open_desk(db, "foshan")
    folder = documents.documents_dir
    documents.close()
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], check=True)
    try:
        (folder / "filler").write_bytes(b"\0" * 60_000)
        done = _carddesk(db, env, "print", "registration", "--reader", reader, "--out", str(tmp_path / "r.pdf"))
        assert done.returncode == 2 and "磁盘已满" in done.stderr, done.stderr
        assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["filler"]
        history = json.loads(_carddesk(db, env, "print-history", "--reader", reader, "--json").stdout)
        assert history == []  # nothing recorded as saved
        assert not (tmp_path / "r.pdf").exists()
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_database_on_a_read_only_disk_says_so_and_where_the_log_is(tmp_path):
    """Mounted read-only (as root, file permissions would not stop the write): the message names the file."""

    env = cli_environment(tmp_path)
    source = _broken_desk(tmp_path, env)
    mount = tmp_path / "read-only"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], check=True)
    try:
        db = _copy_desk(source, mount)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        done = _carddesk(db, env, "search", "", "--json")
        assert done.returncode == 2 and "无法写入" in done.stderr and str(db) in done.stderr, done.stderr
        assert "日志：" in done.stderr and "carddesk.log" in done.stderr  # where the details are
        assert "Traceback" not in done.stderr
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_document_rendered_but_never_recorded_is_swept_with_the_daily_upkeep(tmp_path):
    """The power goes between the render and its record: the kept PDF (personal data nobody can find or
    reprint) and any half-written part go at the next day's first start; recorded documents stay."""
    env = cli_environment(tmp_path)
    db = _broken_desk(tmp_path, env)
    reader = json.loads(_carddesk(db, env, "search", "", "--json").stdout)[0]["reader_id"]
    out = ("--out", str(tmp_path / "registration.pdf"))
    assert _carddesk(db, env, "print", "registration", "--reader", reader, *out).returncode == 0
    cut = _carddesk(db, env, "print", "registration", "--reader", reader, *out, crash="document.rendered")
    assert cut.returncode == CRASH_EXIT
    documents = db.parent / "documents"
    kept = sorted(documents.rglob("*.pdf"))
    assert len(kept) == 2
    year = kept[0].parent
    (year / "20260101-000000-registration-deadbeef.pdf.part").write_bytes(b"%PDF-1.4 cut short")
    history = json.loads(_carddesk(db, env, "print-history", "--reader", reader, "--json").stdout)
    assert len(history) == 1  # the swept copy waits for the day's upkeep and for an hour to pass
    day_ago = __import__("time").time() - 86_400 * 2
    for file in [*documents.rglob("*"), *(db.parent / "backups").rglob("*")]:
        os.utime(file, (day_ago, day_ago))
    assert _carddesk(db, env, "branches").returncode == 0
    assert [str(p) for p in documents.rglob("*") if p.is_file()] == [history[0]["file_path"]]
