"""Alembic, driven from the application: the desk upgrades its own database at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from db.engine import key_of, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest local revision; a test holds it equal to the migrations' head. A desk already there starts
# without loading Alembic at all.
HEAD = "0015"


def alembic_config(engine: Engine, location: Path = MIGRATIONS) -> Config:
    """Alembic run against `engine` itself (the desk's migrations, or the union's given their `location`)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(location))
    # The option is read through ConfigParser's interpolation: a % in the URL (a socket path as %2F) is doubled.
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def _migration_engine(engine: Engine) -> Engine:
    return make_engine(engine.url.render_as_string(hide_password=False), foreign_keys=False, key=key_of(engine))


def at_head(engine: Engine) -> bool:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD


def upgrade_if_needed(engine: Engine) -> None:
    if not at_head(engine):
        upgrade(engine)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    migrator = _migration_engine(engine)
    try:
        command.upgrade(alembic_config(migrator), revision)
    finally:
        migrator.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    migrator = _migration_engine(engine)
    try:
        command.downgrade(alembic_config(migrator), revision)
    finally:
        migrator.dispose()


def check(engine: Engine) -> None:
    """Raises when the models and the migrations disagree (alembic check, as warehouse's bin/db-check)."""
    from alembic import command

    command.check(alembic_config(engine))
