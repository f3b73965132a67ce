"""The union's database: the desk tables (the same models the core's unit of work reads and writes), and the
service's own tables for desks, their one-time codes, staff sessions and the commands desks pushed."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from db.types import NAMING_CONVENTION

service = MetaData(naming_convention=NAMING_CONVENTION)

desks = Table(
    "union_desks",
    service,
    Column("id", Uuid, primary_key=True),
    Column("branch_code", String(20), nullable=False),
    Column("desk_code", String(20), nullable=False),
    # SHA-256 of the desk's random token: the token itself lives only in the desk's keyring.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_push_at", DateTime(timezone=True)),
    # What the desk said was still queued at its last push.
    Column("outbox_depth", Integer, nullable=False, default=0),
    UniqueConstraint("branch_code", "desk_code"),
)

# Each push carries the head of the desk's audit chain; the union keeps them all (append-only), so a desk whose
# chain was cut short or hashed anew no longer matches what the union saw.
audit_heads = Table(
    "union_audit_heads",
    service,
    Column("desk_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("hash", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

enrolments = Table(
    "union_enrolments",
    service,
    Column("code_hash", String(64), primary_key=True),
    Column("branch_code", String(20), nullable=False),
    Column("desk_code", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

sessions = Table(
    "union_sessions",
    service,
    Column("token_hash", String(64), primary_key=True),
    Column("staff_id", Uuid, nullable=False),
    Column("desk_id", Uuid, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

commands = Table(
    "union_commands",
    service,
    Column("id", Uuid, primary_key=True),  # the desk's command id: a command is applied once
    Column("desk_id", Uuid, nullable=False, index=True),
    Column("staff_id", Uuid, nullable=False),
    Column("name", String(40), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),  # applied | refused
    Column("code", String(80), nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    Column("result", JSON, nullable=False),
)

profile = Table(
    "union_profile",
    service,
    Column("code", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

# What each applied command changed, in commit order (batches take turns, so the numbering has no gaps a
# later commit could fill): a desk pulls the rows named here that are in its scope, as they are now.
changes = Table(
    "union_changes",
    service,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("command_id", Uuid, nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(120), nullable=False),
    # The branch whose desks hold the row: the reader's home branch for a reader's rows, else the row's own.
    Column("branch_code", String(20)),
    Column("reader_id", Uuid),
    Index("ix_union_changes_scope", "branch_code", "seq"),
    Index("ix_union_changes_reader", "reader_id"),
    Index("ix_union_changes_command", "command_id"),
)

# How staff resolved a command the union refused (append-only): `union desks` counts what is still open.
resolutions = Table(
    "union_resolutions",
    service,
    Column("command_id", Uuid, primary_key=True),
    Column("desk_id", Uuid, nullable=False),
    Column("staff_id", Uuid, nullable=False),
    Column("resolution", String(40), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=False),
)

# Every look at a reader through the service (a search, a full-details view with its reason, a reader
# fetched to serve at a desk), append-only: the data-protection officer's record of who saw whom, where.
lookups = Table(
    "union_lookups",
    service,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("desk_id", Uuid, nullable=False),
    Column("staff_id", Uuid, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(20), nullable=False),  # search | details | serve
    Column("reader_id", Uuid),
    Column("reason", String(200), nullable=False, default=""),
    Index("ix_union_lookups_served", "desk_id", "kind", "at"),
)

# The union's own secrets (the person index's key); the runtime role reads them and adds a missing one.
secrets = Table(
    "union_secrets",
    service,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)
