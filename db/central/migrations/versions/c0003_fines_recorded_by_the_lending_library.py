"""fines recorded by the lending library under its own rules

Revision ID: c0003
Revises: c0002
Create Date: 2026-11-30 06:10:00
"""

from __future__ import annotations

from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE loans ADD COLUMN IF NOT EXISTS fine_recorded_fen integer")


def downgrade() -> None:
    op.execute("ALTER TABLE loans DROP COLUMN IF EXISTS fine_recorded_fen")
