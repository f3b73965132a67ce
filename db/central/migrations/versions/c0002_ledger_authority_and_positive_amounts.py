"""what authorised each ledger entry, and amounts that are never negative

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-23 03:45:00

c0001 creates the shared tables from the desk models as they are when it runs, so a central database made
after the desk's migration 0009 already has the column: each step here only adds what is missing.
"""

from __future__ import annotations

from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS authorised_by varchar(80) NOT NULL DEFAULT ''")
    # The kind says which way money moved; a negative amount would turn a refund into a deposit.
    op.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ck_ledger_entries_amount_positive')"
        " THEN ALTER TABLE ledger_entries ADD CONSTRAINT ck_ledger_entries_amount_positive CHECK (amount_fen > 0);"
        " END IF; END $$"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ck_ledger_entries_amount_positive")
    op.execute("ALTER TABLE ledger_entries DROP COLUMN IF EXISTS authorised_by")
