"""Staff sign-in and accounts: argon2 passwords, locked after repeated failures, managed by the branch admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from desk_app.core.entities import Actor, Staff
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.passwords import check_strength, hash_password, verify_password
from desk_app.core.permissions import Role, require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import clean_name
from desk_app.core.services.recording import append_audit, audit, snapshot
from desk_app.core.uow import UnitOfWork

MAX_FAILURES = 5
LOCK_MINUTES = 15


# A hash to verify against when the user name is unknown, so that a wrong name takes as long as a wrong password.
@cache
def _dummy_hash() -> str:
    """Made on first need, not at import: argon2 is deliberately slow, and start-up should not pay for it."""
    return hash_password("no such account")


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    display_name: str
    role: str


def sign_in(uow: UnitOfWork, username: str, password: str, desk_code: str, now: datetime) -> SignedIn:
    found = uow.staff.where(username=username.strip())
    staff = found[0] if found else None
    if staff is None or not staff.active:
        verify_password(_dummy_hash(), password)
        raise DeskError("staff.bad_credentials")
    if staff.locked_until is not None and staff.locked_until > now:
        raise DeskError("staff.locked", until=staff.locked_until.astimezone().strftime("%H:%M"))
    if not staff.password_hash:
        raise DeskError("staff.no_password")
    if not verify_password(staff.password_hash, password):
        staff.failed_attempts += 1
        if staff.failed_attempts >= MAX_FAILURES:
            staff.locked_until, staff.failed_attempts = now + timedelta(minutes=LOCK_MINUTES), 0
        uow.staff.save(staff)
        _log(uow, staff, desk_code, now, "sign_in_failed", {"locked": staff.locked_until is not None})
        uow.commit()
        raise DeskError("staff.bad_credentials")
    staff.failed_attempts, staff.locked_until = 0, None
    uow.staff.save(staff)
    _log(uow, staff, desk_code, now, "sign_in", {})
    uow.commit()
    return SignedIn(Actor(staff.id, staff.branch_code, desk_code), staff.display_name, staff.role)


def _log(uow: UnitOfWork, staff: Staff, desk_code: str, now: datetime, action: str, detail: dict[str, object]) -> None:
    actor = Actor(staff.id, staff.branch_code, desk_code)
    append_audit(uow, now, actor, action, "staff", staff.id, None, dict(detail))


def create_staff(
    uow: UnitOfWork, ctx: DeskContext, username: str, display_name: str, role: str, password: str
) -> Staff:
    """A branch administrator adds staff to their own branch; the audit names who did."""
    require(uow, ctx, "manage_staff")
    if uow.staff.where(username=username):
        raise DeskError("staff.exists", username=username)
    check_strength(password)
    member = Staff(
        new_id(),
        username,
        clean_name(display_name),
        ctx.actor.branch_code,
        Role(role).value,
        password_hash=hash_password(password),
    )
    uow.staff.add(member)
    audit(uow, ctx, "create_staff", "staff", member.id, None, snapshot(member))
    uow.commit()
    return member


def has_signing_staff(uow: UnitOfWork, branch_code: str | None = None) -> bool:
    """Whether anyone (of the branch, if named) can sign in yet: an active account with a password."""
    return any(
        staff.active and staff.password_hash and (branch_code is None or staff.branch_code == branch_code)
        for staff in uow.staff.where()
    )


def create_first_admin_of_branch(
    uow: UnitOfWork, username: str, display_name: str, branch_code: str, role: str, password: str, now: datetime
) -> Staff:
    """At the union, library IT makes each branch's first administrator; that administrator adds the rest."""
    if role != Role.ADMIN.value:
        raise DeskError("staff.first_admin_role")
    return create_first_admin(uow, username, display_name, branch_code, password, "UNION", now, branch_only=True)


def create_first_admin(
    uow: UnitOfWork,
    username: str,
    display_name: str,
    branch_code: str,
    password: str,
    desk_code: str,
    now: datetime,
    branch_only: bool = False,
) -> Staff:
    """A new desk has nobody to sign in as: the first account is its branch administrator. Refused as soon as
    anyone can sign in, so the file's mere possession never makes another administrator."""
    if has_signing_staff(uow, branch_code if branch_only else None):
        raise DeskError("staff.first_admin_exists")
    if uow.branches.get(branch_code) is None:
        raise DeskError("branch.unknown", code=branch_code)
    check_strength(password)
    found = uow.staff.where(username=username)
    member = found[0] if found else Staff(new_id(), username, clean_name(display_name), branch_code, Role.ADMIN.value)
    member.display_name, member.branch_code, member.role = clean_name(display_name), branch_code, Role.ADMIN.value
    member.password_hash, member.active, member.failed_attempts, member.locked_until = (
        hash_password(password),
        True,
        0,
        None,
    )
    if found:
        uow.staff.save(member)
    else:
        uow.staff.add(member)
    _log(uow, member, desk_code, now, "create_first_admin", snapshot(member))
    uow.commit()
    return member


def _managed(uow: UnitOfWork, ctx: DeskContext, username: str) -> Staff:
    """An account a branch administrator may manage: one of their own branch."""
    require(uow, ctx, "manage_staff")
    found = uow.staff.where(username=username)
    if not found:
        raise DeskError("staff.unknown", staff=username)
    if found[0].branch_code != ctx.actor.branch_code:
        raise DeskError("staff.other_branch", staff=username, branch=found[0].branch_code)
    return found[0]


def set_password(uow: UnitOfWork, ctx: DeskContext, username: str, password: str) -> None:
    """A branch administrator gives an account of their branch a new password (which also unlocks it)."""
    staff = _managed(uow, ctx, username)
    check_strength(password)
    staff.password_hash, staff.failed_attempts, staff.locked_until = hash_password(password), 0, None
    uow.staff.save(staff)
    audit(uow, ctx, "set_staff_password", "staff", staff.id, None, {"username": username})
    uow.commit()


def unlock(uow: UnitOfWork, ctx: DeskContext, username: str) -> None:
    staff = _managed(uow, ctx, username)
    before = {"locked_until": staff.locked_until.isoformat() if staff.locked_until else None}
    staff.failed_attempts, staff.locked_until = 0, None
    uow.staff.save(staff)
    audit(uow, ctx, "unlock_staff", "staff", staff.id, before, {"locked_until": None})
    uow.commit()
