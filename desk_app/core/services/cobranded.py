"""Activating another issuer's card as a reader's card (Shenzhen 1.(5); a social security card elsewhere)."""

from __future__ import annotations

from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.core.services.external_cards import external_card
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand, IssuedCard, issue_card
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import DocumentType


def activate_external_card(
    uow: UnitOfWork,
    ctx: DeskContext,
    shown: DocumentInput,
    name: str,
    phone: str,
    issuer_code: str,
    card_number: str,
    key: bytes,
    guardian: GuardianInput | None = None,
) -> IssuedCard:
    """The holder's second-generation ID card proves the card is theirs; the card then works as their reader
    card, one person one card as always."""
    return issue_card(uow, ctx, external_issue(ctx, shown, name, phone, issuer_code, card_number, key, guardian))


def external_issue(
    ctx: DeskContext,
    shown: DocumentInput,
    name: str,
    phone: str,
    issuer_code: str,
    card_number: str,
    key: bytes,
    guardian: GuardianInput | None = None,
) -> IssueCardCommand:
    """The issue an external card's activation is: run as the `issue_card` command, so the union runs it again.
    It carries the card's lookup token and masked number, never a bank card's number."""
    issuer = ctx.profile.issuer(issuer_code)
    if DocumentType(shown.doc_type) is not DocumentType.RESIDENT_ID:
        raise DeskError("external.id_card_needed")
    return IssueCardCommand(
        name=name,
        phone=phone,
        documents=(shown,),
        card_type_code=issuer.card_type,
        external=external_card(issuer, card_number, key),
        guardian=guardian,
    )
