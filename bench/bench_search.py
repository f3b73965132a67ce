"""Reader search on 1,000,000 readers, in SQLite (the desk) and in PostgreSQL (the union), by card number,
ID number, name prefix and phone, beside raw SQL finding the same readers (median and p99).

    .venv/bin/python bench/bench_search.py [--readers 1000000] [--queries 200] [--json build/bench/search.json]

The search answers with ReaderSummary rows (masked document and phone, live card, branch name); the raw
SQL floor is the single indexed look-up of the reader's id plus one read of the reader row.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_batch import _fill

from db.central.admin import init_central
from db.queries import CentralReaderDirectory
from desk_app.bootstrap import open_desk
from desk_app.core.policy import load_profile
from tests.pg_server import private_postgres

RAW = {
    "card number": "SELECT r.* FROM cards c JOIN readers r ON r.id = c.reader_id WHERE c.number = :v",
    "ID number": "SELECT r.* FROM identity_documents d JOIN readers r ON r.id = d.reader_id WHERE d.number = :v",
    "name prefix": "SELECT r.* FROM readers r WHERE r.name LIKE :v || '%' LIMIT 50",
    "phone": "SELECT r.* FROM readers r WHERE r.phone = :v",
}


def _samples(engine: Engine, queries: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM readers")).scalar_one()
        picks = [rng.randrange(total) for _ in range(queries)]
        out: dict[str, list[str]] = {k: [] for k in RAW}
        for offset in picks:
            rid, name, phone = connection.execute(
                text("SELECT id, name, phone FROM readers ORDER BY phone LIMIT 1 OFFSET :o"), {"o": offset}
            ).one()
            number = connection.execute(text("SELECT number FROM cards WHERE reader_id = :r"), {"r": rid}).scalar()
            document = connection.execute(
                text("SELECT number FROM identity_documents WHERE reader_id = :r"), {"r": rid}
            ).scalar()
            out["card number"].append(str(number))
            out["ID number"].append(str(document))
            out["name prefix"].append(str(name)[:3])
            out["phone"].append(str(phone))
    return out


def _time(fn: Callable[[str], object], values: list[str]) -> tuple[float, float]:
    times = []
    for value in values:
        begun = time.perf_counter()
        fn(value)
        times.append((time.perf_counter() - begun) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def _measure(engine: Engine, directory: object, samples: dict[str, list[str]]) -> list[dict[str, object]]:
    rows = []
    with engine.connect() as connection:
        for kind, sql in RAW.items():
            values = samples[kind]
            directory.search(values[0], 50)  # type: ignore[attr-defined]  # warm
            median, p99 = _time(lambda v: directory.search(v, 50), values)  # type: ignore[attr-defined]
            floor_median, floor_p99 = _time(lambda v, s=sql: connection.execute(text(s), {"v": v}).all(), values)
            rows.append(
                {"kind": kind, "ms": median, "p99_ms": p99, "floor_ms": floor_median, "floor_p99_ms": floor_p99}
            )
    return rows


def _postgres_copy(server: object, sqlite_path: Path) -> Engine:
    """The same million readers in a central schema: read from the SQLite file, written with COPY."""
    import sqlite3

    maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT")  # type: ignore[attr-defined]
    with maintenance.connect() as connection:
        connection.execute(text("CREATE DATABASE bench_search"))
    maintenance.dispose()
    engine = create_engine(server.url("bench_search"))  # type: ignore[attr-defined]
    init_central(engine, load_profile("chongqing"))
    source = sqlite3.connect(sqlite_path)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, columns in (
            ("staff", "id, username, display_name, branch_code, role, password_hash, failed_attempts, active"),
            ("readers", "id, name, gender, birth_date, phone, address, work_unit, home_branch_code, password_hash,"
                        " password_must_change, created_at, updated_at"),
            ("identity_documents", "id, reader_id, doc_type, number, person_key, valid_until, nationality,"
                                   " recorded_at"),
            ("cards", "id, reader_id, number, barcode, chip_uid, card_type_code, home_branch_code, status, is_virtual,"
                      " issued_at, replaces_card_id"),
        ):  # fmt: skip
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in source.execute(f"SELECT {columns} FROM {table}"):  # noqa: S608 (constant names)
                    copy.write_row([_uuid(v) if isinstance(v, str) and len(v) == 32 else v for v in row])
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        source.close()
    return engine


def _uuid(value: str) -> str:
    try:
        int(value, 16)
    except ValueError:
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path, default=Path("build/bench/search.json"))
    args = parser.parse_args()
    results: dict[str, list[dict[str, object]]] = {}
    root = Path(tempfile.mkdtemp(prefix="carddesk-bench-search-"))
    with tempfile.TemporaryDirectory() as tmp, private_postgres(root) as server:
        path = Path(tmp) / "search.sqlite"
        open_desk(path, "chongqing").close()
        begun = time.perf_counter()
        _fill(path, args.readers)
        desk = open_desk(path, "chongqing")
        samples = _samples(desk.engine, args.queries, 7)
        results["sqlite"] = _measure(desk.engine, desk.directory(), samples)
        desk.close()
        engine = _postgres_copy(server, path)
        built = time.perf_counter() - begun
        results["postgresql"] = _measure(engine, CentralReaderDirectory(sessionmaker(engine)), samples)
        engine.dispose()
    print(f"{args.readers:,} readers (built in {built:.0f} s), {args.queries} queries of each kind")
    print(f"{'figure':<40} {'ms':>7} {'p99':>7} {'raw ms':>7} {'raw p99':>8} {'ratio':>6}")
    for engine_name, rows in results.items():
        for row in rows:
            label = f"{engine_name}: {row['kind']}"
            ratio = float(row["ms"]) / float(row["floor_ms"])  # type: ignore[arg-type]
            figures = f"{row['ms']:7.2f} {row['p99_ms']:7.2f} {row['floor_ms']:7.2f} {row['floor_p99_ms']:8.2f}"
            print(f"{label:<40} {figures} {ratio:6.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"readers": args.readers, "results": results}, indent=2))


if __name__ == "__main__":
    main()
