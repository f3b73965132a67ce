"""the old central database's row sync removed: its outbox and conflicts go

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:00:00

A desk that still holds changes it never sent to the old central database is not upgraded: dropping them
would lose a reader's card or a deposit the union never saw. Such a desk syncs them with the CardDesk it has,
then joins the union service, and then upgrades.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types
from desk_app.core.errors import DeskError

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    unsent = op.get_bind().execute(sa.text("SELECT count(*) FROM sync_outbox")).scalar_one()
    if unsent:
        raise DeskError("db.unsent_central_changes", count=unsent)
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_outbox_entity_id"))
    op.drop_table("sync_outbox")
    op.drop_table("sync_conflicts")


def downgrade() -> None:
    op.create_table(
        "sync_conflicts",
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("detected_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_sync_conflicts")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("change_id", name=op.f("uq_sync_outbox_change_id")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_outbox_entity_id"), ["entity_id"], unique=False)
