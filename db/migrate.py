"""Alembic, driven from the application: the desk upgrades its own database at start-up."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from db.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def _migration_engine(engine: Engine) -> Engine:
    return make_engine(engine.url.render_as_string(hide_password=False), foreign_keys=False)


def upgrade(engine: Engine, revision: str = "head") -> None:
    migrator = _migration_engine(engine)
    try:
        command.upgrade(alembic_config(migrator), revision)
    finally:
        migrator.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    migrator = _migration_engine(engine)
    try:
        command.downgrade(alembic_config(migrator), revision)
    finally:
        migrator.dispose()


def check(engine: Engine) -> None:
    """Raises when the models and the migrations disagree (alembic check, as warehouse's bin/db-check)."""
    command.check(alembic_config(engine))
