"""each reader keeps their first card's issue facts, for statistics counted by the database

Revision ID: u0002
Revises: u0001
Create Date: 2026-12-01 03:00:00

As the desk's revision 0015: the union's yearly statistics count by the reader's age and document type at
their first card with GROUP BY. u0001 makes the tables from the current models, so a union made fresh has the
columns already; only one made before them gets them here, and is filled from its earliest issue events.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.first_issue import backfill_first_issue
from db.types import UTCDateTime

revision = "u0002"
down_revision = "u0001"
branch_labels = None
depends_on = None

_COLUMNS = ("first_issued_at", "age_at_first_issue", "first_document_type")


def upgrade() -> None:
    bind = op.get_bind()
    present = {c["name"] for c in sa.inspect(bind).get_columns("readers")}
    if not set(_COLUMNS) <= present:
        op.add_column("readers", sa.Column("first_issued_at", UTCDateTime(), nullable=True))
        op.add_column("readers", sa.Column("age_at_first_issue", sa.Integer(), nullable=True))
        op.add_column("readers", sa.Column("first_document_type", sa.String(length=40), nullable=True))
    backfill_first_issue(bind)


def downgrade() -> None:
    for column in reversed(_COLUMNS):
        op.drop_column("readers", column)
