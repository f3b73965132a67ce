"""each reader keeps their first card's issue facts, and their cards and card events a copy, for statistics
counted by the database

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 03:00:00

The yearly statistics count cards by the reader's age band and document type at their first card. Those were
read from every issue event's JSON detail and counted in Python. Now the reader holds them, each card a copy
(active cards are counted from loans through their card), and each card event its card's type and those
facts as they were when it happened, so the database counts events with GROUP BY and no join. Rows already
recorded are filled: readers from their earliest issue event, cards from readers, events from cards.
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
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_at_first_issue", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_document_type", sa.String(length=40), nullable=True))
        batch_op.create_index(
            "ix_cards_counted", ["id", "card_type_code", "age_at_first_issue", "first_document_type"], unique=False
        )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index("ix_loans_card_at", ["card_id", "loaned_at", "branch_code"], unique=False)
    with op.batch_alter_table("card_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_type_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("age_at_first_issue", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_document_type", sa.String(length=40), nullable=True))
        batch_op.create_index(
            "ix_card_events_counted",
            ["kind", "at", "branch_code", "card_type_code", "age_at_first_issue", "first_document_type", "card_id"],
            unique=False,
        )
    backfill_first_issue(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_index("ix_loans_card_at")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index("ix_cards_counted")
    for table in ("card_events", "cards"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "card_events":
                batch_op.drop_index("ix_card_events_counted")
                batch_op.drop_column("card_type_code")
            batch_op.drop_column("first_document_type")
            batch_op.drop_column("age_at_first_issue")
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.drop_column("first_document_type")
        batch_op.drop_column("age_at_first_issue")
        batch_op.drop_column("first_issued_at")
