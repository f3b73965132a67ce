"""A private PostgreSQL server for the tests, the benchmarks and the demo's local union: initdb and pg_ctl into
a directory of its own, loopback and a unix socket.

Run as root (CI), the server runs as the `postgres` user, as PostgreSQL insists.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    socket_dir: Path
    superuser: str
    password: str
    bindir: Path
    data: Path

    def url(self, database: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        who = user or self.superuser
        secret = self.password if user is None else (password or "")
        return f"postgresql+psycopg://{who}:{secret}@{self.host}:{self.port}/{database}"

    def as_server_user(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_postgres([*command]), capture_output=True, text=True, check=True, timeout=120)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (sh installer/dev.sh test installs postgresql)")
    return Path(found[-1]).parent


def init_cluster(root: Path) -> str:
    """A new cluster in root/data (owned by `postgres` when run as root); returns the superuser's password."""
    bindir = postgres_bindir()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    password = secrets.token_hex(12)
    pwfile = root / "pw"
    pwfile.write_text(password)
    pwfile.chmod(0o600)
    if os.getuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(pwfile, "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "initdb"),
                "-D", str(root / "data"),
                "-U", "postgres",
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E", "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    return password


def start_cluster(root: Path, port: int, durable: bool = False) -> None:
    """Listening on loopback and on a unix socket in root; the tests' clusters skip fsync (thrown away)."""
    options = f"-k {root} -p {port} -h 127.0.0.1 -c max_connections=60"
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_postgres(
            [str(postgres_bindir() / "pg_ctl"), "-D", str(root / "data"), "-o", options, "-l", str(root / "log"),
             "-w", "start"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip


def stop_cluster(root: Path, fast: bool = True) -> None:
    subprocess.run(
        _as_postgres(
            [str(postgres_bindir() / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate" if fast else "fast", "-w",
             "stop"]
        ),
        capture_output=True,
        timeout=60,
        check=False,
    )  # fmt: skip


def cluster_running(root: Path) -> bool:
    done = subprocess.run(
        _as_postgres([str(postgres_bindir() / "pg_ctl"), "-D", str(root / "data"), "status"]),
        capture_output=True,
        timeout=30,
        check=False,
    )
    return done.returncode == 0


@contextmanager
def private_postgres(root: Path) -> Iterator[PgServer]:
    """A throw-away cluster for a test run or a benchmark."""
    password = init_cluster(root)
    port = free_port()
    start_cluster(root, port)
    try:
        yield PgServer("127.0.0.1", port, root, "postgres", password, postgres_bindir(), root / "data")
    finally:
        stop_cluster(root)
        shutil.rmtree(root, ignore_errors=True)
