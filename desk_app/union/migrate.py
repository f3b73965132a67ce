"""The union's schema under Alembic (`desk_app/union/migrations`): `union init` upgrades it to the newest
revision, and stamps a union made before it had a history (its tables already there) at the first one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "union_alembic_version"


def _config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade_union(engine: Engine) -> None:
    from alembic import command

    config = _config(engine)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables and "union_commands" in tables:
        command.stamp(config, "u0001")
    command.upgrade(config, "head")


def check_union(engine: Engine) -> None:
    """Raises when the models and the union's migrations disagree (alembic check)."""
    from alembic import command

    command.check(_config(engine))
