"""each reader keeps their first card's issue facts, and their cards and card events a copy, for statistics
counted by the database

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

_COLUMNS = {
    "readers": ("first_issued_at", "age_at_first_issue", "first_document_type"),
    "cards": ("age_at_first_issue", "first_document_type"),
    "card_events": ("card_type_code", "age_at_first_issue", "first_document_type"),
}


_INDEXES = (
    (
        "card_events",
        "ix_card_events_counted",
        ("kind", "at", "branch_code", "card_type_code", "age_at_first_issue", "first_document_type", "card_id"),
    ),
    ("cards", "ix_cards_counted", ("id", "card_type_code", "age_at_first_issue", "first_document_type")),
    ("loans", "ix_loans_card_at", ("card_id", "loaned_at", "branch_code")),
)


def _column(name: str) -> sa.Column[object]:
    if name == "first_issued_at":
        return sa.Column(name, UTCDateTime(), nullable=True)
    if name == "age_at_first_issue":
        return sa.Column(name, sa.Integer(), nullable=True)
    return sa.Column(name, sa.String(length=40), nullable=True)


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in _COLUMNS.items():
        present = {c["name"] for c in sa.inspect(bind).get_columns(table)}
        for name in columns:
            if name not in present:
                op.add_column(table, _column(name))
    for table, name, columns in _INDEXES:
        if name not in {i["name"] for i in sa.inspect(bind).get_indexes(table)}:
            op.create_index(name, table, list(columns), unique=False)
    backfill_first_issue(bind)


def downgrade() -> None:
    for table, name, _columns in _INDEXES:
        op.drop_index(name, table_name=table)
    for table, columns in _COLUMNS.items():
        for name in reversed(columns):
            op.drop_column(table, name)
