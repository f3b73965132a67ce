"""What library IT does to the union's database directly (`carddesk union init|enrol-desk|desks|staff add`),
and the service's look-ups of desks and staff sessions."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from desk_app.core.errors import DeskError
from desk_app.core.policy import Profile, load_profile
from desk_app.union import schema

ENROLMENT_VALID = timedelta(hours=72)
SESSION_VALID = timedelta(hours=12)


def engine_for(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), pool_pre_ping=True)


def digest(token: str) -> str:
    """Tokens and codes are 256 random bits: a plain SHA-256 is what to store (no dictionary to guess from)."""
    return hashlib.sha256(token.encode()).hexdigest()


def init_union(engine: Engine, profile: Profile) -> int:
    """The union's tables (created where missing) and the profile's branches; returns how many branches."""
    from sqlalchemy.orm import sessionmaker

    from db.uow import SqlUnitOfWork
    from desk_app.core.services.setup import ensure_profile_branches
    from desk_app.union.migrate import upgrade_union

    upgrade_union(engine)
    source = resources.files("desk_app.core").joinpath("profiles", f"{profile.code}.toml").read_text("utf-8")
    with engine.begin() as connection:
        statement = pg_insert(schema.profile).values(code=profile.code, source=source, loaded_at=datetime.now(UTC))
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["code"], set_={"source": source, "loaded_at": statement.excluded.loaded_at}
            )
        )
    with SqlUnitOfWork(sessionmaker(engine)) as uow:
        ensure_profile_branches(uow, profile)
        count = len(uow.branches.where())
    note_snapshot(engine)
    grant_runtime(engine)
    return count


SNAPSHOT = uuid.uuid5(uuid.NAMESPACE_URL, "carddesk-union/snapshot")


def note_snapshot(engine: Engine) -> int:
    """Rows the change log does not know yet (a union filled before it, demo data) noted once for the desks."""
    from desk_app.union.changes import note_existing

    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('carddesk-union-commands'))"))
        return note_existing(connection, SNAPSHOT)


RUNTIME_ROLE = "carddesk_union_runtime"
# What the running service may do, table by table: no DDL, and records that are history only grow.
APPEND_ONLY = (
    "audit_log", "ledger_entries", "card_events", "union_commands", "union_audit_heads", "union_sessions",
    "union_changes", "union_resolutions", "union_lookups", "union_secrets",
)  # fmt: skip
WRITABLE = (
    "branches", "staff", "guardians", "cards", "loans", "refund_requests",
    "attachments", "printed_documents", "batches", "school_classes", "sequences", "union_desks",
    "union_enrolments", "union_profile",
)  # fmt: skip
# Two records of one person merged: the record merged away and a document both held go.
DELETABLE = ("batch_rows", "readers", "identity_documents")


def grant_runtime(engine: Engine, login_role: str | None = None) -> None:
    """The service's runtime role: the tables' owner (who ran `union init`) keeps the DDL; the runtime role
    reads, inserts and updates, never deletes history, and owns nothing. A login role IT made for the service
    is made a member of it with --grant-to."""
    with engine.begin() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": RUNTIME_ROLE}).first()
        if not exists:
            connection.exec_driver_sql(f"CREATE ROLE {RUNTIME_ROLE} NOLOGIN")
        connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {RUNTIME_ROLE}")
        connection.exec_driver_sql(f"GRANT SELECT, INSERT ON {', '.join(APPEND_ONLY)} TO {RUNTIME_ROLE}")
        connection.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE ON {', '.join(WRITABLE)} TO {RUNTIME_ROLE}")
        connection.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(DELETABLE)} TO {RUNTIME_ROLE}")
        connection.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {RUNTIME_ROLE}")
        connection.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        if login_role:
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", login_role):
                raise DeskError("union.role_name", role=login_role)
            connection.exec_driver_sql(f"GRANT {RUNTIME_ROLE} TO {login_role}")


def union_profile(engine: Engine) -> Profile:
    with engine.connect() as connection:
        code = connection.execute(select(schema.profile.c.code)).scalar_one_or_none()
    if code is None:
        raise DeskError("union.not_initialised")
    return load_profile(code)


def enrol_desk(engine: Engine, branch: str, desk: str, now: datetime | None = None) -> dict[str, str]:
    """A one-time code for a desk of a branch; the desk turns it into its own credential with `join`."""
    union_profile(engine).branch(branch)
    moment = now or datetime.now(UTC)
    # Hex: typed from IT's message, and never opening with "-" (which a command line takes for an option).
    code = secrets.token_hex(24)
    expires = moment + ENROLMENT_VALID
    with engine.begin() as connection:
        connection.execute(
            insert(schema.enrolments).values(
                code_hash=digest(code), branch_code=branch, desk_code=desk, created_at=moment, expires_at=expires
            )
        )
    return {"branch": branch, "desk": desk, "code": code, "expires": expires.isoformat()}


def redeem(engine: Engine, code: str, now: datetime) -> tuple[dict[str, str], str]:
    """The code, once and before it expires, becomes the desk's token (which replaces any earlier one)."""
    token = secrets.token_urlsafe(32)
    with engine.begin() as connection:
        row = connection.execute(
            select(schema.enrolments).where(schema.enrolments.c.code_hash == digest(code)).with_for_update()
        ).first()
        if row is None or row.used_at is not None or row.expires_at < now:
            raise DeskError("union.code_invalid")
        connection.execute(
            update(schema.enrolments).where(schema.enrolments.c.code_hash == row.code_hash).values(used_at=now)
        )
        statement = pg_insert(schema.desks).values(
            id=uuid.uuid4(),
            branch_code=row.branch_code,
            desk_code=row.desk_code,
            token_hash=digest(token),
            enrolled_at=now,
        )
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["branch_code", "desk_code"],
                set_={"token_hash": statement.excluded.token_hash, "enrolled_at": now, "revoked_at": None},
            )
        )
    return {"branch": row.branch_code, "desk": row.desk_code}, token


@dataclass(frozen=True)
class EnrolledDesk:
    id: uuid.UUID
    branch_code: str
    desk_code: str


def desk_for_token(engine: Engine, token: str) -> EnrolledDesk | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(schema.desks).where(schema.desks.c.token_hash == digest(token), schema.desks.c.revoked_at.is_(None))
        ).first()
    return EnrolledDesk(row.id, row.branch_code, row.desk_code) if row else None


def revoke_desk(engine: Engine, branch: str, desk: str) -> bool:
    with engine.begin() as connection:
        done = connection.execute(
            update(schema.desks)
            .where(schema.desks.c.branch_code == branch, schema.desks.c.desk_code == desk)
            .values(revoked_at=datetime.now(UTC))
        )
    return bool(done.rowcount)


def open_session(engine: Engine, staff_id: uuid.UUID, desk: EnrolledDesk, now: datetime) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = now + SESSION_VALID
    with engine.begin() as connection:
        connection.execute(
            insert(schema.sessions).values(
                token_hash=digest(token), staff_id=staff_id, desk_id=desk.id, created_at=now, expires_at=expires
            )
        )
    return token, expires


def session_staff(engine: Engine, tokens: dict[str, str], desk: EnrolledDesk, now: datetime) -> set[uuid.UUID]:
    """Which staff members proved, at this desk, that they are present (a live session each)."""
    hashes = [digest(t) for t in tokens.values()]
    if not hashes:
        return set()
    with engine.connect() as connection:
        rows = connection.execute(
            select(schema.sessions.c.staff_id).where(
                schema.sessions.c.token_hash.in_(hashes),
                schema.sessions.c.desk_id == desk.id,
                schema.sessions.c.expires_at > now,
            )
        ).all()
    return {row.staff_id for row in rows}


def desks_report(engine: Engine) -> list[dict[str, Any]]:
    """Every desk with its last push and what it pushed that the union refused (`union desks --json`)."""
    c = schema.commands
    resolved = select(schema.resolutions.c.command_id)
    refused = (
        select(c.c.desk_id, func.count().label("refused"))
        .where(c.c.status == "refused", c.c.id.not_in(resolved))
        .group_by(c.c.desk_id)
    ).subquery()
    with engine.connect() as connection:
        rows = connection.execute(
            select(schema.desks, func.coalesce(refused.c.refused, 0).label("refused"))
            .outerjoin(refused, refused.c.desk_id == schema.desks.c.id)
            .order_by(schema.desks.c.branch_code, schema.desks.c.desk_code)
        ).all()
    return [
        {
            "branch": row.branch_code,
            "desk": row.desk_code,
            "enrolled": row.enrolled_at.isoformat(),
            "revoked": row.revoked_at.isoformat() if row.revoked_at else None,
            "last_push": row.last_push_at.isoformat() if row.last_push_at else None,
            "outbox_depth": row.outbox_depth,
            "open_conflicts": row.refused,
        }
        for row in rows
    ]


def heads_of(engine: Engine, desk: EnrolledDesk) -> list[tuple[int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(schema.audit_heads.c.seq, schema.audit_heads.c.hash)
            .where(schema.audit_heads.c.desk_id == desk.id)
            .order_by(schema.audit_heads.c.seq)
        ).all()
    return [(int(row.seq), str(row.hash)) for row in rows]


def resolve_refused(
    engine: Engine, desk: EnrolledDesk, present: set[uuid.UUID], command_id: uuid.UUID, resolution: str
) -> bool:
    """A refused command of this desk marked resolved by a staff member signed in there; False if unknown."""
    with engine.begin() as connection:
        row = connection.execute(
            select(schema.commands.c.staff_id).where(
                schema.commands.c.id == command_id,
                schema.commands.c.desk_id == desk.id,
                schema.commands.c.status == "refused",
            )
        ).first()
        if row is None or not present:
            return False
        connection.execute(
            pg_insert(schema.resolutions)
            .values(command_id=command_id, desk_id=desk.id, staff_id=next(iter(sorted(present))),
                    resolution=resolution[:40], resolved_at=datetime.now(UTC))
            .on_conflict_do_nothing()
        )  # fmt: skip
    return True
