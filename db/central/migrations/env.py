"""Alembic environment of the central database: its own history, in its own version table."""

from __future__ import annotations

from alembic import context

from db.central.schema import central

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=central,
        version_table="central_alembic_version",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
