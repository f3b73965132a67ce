"""The use cases a desk pushes to the union as commands: their names, and their inputs to and from JSON.

A command is the use case's name and its inputs (frozen dataclasses of plain values), the staff member and
the moment it ran, and the numbers the desk drew from its own sequences (card and receipt numbers). Run again
with the same inputs, at the same moment, drawing the same numbers and ids (`ids.ids_of_command`), a use case
gives the same rows: the union writes only what its own rules write for that staff member at that desk.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import functools
import types
import typing
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from desk_app.core.batch import approval, importing, school_classes
from desk_app.core.entities import LedgerKind
from desk_app.core.services import (
    attachments,
    deposits,
    fines,
    issue,
    lifecycle,
    merge,
    reader_details,
    refunds,
)
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.uow import UnitOfWork


def to_json(value: Any) -> Any:
    """Inputs as JSON: dataclasses as objects, dates as ISO text, enums as their values, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime | uuid.UUID):
        return value.isoformat() if not isinstance(value, uuid.UUID) else str(value)
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    """A dataclass's fields and their types (resolved once: a push decodes thousands of inputs)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def from_json(kind: Any, data: Any) -> Any:
    """The inverse of to_json for the input types of the use cases (their annotations say what to build)."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if data is None:
            return None
        for option in options:
            try:
                return from_json(option, data)
            except (TypeError, ValueError):
                continue
        raise ValueError(f"no type of {kind} fits {data!r}")
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError(f"a list wanted, not {data!r}")
        args = typing.get_args(kind)
        if Ellipsis in args:
            return tuple(from_json(args[0], x) for x in data)
        if len(args) != len(data):
            raise ValueError(f"{len(args)} values wanted, not {len(data)}")
        return tuple(from_json(item, x) for item, x in zip(args, data, strict=True))
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(data, dict):
            raise TypeError(f"{kind.__name__} wants an object")
        hints = _hints(kind)
        unknown = set(data) - hints.keys()
        if unknown:
            raise ValueError(f"unknown fields for {kind.__name__}: {sorted(unknown)}")
        return kind(**{name: from_json(hints[name], value) for name, value in data.items()})
    if kind is bytes:
        if not isinstance(data, str):
            raise TypeError(f"base64 text wanted, not {data!r}")
        return base64.b64decode(data, validate=True)
    if kind is date:
        return date.fromisoformat(data)
    if kind is datetime:
        return datetime.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(data)
    if kind in (str, int, bool, float):
        if not isinstance(data, kind) or (kind in (int, float) and isinstance(data, bool)):
            raise TypeError(f"{kind.__name__} wanted, not {data!r}")
        return data
    raise TypeError(f"cannot read {kind!r}")


@dataclasses.dataclass(frozen=True)
class CardRef:
    card: str


@dataclasses.dataclass(frozen=True)
class CardAndDocument:
    card: str
    shown: DocumentInput


@dataclasses.dataclass(frozen=True)
class CardBinding:
    """A physical card from stock for a virtual (online or document) card: found by its number, or by the
    reader's document shown (`shown`, when `card` is empty)."""

    card: str
    barcode: str
    chip_uid: str | None = None
    fee_paid_fen: int = 0
    shown: DocumentInput | None = None


def _bind(uow: UnitOfWork, ctx: DeskContext, i: CardBinding) -> lifecycle.CardOutcome:
    if i.card:
        return lifecycle.bind_physical_card(uow, ctx, i.card, i.barcode, i.chip_uid, i.fee_paid_fen)
    if i.shown is None:
        raise ValueError("a binding names its card or the reader's document")
    return lifecycle.activate_physical_card(uow, ctx, i.shown, i.barcode, i.chip_uid, i.fee_paid_fen)


@dataclasses.dataclass(frozen=True)
class Replacement:
    card: str
    shown: DocumentInput
    new_barcode: str
    new_chip_uid: str | None = None
    fee_paid_fen: int = 0


@dataclasses.dataclass(frozen=True)
class MoneyTaken:
    card: str
    kind: str  # deposit_taken | pre_deposit
    amount_fen: int
    against_policy: str = ""


@dataclasses.dataclass(frozen=True)
class RefundStep:
    request: str  # the refund request's id


@dataclasses.dataclass(frozen=True)
class RefundApproval:
    request: str
    supervisor: str = ""  # a legacy card's supervisor, who must be present (signed in at this desk)


@dataclasses.dataclass(frozen=True)
class RefundClosing:
    request: str
    text: str = ""  # the paper archive number (archive), or why it was withdrawn (withdraw)


@dataclasses.dataclass(frozen=True)
class Attaching:
    owner: str
    owner_id: str
    kind: str
    content: bytes


@dataclasses.dataclass(frozen=True)
class PhoneLoss:
    card: str
    caller: str
    asked: tuple[str, ...]
    correct: int


@dataclasses.dataclass(frozen=True)
class DetailsChange:
    reader: str  # the reader's id
    changes: tuple[tuple[str, str], ...]  # (field, new value)
    shown: DocumentInput
    proxy_name: str = ""
    proxy_document: DocumentInput | None = None


@dataclasses.dataclass(frozen=True)
class PasswordReset:
    reader: str
    shown: DocumentInput


@dataclasses.dataclass(frozen=True)
class PreDepositBack:
    card: str
    amount_fen: int | None = None  # None: the whole balance


@dataclasses.dataclass(frozen=True)
class FinePaid:
    loan: str
    amount_fen: int
    from_pre_deposit: bool = False


@dataclasses.dataclass(frozen=True)
class ConsentArrived:
    card: str
    received_from: str
    # The guardian's own document as tapped or typed, and how they are related (asked since the desk checks
    # the guardian against the one listed; commands queued before carry neither).
    document: DocumentInput | None = None
    relationship: str = ""


def _change_details(uow: UnitOfWork, ctx: DeskContext, i: DetailsChange) -> dict[str, str]:
    proxy = reader_details.Proxy(i.proxy_name, i.proxy_document) if i.proxy_document is not None else None
    return reader_details.change_details(uow, ctx, uuid.UUID(i.reader), dict(i.changes), i.shown, proxy)


@dataclasses.dataclass(frozen=True)
class ReaderMerge:
    keep: str
    merge: str
    reason: str


@dataclasses.dataclass(frozen=True)
class BatchRowEdit:
    batch: str
    row: int
    changes: tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True)
class BatchRowNote:
    batch: str
    row: int
    reason: str = ""  # why a supervisor accepts a row in review (confirm)


@dataclasses.dataclass(frozen=True)
class BatchApproval:
    batch: str
    rows: tuple[int, ...] | None  # None: every accepted row
    close: bool  # the batch is marked approved


@dataclasses.dataclass(frozen=True)
class SchoolClassChange:
    school: str
    class_name: str
    grade: str = ""


def _approve(uow: UnitOfWork, ctx: DeskContext, i: BatchApproval) -> dict[str, int]:
    rows = None if i.rows is None else list(i.rows)
    return approval.approve(uow, ctx, uuid.UUID(i.batch), rows, i.close)


@dataclasses.dataclass(frozen=True)
class Command:
    name: str
    inputs: Any


@dataclasses.dataclass(frozen=True)
class Handler:
    inputs: type
    run: Callable[[UnitOfWork, DeskContext, Any], Any]
    # What many runs of it read, all at once: (load, [(inputs, day it ran)]); the union reads it up front.
    reads: Callable[[issue.Load, list[tuple[Any, date]]], None] | None = None


HANDLERS: dict[str, Handler] = {
    "issue_card": Handler(
        issue.IssueCardCommand, lambda uow, ctx, i: issue.issue_card(uow, ctx, i), issue.read_for_issues
    ),
    "report_loss": Handler(CardRef, lambda uow, ctx, i: lifecycle.report_loss(uow, ctx, i.card)),
    "restore_card": Handler(CardAndDocument, lambda uow, ctx, i: lifecycle.restore_card(uow, ctx, i.card, i.shown)),
    "cancel_card": Handler(CardAndDocument, lambda uow, ctx, i: lifecycle.cancel_card(uow, ctx, i.card, i.shown)),
    "replace_card": Handler(
        Replacement,
        lambda uow, ctx, i: lifecycle.replace_card(
            uow, ctx, i.card, i.shown, i.new_barcode, i.new_chip_uid, i.fee_paid_fen
        ),
    ),
    "bind_physical_card": Handler(CardBinding, _bind),
    "apply_refund": Handler(refunds.RefundApplication, lambda uow, ctx, i: refunds.apply_for_refund(uow, ctx, i)),
    "approve_refund": Handler(
        RefundApproval,
        lambda uow, ctx, i: refunds.approve_refund(uow, ctx, uuid.UUID(i.request), supervisor_present=i.supervisor),
    ),
    "pay_refund": Handler(RefundStep, lambda uow, ctx, i: refunds.settle_refund(uow, ctx, uuid.UUID(i.request))),
    "archive_refund": Handler(
        RefundClosing, lambda uow, ctx, i: refunds.archive_refund(uow, ctx, uuid.UUID(i.request), i.text)
    ),
    "withdraw_refund": Handler(
        RefundClosing, lambda uow, ctx, i: refunds.withdraw_refund(uow, ctx, uuid.UUID(i.request), i.text)
    ),
    "attach": Handler(
        Attaching, lambda uow, ctx, i: str(attachments.attach(uow, ctx, i.owner, i.owner_id, i.kind, i.content).id)
    ),
    "report_loss_by_phone": Handler(
        PhoneLoss,
        lambda uow, ctx, i: lifecycle.report_loss_by_phone(uow, ctx, i.card, i.caller, list(i.asked), i.correct),
    ),
    "change_details": Handler(DetailsChange, _change_details),
    "reset_password": Handler(
        PasswordReset, lambda uow, ctx, i: reader_details.reset_password(uow, ctx, uuid.UUID(i.reader), i.shown)
    ),
    "refund_pre_deposit": Handler(
        PreDepositBack, lambda uow, ctx, i: deposits.refund_pre_deposit(uow, ctx, i.card, i.amount_fen)
    ),
    "pay_fine": Handler(
        FinePaid, lambda uow, ctx, i: fines.pay_fine(uow, ctx, uuid.UUID(i.loan), i.amount_fen, i.from_pre_deposit)
    ),
    "record_consent": Handler(
        ConsentArrived,
        lambda uow, ctx, i: (
            approval.record_consent(uow, ctx, i.card, i.received_from, i.document, i.relationship).number
        ),
    ),
    "merge_readers": Handler(
        ReaderMerge,
        lambda uow, ctx, i: merge.merge_readers(uow, ctx, uuid.UUID(i.keep), uuid.UUID(i.merge), i.reason),
    ),
    # Only the batch's id comes back: the outcome of every row (with its ID number) stays with the batch.
    "import_batch": Handler(importing.ListToImport, lambda uow, ctx, i: importing.import_list(uow, ctx, i).batch_id),
    "edit_batch_row": Handler(
        BatchRowEdit,
        lambda uow, ctx, i: approval.edit_row(uow, ctx, uuid.UUID(i.batch), i.row, dict(i.changes)).status,
    ),
    "confirm_batch_row": Handler(
        BatchRowNote, lambda uow, ctx, i: approval.confirm_row(uow, ctx, uuid.UUID(i.batch), i.row, i.reason).status
    ),
    "delete_batch_row": Handler(
        BatchRowNote, lambda uow, ctx, i: approval.delete_row(uow, ctx, uuid.UUID(i.batch), i.row)
    ),
    "approve_batch": Handler(BatchApproval, _approve),
    "add_school_class": Handler(
        SchoolClassChange,
        lambda uow, ctx, i: str(school_classes.add_class(uow, ctx, i.school, i.grade, i.class_name).id),
    ),
    "remove_school_class": Handler(
        SchoolClassChange, lambda uow, ctx, i: school_classes.remove_class(uow, ctx, i.school, i.class_name)
    ),
    "take_money": Handler(
        MoneyTaken,
        lambda uow, ctx, i: deposits.take(uow, ctx, LedgerKind(i.kind), i.card, i.amount_fen, i.against_policy),
    ),
}


def decode(name: str, inputs: Any) -> Command:
    handler = HANDLERS.get(name)
    if handler is None:
        raise ValueError(f"unknown command {name!r}")
    return Command(name, from_json(handler.inputs, inputs))


def run(uow: UnitOfWork, ctx: DeskContext, command: Command) -> Any:
    return to_json(HANDLERS[command.name].run(uow, ctx, command.inputs))
