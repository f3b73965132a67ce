"""Alembic environment of the union's PostgreSQL: the desk tables (the same models the core's unit of work uses)
and the service's own, run online against the owner's engine `union init` hands over."""

from __future__ import annotations

from alembic import context

from db.models import Base
from desk_app.union import schema

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=[Base.metadata, schema.service],
        compare_type=True,
        version_table="union_alembic_version",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
