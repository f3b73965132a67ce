"""The children's desk for the window, Qt-free: the child's path, then the card with the guardian's consent,
their on-screen signature kept with it, and the authorisation printed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from desk_app.bootstrap import OpenDesk
from desk_app.core.permissions import CHILDREN_DESK_ROLES, Role
from desk_app.core.services.attachments import attach
from desk_app.core.services.children import ChildPath, child_path
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand, IssuedCard
from desk_app.core.services.print_history import PrintRecord
from desk_app.documents import deliver, fonts_for, print_server, produce, remembered_printer
from desk_app.union_desk import UnionLink, issue_in_union, run_command


@dataclass(frozen=True)
class ChildIssued:
    issued: IssuedCard
    consent_pdf: str | None  # the guardian's authorisation, printed with the signature (or for signing on paper)
    consent_print: PrintRecord | None = None  # what became of it: sent (printer, job), failed (why), or kept


@dataclass(frozen=True)
class ChildRoute:
    """Where a tapped person without a card is served: the children's path (with a guardian) or the adult form;
    and whether the signed-in member may serve them here (the children's desk alone, where the rules say so)."""

    children_path: bool
    may_serve: bool
    age: int


@dataclass
class ChildrenDesk:
    desk: OpenDesk
    ctx: DeskContext
    settings: dict[str, Any]
    link: UnionLink | None = None  # a desk in a union asks it (or its index, offline) first

    def path(self, document: DocumentInput, card_type_code: str | None = None) -> ChildPath:
        return child_path(self.ctx, document, card_type_code)

    def route(self, id_number: str) -> ChildRoute:
        path = child_path(self.ctx, DocumentInput("resident_id", id_number))
        needs = path.consent_required or path.must_accompany or path.children_desk
        with self.desk.uow() as uow:
            member = uow.staff.get(self.ctx.actor.staff_id)
        allowed = member is not None and Role(member.role) in CHILDREN_DESK_ROLES
        return ChildRoute(needs, allowed or not path.children_desk, path.age)

    def issue(self, cmd: IssueCardCommand, signature_png: bytes | None) -> ChildIssued:
        if self.link is not None and self.link.configured:
            issued: IssuedCard = issue_in_union(self.link, self.ctx, cmd)
        else:
            issued = run_command(self.desk, self.ctx, "issue_card", cmd)
        consent = None
        if cmd.guardian is not None:
            with self.desk.uow() as uow:
                guardians = uow.guardians.where(minor_reader_id=uuid.UUID(issued.reader_id))
                guardian = max(guardians, key=lambda g: (g.consent_signed_at is not None, str(g.id)))
            if signature_png:
                with self.desk.uow() as uow:
                    attach(uow, self.ctx, "guardian", str(guardian.id), "signature", signature_png)
            produced = produce(self.desk, self.ctx, "guardian-consent", issued.card_number, None, None,
                               fonts_for(self.settings))  # fmt: skip
            # To the printer remembered for consents; a failed print never undoes the card.
            printer = remembered_printer(self.settings, "guardian-consent")
            produced = deliver(self.desk, self.ctx, produced, printer, print_server(self.settings))
            return ChildIssued(issued, str(produced.path), produced.record)
        return ChildIssued(issued, consent)
