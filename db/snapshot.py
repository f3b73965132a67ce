"""A branch snapshot from the union copied into the desk's file inside SQLite: the file is attached with its own
key, each table's rows go over in one statement (references first), and the pull cursor moves in the same
transaction, so a cut leaves the desk as it was."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from db.engine import key_literal
from db.models import Base


def copy_snapshot(engine: Engine, path: Path, key: bytes, cursor_key: str, cursor: int) -> int:
    """The rows copied. Staff the desk already holds keep their local record (its offline verifier)."""
    raw = engine.raw_connection()
    try:
        db = raw.cursor()
        db.execute(f"ATTACH DATABASE ? AS snapshot KEY {key_literal(key)}", (str(path),))
        try:
            present = {row[0] for row in db.execute("SELECT name FROM snapshot.sqlite_master WHERE type = 'table'")}
            copied = 0
            db.execute("BEGIN IMMEDIATE")
            try:
                for table in Base.metadata.sorted_tables:
                    if table.name not in present:
                        continue
                    columns = ", ".join(f'"{c.name}"' for c in table.columns)
                    keep = "OR IGNORE " if table.name == "staff" else ""
                    db.execute(
                        f'INSERT {keep}INTO main."{table.name}" ({columns}) '  # noqa: S608 (names from the models)
                        f'SELECT {columns} FROM snapshot."{table.name}"'
                    )
                    copied += max(0, db.rowcount)
                db.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (cursor_key, str(cursor)))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        finally:
            db.execute("DETACH DATABASE snapshot")
            db.close()
        return copied
    finally:
        raw.close()
