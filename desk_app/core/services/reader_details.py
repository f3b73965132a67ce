"""Changing a reader's details (in person or by a proxy) and their service password."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.core.entities import IdentityDocument
from desk_app.core.errors import DeskError
from desk_app.core.passwords import (
    check_strength,
    hash_password,
    initial_hash,
    initial_password,
    verify_reader_password,
)
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput, clean_name, clean_phone, clean_text
from desk_app.core.services.lookup import get_reader, verify_identity
from desk_app.core.services.recording import audit, changed, snapshot
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import SPECS, NumberKind

_CLEANERS: dict[str, Callable[[str], str]] = {
    "name": clean_name,
    "phone": clean_phone,
    "address": lambda v: clean_text(v, 200, "通讯地址"),
    "work_unit": lambda v: clean_text(v, 200, "工作单位/学校班级"),
}


@dataclass(frozen=True)
class Proxy:
    """Foshan 4.2.2 / 6.2.1: someone acting for the reader; both identities are checked and recorded."""

    name: str
    document: DocumentInput


def change_details(
    uow: UnitOfWork,
    ctx: DeskContext,
    reader_id: uuid.UUID,
    changes: dict[str, str],
    reader_document: DocumentInput,
    proxy: Proxy | None = None,
) -> dict[str, str]:
    """Returns the fields that actually changed, with their new values."""
    require(uow, ctx, "change_details")
    reader = get_reader(uow, reader_id)
    verify_identity(uow, ctx, reader_id, reader_document)
    proxy_record: dict[str, str] | None = None
    if proxy is not None:
        checked = proxy.document.check(ctx.today())
        proxy_record = {
            "name": clean_name(proxy.name),
            "doc_type": checked.doc_type.value,
            "doc_number": checked.number,
        }
    for field in changes:
        if field not in _CLEANERS:
            raise DeskError("reader.field_not_changeable", field=field)
    before = snapshot(reader)
    for field, value in changes.items():
        setattr(reader, field, _CLEANERS[field](value))
    old, new = changed(before, snapshot(reader))
    if not new:
        raise DeskError("reader.nothing_to_change")
    reader.updated_at = ctx.now()
    uow.readers.save(reader)
    if proxy_record is not None:
        new = {**new, "by_proxy": proxy_record}
    audit(uow, ctx, "change_details", "reader", reader.id, old, new, reason="proxy" if proxy else "in person")
    uow.commit()
    return {k: str(v) for k, v in new.items() if k != "by_proxy"}


def _default_source(uow: UnitOfWork, reader_id: uuid.UUID, shown_key: str) -> IdentityDocument:
    documents = uow.documents.where(reader_id=reader_id)
    citizen = [d for d in documents if SPECS[d.doc_type].number_kind is NumberKind.CITIZEN_NUMBER]
    return citizen[0] if citizen else next(d for d in documents if d.person_key == shown_key)


def reset_password(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID, shown: DocumentInput) -> str:
    """Foshan 6.2.2 / A.2.3: back to the last six digits of the ID number, to be changed by the reader. Returns
    a random password to tell the reader when they hold no citizen number (else "")."""
    require(uow, ctx, "reset_password")
    reader = get_reader(uow, reader_id)
    key = verify_identity(uow, ctx, reader_id, shown)
    source = _default_source(uow, reader_id, key)
    initial = initial_password(
        ctx.profile.service.default_password,
        source.number,
        SPECS[source.doc_type].number_kind is NumberKind.CITIZEN_NUMBER,
    )
    reader.password_hash = initial_hash(initial)
    reader.password_must_change = True
    reader.updated_at = ctx.now()
    uow.readers.save(reader)
    audit(uow, ctx, "reset_password", "reader", reader.id, None, {"password_must_change": True})
    uow.commit()
    return initial.value if initial.tell_reader else ""


def change_password(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID, current: str, new: str) -> None:
    require(uow, ctx, "change_password")
    reader = get_reader(uow, reader_id)
    citizen = [d.number for d in uow.documents.where(reader_id=reader_id)
               if SPECS[d.doc_type].number_kind is NumberKind.CITIZEN_NUMBER]  # fmt: skip
    if not verify_reader_password(reader.password_hash, current, citizen):
        raise DeskError("password.wrong")
    check_strength(new)
    reader.password_hash = hash_password(new)
    reader.password_must_change = False
    reader.updated_at = ctx.now()
    uow.readers.save(reader)
    audit(uow, ctx, "change_password", "reader", reader.id, None, {"password_must_change": False})
    uow.commit()
