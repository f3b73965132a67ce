"""The union's schema under Alembic (`desk_app/union/migrations`): `union init` upgrades it to the newest
revision, and stamps a union made before it had a history (its tables already there) at the first one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

from db.migrate import alembic_config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "union_alembic_version"


def upgrade_union(engine: Engine) -> None:
    from alembic import command

    config = alembic_config(engine, MIGRATIONS)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables and "union_commands" in tables:
        command.stamp(config, "u0001")
    command.upgrade(config, "head")


def check_union(engine: Engine) -> None:
    """Raises when the models and the union's migrations disagree (alembic check)."""
    from alembic import command

    command.check(alembic_config(engine, MIGRATIONS))
