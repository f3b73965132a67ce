"""fines recorded by the lending library under its own rules

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 06:10:00

Foshan sets no fine rate for the union (A.3.2 b): 按各馆规定执行); a member library's system records the fine
it charged, and that fine blocks a cancellation (6.3.4) like one the desk computes from a daily rate.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("loans") as batch:
        batch.add_column(sa.Column("fine_recorded_fen", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("loans") as batch:
        batch.drop_column("fine_recorded_fen")
