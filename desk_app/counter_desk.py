"""What the desk window asks for the other card paths, Qt-free: co-branded cards, online card to physical."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desk_app.bootstrap import OpenDesk
from desk_app.core.clock import age_on
from desk_app.core.commands import Attaching, CardBinding
from desk_app.core.eligibility import card_type_for_document
from desk_app.core.services.cobranded import external_issue
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand, IssuedCard
from desk_app.core.services.lifecycle import CardOutcome
from desk_app.core.services.print_history import PrintRecord
from desk_app.secrets import card_key
from desk_app.union_desk import UnionLink, issue_in_union, run_command
from devices.idcard.text_block import IdCardRecord
from forms.identity_documents import DocumentType


@dataclass
class CounterDesk:
    desk: OpenDesk
    ctx: DeskContext
    key: Callable[[], bytes] = field(default=card_key)
    link: UnionLink | None = None  # a desk in a union: asked first, one person one card
    settings: dict[str, Any] = field(default_factory=dict)

    def issuers(self) -> list[tuple[str, str]]:
        return [(i.code, i.name_zh) for i in self.ctx.profile.external_issuers]

    def activate_cobranded(
        self, id_number: str, name: str, phone: str, issuer: str, card: str, guardian: GuardianInput | None = None
    ) -> IssuedCard:
        """`guardian`: a minor's (a pupil's social security card), who consents as at any other issue. Run as the
        `issue_card` command (in a union, the union asked first), as any card issued at this desk."""
        bank = self.ctx.profile.issuer(issuer).kind == "bank"
        shown = DocumentInput("resident_id", id_number)
        cmd = external_issue(self.ctx, shown, name, phone, issuer, card, self.key() if bank else b"", guardian)
        if self.link is not None and self.link.configured:
            issued: IssuedCard = issue_in_union(self.link, self.ctx, cmd)
        else:
            issued = run_command(self.desk, self.ctx, "issue_card", cmd)
        return issued

    def online_to_physical(self, doc_type: str, number: str, barcode: str, fee_paid_fen: int) -> CardOutcome:
        """Queued for the union as any card change: another desk then finds the card by its new barcode."""
        binding = CardBinding("", barcode, None, fee_paid_fen, DocumentInput(doc_type, number))
        done: CardOutcome = run_command(self.desk, self.ctx, "bind_physical_card", binding)
        return done

    def print_registration(self, card_number: str) -> Any:
        """The registration form of a card just issued, for the reader to sign, sent to the printer remembered
        for it; the answer (a Produced) says what became of it: sent with its job, failed with why, or only
        kept when no printer is chosen yet."""
        from desk_app.documents import deliver, fonts_for, print_server, produce, remembered_printer

        produced = produce(self.desk, self.ctx, "registration", card_number, None, None, fonts_for(self.settings))
        printer = remembered_printer(self.settings, "registration")
        return deliver(self.desk, self.ctx, produced, printer, print_server(self.settings))

    def card_types(self) -> list[tuple[str, str]]:
        return [(t.code, t.name_zh) for t in self.ctx.profile.card_types]

    def card_type_for(self, doc_type: str, birth: date | None) -> str | None:
        """The card type the form selects for this document (and age, once the birth date is known)."""
        age = age_on(birth, self.ctx.today()) if birth is not None else None
        found = card_type_for_document(self.ctx.profile, DocumentType(doc_type), age)
        return found.code if found is not None else None

    def issue_from_id_card(self, record: IdCardRecord, phone: str, card_type_code: str | None) -> IssuedCard:
        """The adult intake after a tap: the card's data as read, the phone the reader confirms, the card type.
        In a union the union is asked first (online), or its keyed index (offline)."""
        kind = {
            "resident_id": DocumentType.RESIDENT_ID,
            "foreign_permanent_resident": DocumentType.FOREIGN_PERMANENT_RESIDENCE,
            "hk_macau_taiwan_permit": DocumentType.HMT_RESIDENCE_PERMIT,
        }[record.document_type.value]
        document = DocumentInput(kind, record.id_number, record.valid_until, record.nationality or None)
        cmd = IssueCardCommand(
            name=record.name,
            phone=phone,
            documents=(document,),
            card_type_code=card_type_code,
            birth_date=record.birth_date,
            address=record.address,
        )
        if self.link is not None and self.link.configured:
            issued: IssuedCard = issue_in_union(self.link, self.ctx, cmd)
        else:
            issued = run_command(self.desk, self.ctx, "issue_card", cmd)
        if record.photo_bmp:
            # The vendor's decoder gave the card's photo: kept as the reader's, printed on the form; no camera.
            run_command(self.desk, self.ctx, "attach", Attaching("reader", issued.reader_id, "photo",
                                                                  png_of_bmp(record.photo_bmp)))  # fmt: skip
        return issued


def png_of_bmp(bmp: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(bmp)) as picture:
        picture.save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class OtherDocumentIssued:
    issued: IssuedCard
    registration_pdf: str
    registration_print: PrintRecord | None = None  # sent (printer, job), failed (why), or only kept


def issue_with_other_document(
    counter: CounterDesk, cmd: IssueCardCommand, photo: bytes | None, settings: dict[str, Any] | None = None
) -> OtherDocumentIssued:
    """The "一卡通" path: typed or MRZ-read details, a card from card stock (barcode and chip), the photo kept
    with the reader, and the registration form printed for signing."""
    from desk_app.core.services.attachments import attach
    from desk_app.documents import deliver, fonts_for, print_server, produce, remembered_printer

    if counter.link is not None and counter.link.configured:
        issued: IssuedCard = issue_in_union(counter.link, counter.ctx, cmd)
    else:
        issued = run_command(counter.desk, counter.ctx, "issue_card", cmd)
    if photo:
        with counter.desk.uow() as uow:
            attach(uow, counter.ctx, "reader", issued.reader_id, "photo", photo)
    produced = produce(
        counter.desk,
        counter.ctx,
        "registration",
        issued.card_number,
        None,
        None,
        fonts_for(settings or counter.settings),
    )
    # To the registration printer remembered; a failed print never undoes the card.
    chosen = settings or counter.settings
    produced = deliver(counter.desk, counter.ctx, produced, remembered_printer(chosen, "registration"),
                       print_server(chosen))  # fmt: skip
    return OtherDocumentIssued(issued, str(produced.path), produced.record)
