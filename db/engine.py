"""Engines for the desk: SQLite in WAL mode with foreign keys on, durable against a power cut."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any, foreign_keys: bool = True) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite commits DDL on its own, so a failed migration would leave half a schema change behind.
    # SQLAlchemy's recipe: take transaction control from the driver and emit BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed card survives a power cut that comes right after the commit.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Erased personal data is overwritten, not left in the file's free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # A unit of work reads and then writes: begun deferred, its first write would fail at once with "database
    # is locked" while another process writes (SQLite cannot wait for a deferred reader to become a writer).
    # Begun IMMEDIATE it takes the write lock first and waits its turn (busy_timeout). Searches stay deferred.
    immediate = connection.get_execution_options().get("carddesk_writer", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, foreign_keys: bool = True) -> Engine:
    """foreign_keys=False is for migrations only: SQLite rebuilds a table by copying it, which the
    references to it would refuse; the migration checks every reference itself before it commits."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, rec: _on_sqlite_connect(conn, rec, foreign_keys))
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    writer = engine.execution_options(carddesk_writer=True) if engine.dialect.name == "sqlite" else engine
    return sessionmaker(writer, expire_on_commit=False)
