"""each queued command notes the rows it wrote here, so that a command the union refuses can be undone

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 16:00:00

A command queued before this revision touched rows nobody noted: its list is empty, and dismissing its
refusal undoes nothing (as before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("command_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("touched", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("command_outbox", schema=None) as batch_op:
        batch_op.drop_column("touched")
