"""The central schema: the desk tables the union shares (the same columns as a desk's), and the tables
that keep the union's rules and the change log desks pull from.

Rules that must not be raced live in constraints here, not in desk code: one live card per person (the
primary key of person_cards, one row per identity-document person key), one owner per barcode and chip
UID (unique columns of cards), one refund per deposit (unique ledger_entries.refund_of), and each pushed
change applied once (the primary key of applied_changes).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from db.models import Base
from db.sync_codec import SYNCED_TABLES
from db.types import NAMING_CONVENTION

# The synced tables, and the branches `central init` loads; each desk's audit chain goes to desk_audit instead.
SHARED = ("branches", *(name for name in SYNCED_TABLES if name != "audit_log"))

central = MetaData(naming_convention=NAMING_CONVENTION)
for name in SHARED:
    Base.metadata.tables[name].to_metadata(central)

# The union's rules as the desks run them: each profile's TOML, as `central init` last loaded it.
policies = Table(
    "policies",
    central,
    Column("code", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

desks = Table(
    "desks",
    central,
    Column("role", String(63), primary_key=True),  # the PostgreSQL login role this desk connects as
    Column("branch_code", String(20), ForeignKey("branches.code"), nullable=False),
    Column("desk_code", String(20), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

applied_changes = Table(
    "applied_changes",
    central,
    Column("change_id", Uuid, primary_key=True),
    Column("desk_role", String(63), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(20), nullable=False),  # applied | conflict
)

# A single row, incremented under its row lock in the transaction that logs a change: sequence numbers are
# gap-free and become visible in order (a SEQUENCE would leave gaps on rollback and commit out of order).
sync_counter = Table("sync_counter", central, Column("id", Integer, primary_key=True), Column("value", BigInteger))

change_log = Table(
    "change_log",
    central,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("change_id", Uuid, nullable=False, unique=True),
    Column("desk_role", String(63), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(80), nullable=False),
    Column("op", String(10), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("logged_at", DateTime(timezone=True), nullable=False),
)

person_cards = Table(
    "person_cards",
    central,
    Column("person_key", String(80), primary_key=True),
    Column("card_id", Uuid, ForeignKey("cards.id"), nullable=False, index=True),
)

conflicts = Table(
    "conflicts",
    central,
    Column("change_id", Uuid, primary_key=True),
    Column("desk_role", String(63), nullable=False, index=True),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(80), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolution", String(40), nullable=False, server_default=""),
)

desk_audit = Table(
    "desk_audit",
    central,
    Column("id", Uuid, primary_key=True),
    Column("desk_role", String(63), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("payload", JSONB, nullable=False),
)

# Search at union scale: card number and document number are unique-ish btree look-ups already; phone and
# the start or any part of a name use trigram indexes (pg_trgm), so 王 or 小明 finds 王小明 among millions.
Index("ix_readers_name_trgm", central.tables["readers"].c.name, postgresql_using="gin",
      postgresql_ops={"name": "gin_trgm_ops"})  # fmt: skip
Index("ix_readers_phone_trgm", central.tables["readers"].c.phone, postgresql_using="gin",
      postgresql_ops={"phone": "gin_trgm_ops"})  # fmt: skip
Index("ix_change_log_desk", change_log.c.desk_role)
