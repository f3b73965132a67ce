"""Card events and audit records, written in the same transaction as the change they describe."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from desk_app.core.audit_chain import seal
from desk_app.core.entities import Actor, AuditRecord, Card, CardEvent, CardStatus
from desk_app.core.ids import new_id
from desk_app.core.privacy import mask_payload
from desk_app.core.services.context import DeskContext
from desk_app.core.uow import UnitOfWork

_SECRET_FIELDS = frozenset({"password_hash"})


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """A JSON-ready picture of a record for the audit log; secrets are never copied into it."""
    return {
        f.name: ("***" if f.name in _SECRET_FIELDS else _plain(getattr(obj, f.name))) for f in dataclasses.fields(obj)
    }


def append_audit(
    uow: UnitOfWork,
    at: datetime,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> None:
    record = AuditRecord(
        id=new_id(),
        at=at,
        staff_id=actor.staff_id,
        branch_code=actor.branch_code,
        desk_code=actor.desk_code,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        # Audit records are kept for years and exported: personal values are stored masked.
        before=mask_payload(before),
        after=mask_payload(after),
        reason=reason,
    )
    uow.audit.add(seal(record, *uow.audit_head()))


def audit(
    uow: UnitOfWork,
    ctx: DeskContext,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> None:
    append_audit(uow, ctx.now(), ctx.actor, action, entity, entity_id, before, after, reason)


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, so that an audit record says what changed and nothing else."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_event(
    uow: UnitOfWork,
    ctx: DeskContext,
    card: Card,
    kind: str,
    from_status: CardStatus | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """A card's history: every transition, and every change made to a card, as an event."""
    uow.events.add(
        CardEvent(
            id=new_id(),
            card_id=card.id,
            kind=kind,
            from_status=from_status,
            to_status=card.status,
            at=ctx.now(),
            staff_id=ctx.actor.staff_id,
            branch_code=ctx.actor.branch_code,
            desk_code=ctx.actor.desk_code,
            detail=_plain(detail or {}),
            card_type_code=card.card_type_code,
            age_at_first_issue=card.age_at_first_issue,
            first_document_type=card.first_document_type,
        )
    )


def move_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    card: Card,
    kind: str,
    to_status: CardStatus,
    detail: dict[str, Any] | None = None,
) -> None:
    """Change a card's status, and record the event and the audit record with it."""
    before = snapshot(card)
    from_status = card.status
    card.status = to_status
    uow.cards.save(card)
    record_event(uow, ctx, card, kind, from_status, detail)
    old, new = changed(before, snapshot(card))
    audit(uow, ctx, kind, "card", card.id, old, new, reason=str((detail or {}).get("reason", "")))
