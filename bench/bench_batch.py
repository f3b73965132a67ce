"""Batch import figures: a 10,000-row dry run against a database of 1,000,000 readers, beside the time
openpyxl alone needs to read the same file.

    .venv/bin/python bench/bench_batch.py [--readers 1000000] [--rows 10000] [--json build/bench/batch.json]

The readers are written straight into a fresh SQLite file (one transaction, executemany) so that building
the database takes a minute, not the hours argon2 would take through the use cases.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

from db.engine import connect_file
from desk_app.bootstrap import open_desk
from desk_app.core.batch.columns import SCHOOL_COLUMNS, SCHOOL_EXTRAS
from desk_app.core.batch.importing import import_group
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.demo.keyring_backend import use_file_keyring
from desk_app.demo.people import citizen_number
from desk_app.secrets import desk_file_key

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞鑫宇浩然子涵欣怡梓轩思雨俊杰佳琪一诺雨桐"


def _name(n: int) -> str:
    """A plausible two- or three-character name, spread like real ones (a few common surnames, many given)."""
    given = GIVEN[(n * 7919) % len(GIVEN)] + (GIVEN[(n * 104729) % len(GIVEN)] if n % 3 else "")
    return SURNAMES[(n * 31) % len(SURNAMES)] + given


def _fill(path: Path, readers: int) -> None:
    """Readers with a resident ID and an active card each, born 1950-2019, spread over the branches."""
    conn = connect_file(str(path), desk_file_key())
    stamp = NOW.strftime("%Y-%m-%d %H:%M:%S.000000")
    branches = [row[0] for row in conn.execute("SELECT code FROM branches")]
    batch = 20_000
    for start in range(0, readers, batch):
        people, documents, cards = [], [], []
        for n in range(start, min(start + batch, readers)):
            reader, card = uuid.uuid4().hex, uuid.uuid4().hex
            born = date(1950 + n % 70, 1 + n % 12, 1 + n % 28)
            number = citizen_number("110101", born, (n // 840) % 500, n % 2 == 0)
            branch = branches[n % len(branches)]
            people.append(
                (reader, _name(n), "M", born.isoformat(), f"199{n:08d}"[:11], "", "", branch, "x", 1, stamp, stamp)
            )
            documents.append((uuid.uuid4().hex, reader, "resident_id", number, f"CN:{number}", None, None, stamp))
            cards.append((card, reader, f"BENCH{n:09d}", None, None, "student", branch, "active", 1, stamp, None))
        conn.executemany(
            "INSERT INTO readers (id, name, gender, birth_date, phone, address, work_unit, home_branch_code,"
            " password_hash, password_must_change, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            people,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO identity_documents (id, reader_id, doc_type, number, person_key, valid_until,"
            " nationality, recorded_at) VALUES (?,?,?,?,?,?,?,?)",
            documents,
        )
        conn.executemany(
            "INSERT INTO cards (id, reader_id, number, barcode, chip_uid, card_type_code, home_branch_code, status,"
            " is_virtual, issued_at, replaces_card_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            cards,
        )
    conn.commit()
    conn.close()


def _sheet(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("学生")
    sheet.append([column.header for column in (*SCHOOL_COLUMNS, *SCHOOL_EXTRAS)])
    for n in range(rows):
        if n % 10 == 0:  # someone the union already has: the lookup must find them among the million
            born = date(1950 + n % 70, 1 + n % 12, 1 + n % 28)
            number = citizen_number("110101", born, (n // 840) % 500, n % 2 == 0)
        else:
            number = citizen_number("500106", date(2010 + n % 9, 1 + n % 12, 1 + n % 28), n % 499, n % 2 == 1)
        class_name = f"{n % 6 + 1}年级{n % 9 + 1}班"
        sheet.append([number, f"学生{n}", "13900000000", "家长", "13900000001", class_name, "沙坪坝"])
    book.save(path)


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=Path("build/bench/batch.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        desk = open_desk(work / "bench.sqlite", "chongqing")
        desk.close()
        started = time.perf_counter()
        _fill(work / "bench.sqlite", args.readers)
        build_s = time.perf_counter() - started
        _sheet(work / "rows.xlsx", args.rows)
        started = time.perf_counter()
        book = load_workbook(work / "rows.xlsx", read_only=True, data_only=True)
        cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
        book.close()
        floor = time.perf_counter() - started
        desk = open_desk(work / "bench.sqlite", "chongqing")
        with desk.uow() as uow:
            staff = add_staff(uow, "bench", "基准", "SPBLIB", "counter")
        ctx = desk.context(Actor(staff.id, "SPBLIB", "D1"))
        started = time.perf_counter()
        with desk.uow() as uow:
            result = import_group(uow, ctx, work / "rows.xlsx", dry_run=True)
        dry_run = time.perf_counter() - started
        desk.close()
    print(f"database: {args.readers:,} readers built in {build_s:.1f} s; file: {args.rows:,} rows ({cells:,} cells)")
    print(f"{'figure':<44} {'s':>8} {'floor s':>8} {'ratio':>6}")
    print(f"{'dry run of the file (s)':<44} {dry_run:8.2f} {floor:8.2f} {dry_run / floor:6.2f}")
    print(f"outcomes: {result.summary}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "readers": args.readers,
                "rows": args.rows,
                "dry_run_s": dry_run,
                "openpyxl_read_s": floor,
                "ratio": dry_run / floor,
                "summary": result.summary,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
