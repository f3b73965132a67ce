"""Bringing a desk database in line with its library profile: branches and staff."""

from __future__ import annotations

from desk_app.core.entities import Branch, Staff
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.policy import Profile
from desk_app.core.services.inputs import clean_name
from desk_app.core.uow import UnitOfWork

ROLES = ("counter", "children", "deposit", "supervisor", "admin")


def ensure_profile_branches(uow: UnitOfWork, profile: Profile) -> list[Branch]:
    """Add the profile's member libraries that the database does not know yet; idempotent."""
    added = []
    for branch in profile.branches:
        if uow.branches.get(branch.code) is None:
            uow.branches.add(Branch(branch.code, branch.name))
            added.append(branch)
    uow.commit()
    return added


def add_staff(uow: UnitOfWork, username: str, display_name: str, branch_code: str, role: str) -> Staff:
    if uow.branches.get(branch_code) is None:
        raise DeskError("branch.unknown", code=branch_code)
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    existing = uow.staff.where(username=username)
    if existing:
        return existing[0]
    member = Staff(new_id(), username, clean_name(display_name), branch_code, role)
    uow.staff.add(member)
    uow.commit()
    return member


def list_branches(uow: UnitOfWork) -> list[Branch]:
    return sorted(uow.branches.where(), key=lambda b: b.code)
