"""the central schema, its rules, and what a desk role may do

Revision ID: c0001
Revises:
Create Date: 2026-11-23 01:00:00
"""

from __future__ import annotations

from alembic import op

from db.central.schema import central

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None

DESK = "carddesk_desk"
READ = [
    "branches", "readers", "identity_documents", "guardians", "cards", "card_events", "loans",
    "ledger_entries", "change_log", "person_cards", "desks", "applied_changes", "sync_counter",
    "batches", "batch_rows", "policies",
]  # fmt: skip
STAFF_VISIBLE = "id, username, display_name, branch_code, role, active, failed_attempts, locked_until"


def upgrade() -> None:
    bind = op.get_bind()
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The first schema is the models' tables as they are at this revision; later revisions alter them.
    central.create_all(bind)
    op.execute("INSERT INTO sync_counter (id, value) VALUES (1, 0)")
    # Chinese names are two or three characters, too short for trigrams: index every one- and two-character
    # piece of a name, so 明 or 小明 finds 王小明 among millions with one GIN look-up.
    op.execute(
        "CREATE FUNCTION carddesk_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        "SELECT coalesce(array_agg(DISTINCT substr(t, i, n)), '{}') FROM generate_series(1, length(t)) AS i, "
        "(VALUES (1), (2)) AS v(n) WHERE i + n - 1 <= length(t) $$"
    )
    op.execute("CREATE INDEX ix_readers_name_grams ON readers USING gin (carddesk_grams(name))")
    op.execute("CREATE INDEX ix_readers_name_prefix ON readers (name varchar_pattern_ops)")
    op.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carddesk_desk') THEN "
        "CREATE ROLE carddesk_desk NOLOGIN; END IF; END $$"
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {DESK}")
    op.execute(f"GRANT SELECT ON {', '.join(READ)} TO {DESK}")
    # A desk never reads password hashes: it may add its staff, and see who they are, nothing more.
    op.execute(f"GRANT SELECT ({STAFF_VISIBLE}) ON staff TO {DESK}")
    op.execute(f"GRANT INSERT ON staff TO {DESK}")
    op.execute(
        f"GRANT INSERT, UPDATE ON readers, identity_documents, guardians, cards, loans, batches, batch_rows TO {DESK}"
    )
    # Append-only: events, money, the audit journal and the change log are written once and never changed.
    op.execute(f"GRANT INSERT ON card_events, ledger_entries, desk_audit, change_log, applied_changes TO {DESK}")
    op.execute(f"GRANT UPDATE ON sync_counter TO {DESK}")
    op.execute(f"GRANT UPDATE (outcome) ON applied_changes TO {DESK}")
    op.execute("ALTER TABLE applied_changes ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY applied_read ON applied_changes FOR SELECT TO {DESK} USING (true)")
    op.execute(
        f"CREATE POLICY applied_own ON applied_changes FOR INSERT TO {DESK} WITH CHECK (desk_role = session_user)"
    )
    op.execute(
        f"CREATE POLICY applied_own_update ON applied_changes FOR UPDATE TO {DESK} "
        "USING (desk_role = session_user) WITH CHECK (desk_role = session_user)"
    )
    op.execute(f"GRANT INSERT, DELETE ON person_cards TO {DESK}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON conflicts TO {DESK}")
    op.execute(
        "CREATE FUNCTION carddesk_desk_code() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public AS $$ SELECT desk_code FROM desks WHERE role = session_user $$"
    )
    op.execute(
        "CREATE FUNCTION carddesk_desk_branch() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public AS $$ SELECT branch_code FROM desks WHERE role = session_user $$"
    )
    # Money a desk writes is its own: its branch, its desk code. (No UPDATE or DELETE is granted at all.)
    op.execute("ALTER TABLE ledger_entries ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY ledger_read ON ledger_entries FOR SELECT TO {DESK} USING (true)")
    op.execute(
        f"CREATE POLICY ledger_own_desk ON ledger_entries FOR INSERT TO {DESK} "
        "WITH CHECK (desk_code = carddesk_desk_code() AND branch_code = carddesk_desk_branch())"
    )
    # A desk sees and resolves the conflicts of its own changes.
    op.execute("ALTER TABLE conflicts ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY conflicts_own ON conflicts TO {DESK} "
        "USING (desk_role = session_user) WITH CHECK (desk_role = session_user)"
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS carddesk_desk_code(), carddesk_desk_branch() CASCADE")
    op.execute("DROP FUNCTION IF EXISTS carddesk_grams(text) CASCADE")
    central.drop_all(op.get_bind())
