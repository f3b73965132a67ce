"""Paying a refund: only online, because the home branch's record at the central database is the truth.

The central database is asked to accept the planned entries before this desk writes them: every deposit is
closed by one entry naming it (unique there), so of two desks paying the same deposit exactly one is
accepted, and a payment cut off anywhere is resumed with the same ids and accepted once.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from db.central.apply import Change, apply_change
from db.central.schema import central
from db.models import Base
from db.sync_codec import encode_row
from desk_app.bootstrap import OpenDesk
from desk_app.core.entities import LedgerEntry, RefundRequest
from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.core.services.refunds import (
    RefundView,
    begin_payment,
    complete_payment,
    planned_entries,
    refund_view,
    refuse_payment,
)
from desk_app.crashpoints import crashpoint
from desk_app.sync_desk import CentralLink

log = logging.getLogger(__name__)
CLAIM = uuid.UUID("0c6f3e57-2d55-4f0e-8a39-5d0f8f5f6a21")


@dataclass(frozen=True)
class Paid:
    view: RefundView
    already: bool  # paid before (a retried click, a second desk's screen): nothing was paid now


def _claim(link: CentralLink, request: RefundRequest, entries: list[LedgerEntry]) -> None:
    """All the refund's entries are accepted together or not at all. Their change ids come from the request,
    so sending them again after a cut is recognised as the same payment."""
    table = Base.metadata.tables["ledger_entries"]
    changes = [
        Change(
            uuid.uuid5(CLAIM, f"{request.id}:{entry.id}"),
            "ledger_entries",
            str(entry.id),
            "upsert",
            encode_row(table, entry),
        )
        for entry in entries
    ]
    refused: str | None = None
    with link.engine().begin() as connection:
        outcomes = [apply_change(connection, link.user, change) for change in changes]
        if "conflict" in outcomes or "deferred" in outcomes:
            refused = "conflict" if "conflict" in outcomes else "deferred"
            connection.rollback()
    if refused == "deferred":
        raise DeskError("refund.not_central")
    if refused == "conflict":
        _explain_refusal(link, entries)


def _explain_refusal(link: CentralLink, entries: list[LedgerEntry]) -> None:
    ledger, branches = central.tables["ledger_entries"], central.tables["branches"]
    ours = {e.id for e in entries}
    closes = [e.refund_of for e in entries if e.refund_of is not None]
    with link.engine().connect() as connection:
        row = connection.execute(
            select(ledger.c.at, branches.c.name, ledger.c.desk_code, ledger.c.receipt_no)
            .join(branches, branches.c.code == ledger.c.branch_code)
            .where(ledger.c.refund_of.in_(closes), ledger.c.id.not_in(ours))
            .limit(1)
        ).first()
    if row is None:
        raise DeskError("refund.not_confirmed")
    raise DeskError(
        "refund.already_refunded",
        when=row.at.strftime("%Y-%m-%d %H:%M"),
        branch=row.name,
        desk=row.desk_code,
        receipt=row.receipt_no or "-",
    )


def pay_refund(desk: OpenDesk, link: CentralLink, ctx: DeskContext, request_id: uuid.UUID) -> Paid:
    with desk.uow() as uow:
        view = refund_view(uow, ctx, request_id)
    if view.status in ("paid", "archived"):
        return Paid(view, already=True)
    link.require_online()
    with desk.uow() as uow:
        request = begin_payment(uow, ctx, request_id)
    crashpoint("refund.planned")
    # The deposit and anything else waiting go first, so the central database knows what is refunded.
    link.sync()
    try:
        _claim(link, request, planned_entries(request))
    except DeskError as err:
        if err.code == "refund.already_refunded":
            with desk.uow() as uow:
                refuse_payment(uow, ctx, request_id, err.message("zh"))
        raise
    crashpoint("refund.claimed")
    # The accepted entries come back like any other desk's: this desk's ledger is a copy of the union's.
    link.sync()
    crashpoint("refund.pulled")
    with desk.uow() as uow:
        view = complete_payment(uow, ctx, request_id)
    crashpoint("refund.completed")
    return Paid(view, already=False)
