"""The demo's union on this PC: a private PostgreSQL, the union service on loopback with TLS from a CA of its
own, the demo's readers and staff in the union, and the demo desk joined to it and holding its branch.

    python -m desk_app.demo.local_union up --desk-db PATH [--profile P] [--branch CODE] [--desk CODE]
    python -m desk_app.demo.local_union down

`sh installer/dev.sh run` calls both around the window. Everything lives in one folder ($CARDDESK_DEMO_UNION,
else /var/tmp/carddesk-demo-union-<uid>), kept between runs: a second `up` starts what is stopped and joins
what is not joined, and changes nothing else. A one-branch library runs its real union the same way, with
its own certificate and data, as docs/union.md describes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from desk_app.demo.certificates import make_ca
from desk_app.demo.postgres import cluster_running, free_port, init_cluster, start_cluster, stop_cluster

SERVICE_ROLE = "carddesk_service"
DATABASE = "carddesk"


def demo_root() -> Path:
    """Never a predictable name in a shared temporary folder (another local user could plant it): root's
    under /var/lib, where the cluster's own user can reach it; anyone else's in their data folder."""
    if os.environ.get("CARDDESK_DEMO_UNION"):
        return Path(os.environ["CARDDESK_DEMO_UNION"])
    if os.getuid() == 0:
        return Path("/var/lib/carddesk-demo-union")
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "carddesk-demo-union"


def _state(root: Path) -> dict[str, Any]:
    path = root / "state.json"
    return dict(json.loads(path.read_text())) if path.exists() else {}


def _save_state(root: Path, state: dict[str, Any]) -> None:
    partial = root / "state.json.part"
    partial.write_text(json.dumps(state))
    partial.replace(root / "state.json")


def _url(root: Path, port: int, user: str, database: str) -> str:
    # Over the cluster's own unix socket: local connections are trusted there, and nothing listens for them
    # outside this folder.
    return f"postgresql://{user}@/{database}?host={root / 'pg'}&port={port}"


def _database(root: Path, state: dict[str, Any]) -> None:
    pg = root / "pg"
    if not (pg / "data").exists():
        init_cluster(pg)
    state.setdefault("pg_port", free_port())
    if not cluster_running(pg):
        start_cluster(pg, int(state["pg_port"]), durable=True)
    server = create_engine(
        _url(root, state["pg_port"], "postgres", "postgres").replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with server.connect() as connection:
            if (
                connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": DATABASE}).first()
                is None
            ):
                connection.exec_driver_sql(f"CREATE DATABASE {DATABASE}")
            if (
                connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": SERVICE_ROLE}).first()
                is None
            ):
                connection.exec_driver_sql(f"CREATE ROLE {SERVICE_ROLE} LOGIN")
    finally:
        server.dispose()


def _union(root: Path, state: dict[str, Any], profile_name: str, readers: int) -> None:
    from sqlalchemy.orm import sessionmaker

    from db.uow import SqlUnitOfWork
    from desk_app.core.policy import load_profile
    from desk_app.demo.demo_data import DEMO_DESK_AT_UNION, make_demo_data
    from desk_app.union import store

    engine = store.engine_for(_url(root, state["pg_port"], "postgres", DATABASE))
    try:
        profile = load_profile(profile_name)
        store.init_union(engine, profile)
        store.grant_runtime(engine, SERVICE_ROLE)
        with engine.connect() as connection:
            empty = not connection.execute(text("SELECT 1 FROM readers LIMIT 1")).first()
        if empty:
            factory = sessionmaker(engine)
            make_demo_data(lambda: SqlUnitOfWork(factory), profile, readers=readers, desk=DEMO_DESK_AT_UNION)
            store.note_snapshot(engine)
    finally:
        engine.dispose()


def _healthy(url: str, ca_file: Path) -> bool:
    from desk_app.core.errors import DeskError
    from desk_app.union_client import UnionClient

    try:
        return UnionClient(url, ca_file=str(ca_file)).health().get("status") == "ok"
    except DeskError:
        return False


def _service(root: Path, state: dict[str, Any], profile_name: str) -> str:
    if not (root / "tls" / "ca.pem").exists():
        make_ca(root / "tls", "CardDesk demo CA", days=825)
    ca_file, cert, key = (root / "tls" / name for name in ("ca.pem", "server.pem", "server-key.pem"))
    state.setdefault("service_port", free_port())
    url = f"https://127.0.0.1:{state['service_port']}"
    if _healthy(url, ca_file):
        return url
    log = (root / "service.log").open("ab")
    started = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "--profile", profile_name, "union", "serve", "--db",
         _url(root, state["pg_port"], SERVICE_ROLE, DATABASE), "--listen", f"127.0.0.1:{state['service_port']}",
         "--cert", str(cert), "--key", str(key)],
        stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    log.close()
    (root / "service.pid").write_text(str(started.pid))
    deadline = time.monotonic() + 60
    while not _healthy(url, ca_file):
        if started.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the union service did not start: see {root / 'service.log'}")
        time.sleep(0.3)
    return url


def _join(root: Path, state: dict[str, Any], url: str, desk_db: Path, branch: str, desk_code: str) -> bool:
    """The demo desk joins once (a new union, a new desk file or a lost token: again); then pulls its branch."""
    from desk_app.bootstrap import open_desk
    from desk_app.cli_union import run_join
    from desk_app.settings import load_settings
    from desk_app.union import store
    from desk_app.union_client import stored_token
    from desk_app.union_desk import UnionLink

    settings = load_settings()
    union = dict(settings.get("union") or {})
    joined_here = union.get("url") == url and union.get("database") == str(desk_db.resolve())
    fresh = not (joined_here and desk_db.exists() and stored_token(desk_db))
    if fresh:
        engine = store.engine_for(_url(root, state["pg_port"], "postgres", DATABASE))
        try:
            code = store.enrol_desk(engine, branch, desk_code)["code"]
        finally:
            engine.dispose()
        run_join(desk_db, argparse.Namespace(url=url, code=code, ca_file=root / "tls" / "ca.pem"))
    desk = open_desk(desk_db, str(load_settings().get("profile") or "foshan"))
    try:
        UnionLink(desk, load_settings()).pull()
    finally:
        desk.close()
    return fresh


def up(desk_db: Path, profile_name: str, branch: str | None, desk_code: str, readers: int) -> dict[str, Any]:
    from desk_app.core.policy import load_profile
    from desk_app.settings import load_settings, save_settings

    root = demo_root()
    root.mkdir(parents=True, exist_ok=True)
    if root.stat().st_uid != os.getuid():
        raise SystemExit(f"{root} belongs to another user: set CARDDESK_DEMO_UNION to a folder of your own")
    root.chmod(0o755 if os.getuid() == 0 else 0o700)  # as root, the cluster's own user must reach pg/
    state = _state(root)
    _database(root, state)
    _save_state(root, state)
    _union(root, state, profile_name, readers)
    url = _service(root, state, profile_name)
    _save_state(root, state)
    branch = branch or load_profile(profile_name).branches[0].code
    save_settings({**load_settings(), "profile": profile_name})
    fresh = _join(root, state, url, desk_db, branch, desk_code)
    return {"union": url, "ca_file": str(root / "tls" / "ca.pem"), "branch": branch, "desk": desk_code,
            "joined_now": fresh, "folder": str(root)}  # fmt: skip


def down() -> None:
    root = demo_root()
    pid_file = root / "service.pid"
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError, PermissionError):
            os.killpg(int(pid_file.read_text()), signal.SIGTERM)
        pid_file.unlink(missing_ok=True)
    if (root / "pg" / "data").exists():
        stop_cluster(root / "pg", fast=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desk_app.demo.local_union")
    steps = parser.add_subparsers(dest="step", required=True)
    start = steps.add_parser("up")
    start.add_argument("--desk-db", type=Path, required=True)
    start.add_argument("--profile", default="foshan")
    start.add_argument("--branch")
    start.add_argument("--desk", default="D1")
    start.add_argument("--readers", type=int, default=40)
    steps.add_parser("down")
    args = parser.parse_args(argv)
    if args.step == "up":
        print(json.dumps(up(args.desk_db, args.profile, args.branch, args.desk, args.readers), ensure_ascii=False))
    else:
        down()
    return 0


if __name__ == "__main__":
    sys.exit(main())
