"""day-end finds one desk's day of the ledger and of its printed receipts by index

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 00:30:00

Day-end counts a desk's day in the database (GROUP BY and anti-joins); without these indexes it would read
every entry the desk ever made.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_entries_desk_day", ["branch_code", "desk_code", "at"], unique=False)
    with op.batch_alter_table("printed_documents", schema=None) as batch_op:
        batch_op.create_index("ix_printed_documents_desk_day", ["branch_code", "desk_code", "created_at"], unique=False)
        batch_op.create_index(
            "ix_printed_documents_receipt", ["reference", "kind", "branch_code", "desk_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("printed_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_printed_documents_receipt")
        batch_op.drop_index("ix_printed_documents_desk_day")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entries_desk_day")
