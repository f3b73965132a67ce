"""Reader search on 1,000,000 readers, in SQLite (the desk: card number, ID number, name prefix and phone)
and in PostgreSQL (the union's schema: by an identifier only, as the union service searches), beside raw SQL
finding the same readers (median and p99).

    .venv/bin/python bench/bench_search.py [--readers 1000000] [--queries 200] [--json build/bench/search.json]

The search answers with ReaderSummary rows (masked document and phone, held card, branch name); the raw
SQL floor is one hand-written statement returning the same columns for the one look-up the kind needs.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, TextClause, text
from sqlalchemy.orm import sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_batch import _fill
from pg_copy import copy_into_postgres

from db.queries import SqlReaderDirectory, read_engine
from desk_app.bootstrap import open_desk
from desk_app.demo.keyring_backend import use_file_keyring
from desk_app.demo.postgres import private_postgres

_SUMMARY = """SELECT r.id, r.name, r.phone, r.home_branch_code, coalesce(b.name, r.home_branch_code),
  (SELECT d.number FROM identity_documents d WHERE d.reader_id = r.id ORDER BY d.recorded_at LIMIT 1),
  (SELECT c.number FROM cards c WHERE c.reader_id = r.id
    ORDER BY CASE WHEN c.status IN ('pending_consent', 'provisional', 'active', 'lost') THEN 0 ELSE 1 END,
      c.issued_at DESC LIMIT 1),
  (SELECT c.status FROM cards c WHERE c.reader_id = r.id
    ORDER BY CASE WHEN c.status IN ('pending_consent', 'provisional', 'active', 'lost') THEN 0 ELSE 1 END,
      c.issued_at DESC LIMIT 1)
FROM readers r LEFT JOIN branches b ON b.code = r.home_branch_code WHERE {} LIMIT 50"""
# The floor: the same summary (document, held card, branch name) for the one look-up the kind needs,
# written by hand; the app's search does not know the kind and tries every look-up the text could be.
WHERE = {
    "card number": "r.id IN (SELECT reader_id FROM cards WHERE number = :v)",
    "ID number": "r.id IN (SELECT reader_id FROM identity_documents WHERE number = :v)",
    "name prefix": "r.name >= :v AND r.name < :v || :end",
    "phone": "r.phone = :v",
}


def _samples(engine: Engine, queries: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM readers")).scalar_one()
        picks = [rng.randrange(total) for _ in range(queries)]
        out: dict[str, list[str]] = {k: [] for k in WHERE}
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


def _measure(
    engine: Engine, directory: SqlReaderDirectory, samples: dict[str, list[str]], union: bool = False
) -> list[dict[str, object]]:
    """The floor runs as the search does, once per user action: a pooled connection of the same engine is
    taken, the statement run, the connection given back. The same statement on one connection held for the
    whole run is printed beside it (held_ms): the price of taking a connection per search."""
    rows = []
    engine = read_engine(engine)

    def raw(sql: TextClause, value: str) -> None:
        with engine.connect() as connection:
            connection.execute(sql, {"v": value, "end": "\U0010ffff"}).all()

    for kind, where in WHERE.items():
        if union and kind == "name prefix":
            continue  # the union is searched by an identifier only; names are searched at the desk
        sql = text(_SUMMARY.format(where))
        values = samples[kind if kind in samples else "name prefix"]
        directory.search(values[0], 50)  # warm
        raw(sql, values[0])
        median, p99 = _time(lambda v: directory.search(v, 50), values)
        floor_median, floor_p99 = _time(functools.partial(raw, sql), values)
        with engine.connect() as held:
            held_median, _ = _time(
                lambda v: held.execute(sql, {"v": v, "end": "\U0010ffff"}).all(),  # noqa: B023 (used at once)
                values,
            )
        rows.append(
            {"kind": kind, "ms": median, "p99_ms": p99, "floor_ms": floor_median, "floor_p99_ms": floor_p99,
             "held_ms": held_median}
        )  # fmt: skip
    return rows


def _postgres_copy(server: object, sqlite_path: Path) -> Engine:
    """The same million readers in the union's schema: read from the SQLite file, written with COPY."""
    return copy_into_postgres(server, sqlite_path, "bench_search", "chongqing", {
        "staff": "id, username, display_name, branch_code, role, password_hash, failed_attempts, active",
        "readers": "id, name, gender, birth_date, phone, address, work_unit, home_branch_code, password_hash,"
                   " password_must_change, created_at, updated_at",
        "identity_documents": "id, reader_id, doc_type, number, person_key, valid_until, nationality, recorded_at",
        "cards": "id, reader_id, number, barcode, chip_uid, card_type_code, home_branch_code, status, is_virtual,"
                 " issued_at, replaces_card_id",
    })  # fmt: skip


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
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
        results["postgresql"] = _measure(engine, SqlReaderDirectory(sessionmaker(engine)), samples, union=True)
        engine.dispose()
    print(f"{args.readers:,} readers (built in {built:.0f} s), {args.queries} queries of each kind")
    print(f"{'figure':<40} {'ms':>7} {'p99':>7} {'raw ms':>7} {'raw p99':>8} {'ratio':>6} {'held ms':>8}")
    for engine_name, rows in results.items():
        for row in rows:
            label = f"{engine_name}: {row['kind']}"
            ratio = float(row["ms"]) / float(row["floor_ms"])  # type: ignore[arg-type]
            figures = f"{row['ms']:7.2f} {row['p99_ms']:7.2f} {row['floor_ms']:7.2f} {row['floor_p99_ms']:8.2f}"
            print(f"{label:<40} {figures} {ratio:6.2f} {row['held_ms']:8.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"readers": args.readers, "results": results}, indent=2))


if __name__ == "__main__":
    main()
