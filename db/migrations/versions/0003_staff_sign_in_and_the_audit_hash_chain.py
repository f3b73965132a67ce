"""staff sign-in and the audit hash chain

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:40:36.823488
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _drop_triggers() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_triggers() -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def _backfill_chain() -> None:
    """Seal the records written before the chain existed, oldest first, exactly as the desk seals new ones."""
    from desk_app.core.audit_chain import seal
    from desk_app.core.entities import AuditRecord

    bind = op.get_bind()
    table = sa.table(
        "audit_log",
        *(
            sa.column(name)
            for name in (
                "id",
                "at",
                "staff_id",
                "branch_code",
                "desk_code",
                "action",
                "entity",
                "entity_id",
                "before",
                "after",
                "reason",
                "seq",
                "prev_hash",
                "hash",
            )
        ),
    )
    typed: Any = (
        sa.select(
            sa.column("id", sa.Uuid()),
            sa.column("at", db.types.UTCDateTime()),
            sa.column("staff_id", sa.Uuid()),
            sa.column("branch_code"),
            sa.column("desk_code"),
            sa.column("action"),
            sa.column("entity"),
            sa.column("entity_id"),
            sa.column("before", sa.JSON()),
            sa.column("after", sa.JSON()),
            sa.column("reason"),
        )
        .select_from(sa.table("audit_log"))
        .order_by(sa.column("at"), sa.column("id"))
    )
    previous_seq, previous_hash = 0, ""
    for row in bind.execute(typed).all():
        record = seal(AuditRecord(**row._asdict()), previous_seq, previous_hash)
        bind.execute(
            table.update()
            .where(table.c.id == row.id.hex)
            .values(seq=record.seq, prev_hash=record.prev_hash, hash=record.hash)
        )
        previous_seq, previous_hash = record.seq, record.hash


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _drop_triggers()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    _backfill_chain()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_log_seq"), ["seq"])

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    if sqlite:
        _create_triggers()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _drop_triggers()
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_attempts")
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_log_seq"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    if sqlite:
        _create_triggers()
