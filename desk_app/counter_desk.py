"""What the desk window asks for the other card paths, Qt-free: co-branded cards, online card to physical."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desk_app.bootstrap import OpenDesk
from desk_app.core.services.cobranded import activate_external_card
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssuedCard
from desk_app.core.services.lifecycle import CardOutcome, activate_physical_card
from desk_app.secrets import card_key


@dataclass
class CounterDesk:
    desk: OpenDesk
    ctx: DeskContext
    key: Callable[[], bytes] = field(default=card_key)

    def issuers(self) -> list[tuple[str, str]]:
        return [(i.code, i.name_zh) for i in self.ctx.profile.external_issuers]

    def activate_cobranded(self, id_number: str, name: str, phone: str, issuer: str, card: str) -> IssuedCard:
        bank = self.ctx.profile.issuer(issuer).kind == "bank"
        with self.desk.uow() as uow:
            return activate_external_card(
                uow,
                self.ctx,
                DocumentInput("resident_id", id_number),
                name,
                phone,
                issuer,
                card,
                self.key() if bank else b"",
            )

    def online_to_physical(self, doc_type: str, number: str, barcode: str, fee_paid_fen: int) -> CardOutcome:
        with self.desk.uow() as uow:
            return activate_physical_card(uow, self.ctx, DocumentInput(doc_type, number), barcode, None, fee_paid_fen)
