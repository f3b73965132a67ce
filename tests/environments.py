"""Where a test's `carddesk` processes live (their own settings, data and keyring) and the empty PostgreSQL
databases a union is made in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text


def cli_environment(home: Path) -> dict[str, str]:
    """A `carddesk` subprocess with its own settings and data folders, and the run's real (encrypted file)
    keyring, whose key comes from the environment as a CI secret would give it: the test and the processes
    it starts open the same desk files with the same key."""
    import os

    return os.environ | {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHON_KEYRING_BACKEND": "tests.test_keyring_backend.TestKeyring",
        "CARDDESK_TEST_KEYRING": os.environ["CARDDESK_TEST_KEYRING"],
    }


def keyring_environment() -> dict[str, str]:
    """The run's keyring, for a `carddesk` started with a bare environment (a new user's HOME and PATH); the
    backend lives in tests/, so the repository is on the path."""
    import os

    keyring = {name: os.environ[name] for name in ("PYTHON_KEYRING_BACKEND", "CARDDESK_TEST_KEYRING")}
    return keyring | {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def keyed_desk_file(path: Path) -> Any:
    """A desk's file opened directly (a DB-API connection), as someone holding it and this PC account's
    keyring could: the run's desk file key."""
    from db.engine import connect_file
    from desk_app.secrets import desk_file_key

    return connect_file(str(path), desk_file_key())


def empty_database(server: Any, name: str) -> str:
    """A new, empty database on the test server; returns its superuser URL for `union init`."""
    maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {name}"))
    finally:
        maintenance.dispose()
    return f"postgresql://postgres:{server.password}@127.0.0.1:{server.port}/{name}"
