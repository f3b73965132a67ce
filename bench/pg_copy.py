"""A benchmark's SQLite database copied into the union's schema in a private PostgreSQL, table by table with
COPY, so that one set of generated rows is measured in both dialects."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from db.engine import connect_file
from desk_app.core.policy import load_profile
from desk_app.secrets import desk_file_key
from desk_app.union.store import init_union


def copy_into_postgres(
    server: object, sqlite_path: Path, database: str, profile: str, tables: dict[str, str]
) -> Engine:
    """`tables`: name -> its columns, in an order their foreign keys allow."""
    maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT")  # type: ignore[attr-defined]
    with maintenance.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {database}"))
    maintenance.dispose()
    engine = create_engine(server.url(database))  # type: ignore[attr-defined]
    init_union(engine, load_profile(profile))
    source = connect_file(str(sqlite_path), desk_file_key())
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET TIME ZONE 'UTC'")  # SQLite's times are UTC without a zone
        for table, columns in tables.items():
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {columns} FROM {table}"):  # noqa: S608 (constant names)
                    copy.write_row([_uuid(v) if isinstance(v, str) and len(v) == 32 else v for v in row])
        raw.commit()
        # As autovacuum would have by now on a live union: statistics, and the visibility map index-only scans need.
        driver = raw.driver_connection
        assert driver is not None
        driver.autocommit = True
        driver.execute("VACUUM ANALYZE")
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
