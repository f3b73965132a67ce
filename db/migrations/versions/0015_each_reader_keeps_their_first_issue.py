"""each reader keeps their first card's issue facts, for statistics counted by the database

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 03:00:00

The yearly statistics count cards by the reader's age band and document type at their first card. Those were
read from every issue event's JSON detail and counted in Python; as columns of the reader, the database
counts them with GROUP BY. Readers already recorded are filled from their earliest issue event.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.first_issue import backfill_first_issue
from db.types import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_issued_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("age_at_first_issue", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_document_type", sa.String(length=40), nullable=True))
    backfill_first_issue(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.drop_column("first_document_type")
        batch_op.drop_column("age_at_first_issue")
        batch_op.drop_column("first_issued_at")
