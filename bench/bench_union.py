"""The union service under its own load: one desk pushes N issue commands (each run again at the union through
the core's rules), a second desk of the branch pulls what they made, and the same push again through 40 ms of
added round-trip latency; the floor is COPY of the rows the commands made into the same server.

    .venv/bin/python bench/bench_union.py [--commands 10000] [--json build/bench/union.json]

Everything is real: a private PostgreSQL, `carddesk union serve` under uvicorn with TLS from a CA made for
the run, desks that joined with one-time codes, their tokens in a file keyring. A new desk's ready time and
file size at 200,000 and 5,000,000 readers are extrapolated from the measured pull (said so in the output).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import sessionmaker

from db.models import Base
from db.uow import SqlUnitOfWork
from desk_app.bootstrap import OpenDesk, open_desk
from desk_app.cli_union import run_join
from desk_app.core.errors import DeskError
from desk_app.core.policy import load_profile
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand
from desk_app.core.services.staff_accounts import create_first_admin_of_branch
from desk_app.demo.certificates import make_ca
from desk_app.demo.keyring_backend import FileKeyring
from desk_app.demo.people import PeopleFactory
from desk_app.demo.postgres import PgServer, private_postgres
from desk_app.settings import load_settings
from desk_app.union import store
from desk_app.union_client import UnionClient
from desk_app.union_desk import UnionLink, run_command
from tests.tcp_proxy import TcpProxy, free_port

REFUNDS = 30

TABLES = ("readers", "identity_documents", "cards", "card_events", "audit_log")
PASSWORD = "Bench-union-2026"


def _dump(cursor: Any, table: str) -> bytes:
    buffer = io.BytesIO()
    with cursor.copy(f"COPY {table} TO STDOUT") as copy:
        for data in copy:
            buffer.write(data)
    return buffer.getvalue()


def _copy_floor(url: str, floor_url: str) -> tuple[float, int]:
    """COPY of every row the commands made, out of the union and into an empty copy of its tables (the
    branches and staff they refer to go first, untimed)."""
    import psycopg

    with psycopg.connect(url) as source, source.cursor() as cursor:
        references = [(table, _dump(cursor, table)) for table in ("branches", "staff")]
        dumps = [(table, _dump(cursor, table)) for table in TABLES]
    rows = sum(d.count(b"\n") for _t, d in dumps)
    with psycopg.connect(floor_url) as target, target.cursor() as cursor:
        for table, data in references:
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(data)
        target.commit()
        begun = time.perf_counter()
        for table, data in dumps:
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(data)
        target.commit()
        return time.perf_counter() - begun, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commands", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="carddesk-bench-union-"))
    root.chmod(0o755)
    os.environ |= {
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_DATA_HOME": str(root / "data"),
        "PYTHON_KEYRING_BACKEND": "desk_app.demo.keyring_backend.FileKeyring",
        "CARDDESK_FILE_KEYRING": str(root / "keyring.cfg"),
    }
    keyring.set_keyring(FileKeyring())
    profile = load_profile("foshan")
    with private_postgres(root / "pg") as server:
        maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with maintenance.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE union_bench")
            connection.exec_driver_sql("CREATE DATABASE union_floor")
        maintenance.dispose()
        url = server.url("union_bench").replace("+psycopg", "")
        engine = store.engine_for(url)
        store.init_union(engine, profile)
        with SqlUnitOfWork(sessionmaker(engine)) as uow:
            create_first_admin_of_branch(uow, "bench-admin", "基准", "FSLIB", "admin", PASSWORD, datetime.now(UTC))
        floor_engine = create_engine(server.url("union_floor"))
        Base.metadata.create_all(floor_engine, tables=[Base.metadata.tables[t] for t in TABLES] +
                                 [Base.metadata.tables["branches"], Base.metadata.tables["staff"]])  # fmt: skip
        floor_engine.dispose()
        ca = make_ca(root / "tls")
        port = free_port()
        service = subprocess.Popen(
            [sys.executable, "-m", "desk_app", "--profile", "foshan", "union", "serve", "--db", url,
             "--listen", f"127.0.0.1:{port}", "--cert", str(ca.cert_file), "--key", str(ca.key_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            figures = _measure(root, engine, server, port, ca.ca_file, args.commands)
        finally:
            service.terminate()
            service.wait(10)
            engine.dispose()
    print(
        f"union push of {args.commands} issue commands: {figures['push_s']:.2f} s, COPY of their "
        f"{figures['rows']} rows {figures['copy_s']:.2f} s ({figures['push_s'] / figures['copy_s']:.1f}x, goal <= 3x)"
    )
    print(
        f"  with 40 ms added round trip: {figures['push_latency_s']:.2f} s "
        f"({figures['push_latency_s'] / figures['copy_s']:.1f}x)"
    )
    print(
        f"refund paid end to end through the union (median): {figures['refund_ms']:.1f} ms; "
        f"one ledger INSERT at the union: {figures['insert_ms']:.2f} ms"
    )
    print(
        f"union pull of what they made, at a desk of the branch following the change log: {figures['pull_s']:.2f} s "
        f"({figures['pull_s'] / figures['copy_s']:.1f}x)"
    )
    print(
        f"new desk of that branch ready (snapshot, then the change log): {figures['ready_built_s']:.2f} s for the "
        f"branch's first (the union builds the snapshot), {figures['ready_cached_s']:.2f} s for the next (shared)"
    )
    print(
        f"  extrapolated by readers held (not measured at that size): a branch of 200,000 readers "
        f"{figures['ready_200k_s']:.0f} s; 5,000,000 readers in one branch {figures['ready_5m_s'] / 60:.1f} min "
        f"(snapshot built) / {figures['ready_cached_5m_s'] / 60:.1f} min (shared), goal <= 5 min; desk file "
        f"{figures['file_per_1000_mb']:.2f} MB per 1,000 readers ({figures['file_5m_mb']:.0f} MB at 5 million "
        f"in one branch, goal < 500 MB)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"commands": args.commands, **figures}))


def _measure(root: Path, engine: Engine, server: PgServer, port: int, ca_file: Path, count: int) -> dict[str, float]:
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            UnionClient(url, ca_file=str(ca_file)).health()
            break
        except DeskError:
            if time.monotonic() > deadline:
                raise SystemExit("the union service did not start") from None
            time.sleep(0.3)

    def joined(name: str, desk_code: str) -> tuple[OpenDesk, UnionLink, DeskContext]:
        database = root / f"{name}.sqlite"
        code = store.enrol_desk(engine, "FSLIB", desk_code)["code"]
        run_join(database, argparse.Namespace(url=url, code=code, ca_file=ca_file))
        desk = open_desk(database, "foshan")
        link = UnionLink(desk, load_settings())
        ctx, session = link.sign_in("bench-admin", PASSWORD, desk_code)
        link.signed_in(session)
        return desk, link, ctx

    a, a_link, a_ctx = joined("a", "D1")
    b, b_link, _ = joined("b", "D2")
    b_link.pull()  # desk B holds its branch (nothing yet) and follows the change log from here
    people = PeopleFactory("foshan", seed=777)
    today = datetime.now(UTC).date()

    def queue(n: int) -> None:
        for _ in range(n):
            person = people.person(30, today)
            run_command(
                a,
                a_ctx,
                "issue_card",
                IssueCardCommand(
                    name=person.name,
                    phone=person.phone,
                    documents=(DocumentInput("resident_id", person.citizen_number),),
                ),
            )

    begun = time.perf_counter()
    queue(count)
    print(
        f"  ({count} commands made at the desk in {time.perf_counter() - begun:.0f} s, not a figure)", file=sys.stderr
    )
    begun = time.perf_counter()
    report = a_link.push(a_link.sessions)
    push_s = time.perf_counter() - begun
    assert report.pushed == count and report.pending == 0, report
    copy_s, rows = _copy_floor(
        server.url("union_bench").replace("+psycopg", ""), server.url("union_floor").replace("+psycopg", "")
    )
    begun = time.perf_counter()
    pulled, _skipped = b_link.pull()
    pull_s = time.perf_counter() - begun
    assert pulled >= count * 4, pulled

    def ready(name: str, desk_code: str) -> tuple[float, int]:
        """A new desk of the branch: from its join to holding the branch (the snapshot, then the change log)."""
        desk, link, _ctx = joined(name, desk_code)
        begun = time.perf_counter()
        held, _skipped = link.pull()
        took = time.perf_counter() - begun
        assert held >= count * 4, held
        desk.close()
        return took, (root / f"{name}.sqlite").stat().st_size + sum(
            p.stat().st_size for p in root.glob(f"{name}.sqlite-wal")
        )

    ready_built_s, size = ready("c", "D3")  # the branch's first new desk: the union builds its snapshot
    ready_cached_s, _ = ready("d", "D4")  # the next one shares it
    queue(count)
    proxy = TcpProxy(port, 0.02)
    a_link.settings = {
        **a_link.settings,
        "union": {**a_link.settings["union"], "url": f"https://127.0.0.1:{proxy.port}"},
    }
    begun = time.perf_counter()
    report = a_link.push(a_link.sessions)
    push_latency_s = time.perf_counter() - begun
    assert report.pushed == count, report
    a_link.settings = {**a_link.settings, "union": {**a_link.settings["union"], "url": url}}
    refund_ms, insert_ms = _refunds(a, a_link, a_ctx, engine, people, REFUNDS if count >= 1000 else 5)
    for desk in (a, b):
        desk.close()
    return {
        "push_s": push_s,
        "copy_s": copy_s,
        "rows": float(rows),
        "pull_s": pull_s,
        "pulled": float(pulled),
        "push_latency_s": push_latency_s,
        "ready_built_s": ready_built_s,
        "ready_cached_s": ready_cached_s,
        "ready_200k_s": ready_built_s / count * 200_000,
        "ready_5m_s": ready_built_s / count * 5_000_000,
        "ready_cached_5m_s": ready_cached_s / count * 5_000_000,
        "file_per_1000_mb": size / count * 1000 / 1e6,
        "file_5m_mb": size / count * 5_000_000 / 1e6,
        "refund_ms": refund_ms,
        "insert_ms": insert_ms,
    }


def _refunds(
    desk: OpenDesk, link: UnionLink, ctx: DeskContext, engine: Engine, people: PeopleFactory, count: int
) -> tuple[float, float]:
    """A deposit refund paid end to end through the union (the queue pushed, the payment decided by the union
    while the desk waits, its receipt made), beside one ledger row inserted into the union's database."""
    from sqlalchemy import text

    from desk_app.core.commands import MoneyTaken
    from desk_app.core.services.refunds import RefundApplication
    from desk_app.money_desk import MoneyDesk

    money = MoneyDesk(desk, ctx, {}, link)
    today = datetime.now(UTC).date()
    requests = []
    for _ in range(count):
        person = people.person(40, today)
        shown = DocumentInput("resident_id", person.citizen_number)
        card = run_command(desk, ctx, "issue_card", IssueCardCommand(name=person.name, phone=person.phone,
                                                                     documents=(shown,))).card_number  # fmt: skip
        run_command(desk, ctx, "take_money", MoneyTaken(card, "deposit_taken", 10000, "前政策下收取的押金"))
        requests.append(money.apply(RefundApplication(card, shown, card_presented=True)).id)
        money.approve(requests[-1])
    link.push(link.sessions)
    paid = []
    for request in requests:
        begun = time.perf_counter()
        assert money.pay(request).view.status == "paid"
        paid.append(time.perf_counter() - begun)
    floor = []
    with engine.connect() as connection:
        staff = connection.execute(text("SELECT id FROM staff LIMIT 1")).scalar_one()
        reader = connection.execute(text("SELECT reader_id FROM ledger_entries LIMIT 1")).scalar_one()
        connection.commit()
        for n in range(count):
            begun = time.perf_counter()
            with connection.begin():
                connection.execute(
                    text("INSERT INTO ledger_entries (id, reader_id, kind, amount_fen, at, staff_id, branch_code,"
                         " desk_code, receipt_no, note, authorised_by) VALUES (:id, :reader, 'pre_deposit', 100,"
                         " now(), :staff, 'FSLIB', 'D1', :receipt, '', '')"),
                    {"id": uuid.uuid4(), "reader": reader, "staff": staff, "receipt": f"BENCH-{n}"},
                )  # fmt: skip
            floor.append(time.perf_counter() - begun)
    return statistics.median(paid) * 1000, statistics.median(floor) * 1000


if __name__ == "__main__":
    main()
