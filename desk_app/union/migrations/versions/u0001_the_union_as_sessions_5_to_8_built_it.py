"""the union's tables as sessions 5 to 8 built them (before the union had a history of its own)

Revision ID: u0001
Revises:
Create Date: 2026-11-30 16:00:00

The first revision makes what `union init` used to make with create_all: a union made that way is stamped at
this revision by `union init`, and every later change to the union's tables is a revision after it.
"""

from __future__ import annotations

from alembic import op

from db.models import Base
from desk_app.union import schema

revision = "u0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    Base.metadata.create_all(bind)
    schema.service.create_all(bind)


def downgrade() -> None:
    bind = op.get_bind()
    schema.service.drop_all(bind)
    Base.metadata.drop_all(bind)
