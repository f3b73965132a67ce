"""`carddesk central init` and `register-desk`: create the central database's schema, and a login role
for each desk that can do what a desk does and nothing more."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from db.central.schema import central, desks
from desk_app.core.policy import Profile

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def admin_engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), pool_pre_ping=True)


def upgrade_central(engine: Engine) -> None:
    from alembic import command  # only for `central init`: the desk itself never loads Alembic for it
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    command.upgrade(config, "head")


def init_central(engine: Engine, profile: Profile) -> int:
    """Schema up to date, and the profile's branches in it; returns how many branches there are."""
    upgrade_central(engine)
    branches = central.tables["branches"]
    from importlib import resources

    from db.central.schema import policies

    source = resources.files("desk_app.core").joinpath("profiles", f"{profile.code}.toml").read_text("utf-8")
    with engine.begin() as connection:
        statement = pg_insert(policies).values(code=profile.code, source=source, loaded_at=datetime.now(UTC))
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["code"], set_={"source": source, "loaded_at": statement.excluded.loaded_at}
            )
        )
        for branch in profile.branches:
            connection.execute(pg_insert(branches).values(code=branch.code, name=branch.name).on_conflict_do_nothing())
        return len(connection.execute(select(branches.c.code)).all())


def desk_role_name(branch: str, desk: str) -> str:
    return "desk_" + re.sub(r"[^a-z0-9]", "_", f"{branch}_{desk}".lower())


def register_desk(engine: Engine, branch: str, desk: str) -> tuple[str, str]:
    """A login role for the desk, member of carddesk_desk; returns (role, password) for the desk's keyring."""
    role = desk_role_name(branch, desk)
    password = secrets.token_urlsafe(24)
    with engine.begin() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        # Role names cannot be bound parameters; this one is made of [a-z0-9_] only.
        verb = "ALTER" if exists else "CREATE"
        quoted = connection.exec_driver_sql("SELECT quote_literal(%s)", (password,)).scalar_one()
        connection.exec_driver_sql(f"{verb} ROLE {role} LOGIN PASSWORD {quoted}")
        connection.exec_driver_sql(f"GRANT carddesk_desk TO {role}")
        connection.execute(
            pg_insert(desks)
            .values(role=role, branch_code=branch, desk_code=desk, registered_at=datetime.now(UTC))
            .on_conflict_do_nothing()
        )
    return role, password


__all__ = ["admin_engine", "init_central", "insert", "register_desk", "upgrade_central"]
