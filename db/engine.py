"""Engines for the desk: SQLite in WAL mode with foreign keys on, durable against a power cut; a desk's own
file encrypted with SQLCipher (the key given by the caller, who keeps it in the keyring)."""

from __future__ import annotations

import os
import sqlite3
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import FromClause


def _sqlite_table_hint(compiler: SQLiteCompiler, table: FromClause, text: str | None) -> str | None:
    return text


# SQLAlchemy renders no table hints for SQLite; its one kind, `INDEXED BY`, is what `with_hint(..., "sqlite")`
# asks for (statistics use it where SQLite's planner would read a wide row instead of a narrow index).
SQLiteCompiler.get_from_hint_text = _sqlite_table_hint  # type: ignore[method-assign,assignment]

# The key of each encrypted engine, for the second engine a migration opens on the same file.
_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


# SQLCipher writes a wrong key's HMAC failures to stderr; the desk explains them itself (db/errors.py).
QUIET = "PRAGMA cipher_log_level = NONE"


def key_literal(key: bytes) -> str:
    # A raw 256-bit key (x'…'): no passphrase, so no key derivation on every connection.
    return f"\"x'{key.hex()}'\""


def _unlock(connection: Any, key: bytes) -> None:
    """The key, before anything reads the file (a connection or a cursor of one)."""
    connection.execute(QUIET)
    connection.execute(f"PRAGMA key = {key_literal(key)}")


OWNER_ONLY = 0o600


def new_private_file(path: Path) -> None:
    """The file exists, empty and readable by its owner only, before a byte of a desk's data goes into it
    (SQLite gives a database's log files the database's mode)."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY))


def connect_file(target: str, key: bytes | None, uri: bool = False) -> Any:
    """A plain DB-API connection to a desk file (backups, checks): SQLCipher's when the file is encrypted."""
    if key is None:
        return sqlite3.connect(target, uri=uri)
    from sqlcipher3 import dbapi2 as sqlcipher

    connection = sqlcipher.connect(target, uri=uri)
    _unlock(connection, key)
    return connection


def _on_sqlite_connect(
    dbapi_connection: Any, _record: Any, foreign_keys: bool = True, key: bytes | None = None
) -> None:
    # pysqlite commits DDL on its own, so a failed migration would leave half a schema change behind.
    # SQLAlchemy's recipe: take transaction control from the driver and emit BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    if key is not None:
        _unlock(cursor, key)
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


def make_engine(url: str, foreign_keys: bool = True, key: bytes | None = None) -> Engine:
    """foreign_keys=False is for migrations only: SQLite rebuilds a table by copying it, which the
    references to it would refuse; the migration checks every reference itself before it commits.
    `key`: the file is SQLCipher's, encrypted with this 256-bit key."""
    if key is not None:
        from sqlcipher3 import dbapi2 as sqlcipher

        engine = create_engine(url, module=sqlcipher)
        _KEYS[engine] = key
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, rec: _on_sqlite_connect(conn, rec, foreign_keys, key))
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def key_of(engine: Engine) -> bytes | None:
    return _KEYS.get(engine)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    writer = engine.execution_options(carddesk_writer=True) if engine.dialect.name == "sqlite" else engine
    return sessionmaker(writer, expire_on_commit=False)
