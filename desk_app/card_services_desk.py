"""Card services for the desk window, Qt-free: preview an action, then do it (loss, restore, cancel,
replace with its fee and receipt, change details in person or by a proxy, password reset, a guardian's
consent for a card waiting for it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from desk_app.bootstrap import OpenDesk
from desk_app.core.commands import (
    Attaching,
    CardAndDocument,
    CardBinding,
    CardRef,
    ConsentArrived,
    DetailsChange,
    PasswordReset,
    Replacement,
)
from desk_app.core.entities import LedgerKind
from desk_app.core.services.audit_log import ReaderDetails, view_reader_details
from desk_app.core.services.card_preview import ActionPreview, preview
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.lookup import find_card
from desk_app.core.services.print_history import PrintRecord
from desk_app.core.services.reader_details import Proxy
from desk_app.core.services.reader_page import ReaderPage, reader_id_of, reader_page
from desk_app.documents import deliver, fonts_for, print_server, produce, remembered_printer
from desk_app.union_desk import run_command


@dataclass(frozen=True)
class ServiceDone:
    action: str
    card_number: str
    status: str
    fee_fen: int = 0
    receipt_no: str | None = None
    receipt_pdf: str | None = None
    changed: dict[str, str] = field(default_factory=dict)
    # A random password to tell the reader (a reader with no citizen number), shown once.
    initial_password: str = ""
    receipt_print: PrintRecord | None = None  # what became of the receipt: kept, sent (printer, job) or failed
    scan_kept: bool = False  # the signed authorisation's scan was kept with the guardian


@dataclass(frozen=True)
class GuardianConsent:
    """Who brought the signed authorisation (their document is the action's document) and its scan."""

    name: str
    relationship: str
    scan: bytes | None = None


@dataclass
class CardServices:
    desk: OpenDesk
    ctx: DeskContext
    settings: dict[str, Any] = field(default_factory=dict)

    def page(self, reader_ref: str) -> ReaderPage:
        """The reader's page: masked, with the actions that fit the current card."""
        with self.desk.uow() as uow:
            return reader_page(uow, self.ctx, reader_ref)

    def details(self, reader_ref: str, reason: str) -> ReaderDetails:
        """The full details, with the reason the clerk gave; every showing is in the audit log."""
        with self.desk.uow() as uow:
            return view_reader_details(uow, self.ctx, reader_id_of(uow, reader_ref), reason)

    def preview(self, card: str, action: str) -> ActionPreview:
        with self.desk.uow() as uow:
            return preview(uow, self.ctx, card, action)

    def _reader_id(self, card: str) -> uuid.UUID:
        with self.desk.uow() as uow:
            return find_card(uow, card).reader_id

    def run(
        self,
        card: str,
        action: str,
        document: DocumentInput | None = None,
        new_barcode: str = "",
        fee_paid_fen: int = 0,
        changes: dict[str, str] | None = None,
        proxy: Proxy | None = None,
        consent: GuardianConsent | None = None,
    ) -> ServiceDone:
        shown = document or DocumentInput("resident_id", "")
        if action == "consent":
            return self._consent(card, document, consent or GuardianConsent("", ""))
        # The card transitions run as commands: queued for the union in the transaction that made them.
        commands = {
            "report_loss": ("report_loss", CardRef(card)),
            "restore": ("restore_card", CardAndDocument(card, shown)),
            "cancel": ("cancel_card", CardAndDocument(card, shown)),
            "replace": ("replace_card", Replacement(card, shown, new_barcode, None, fee_paid_fen)),
            "bind": ("bind_physical_card", CardBinding(card, new_barcode, None, fee_paid_fen)),
        }
        if action == "change_details":
            change = DetailsChange(str(self._reader_id(card)), tuple((changes or {}).items()), shown,
                                   proxy.name if proxy else "", proxy.document if proxy else None)  # fmt: skip
            changed: dict[str, str] = run_command(self.desk, self.ctx, "change_details", change)
            return ServiceDone(action, card, "", changed=changed)
        if action == "reset_password":
            reset = PasswordReset(str(self._reader_id(card)), shown)
            told: str = run_command(self.desk, self.ctx, "reset_password", reset)
            return ServiceDone(action, card, "", initial_password=told)
        if action not in commands:
            raise ValueError(f"unknown card action {action!r}")
        done = run_command(self.desk, self.ctx, *commands[action])
        receipt = None
        if done.fee_fen:
            with self.desk.uow() as uow:
                fees = uow.ledger.where(card_id=uuid.UUID(done.card_id), kind=LedgerKind.CARD_FEE)
                receipt = fees[-1].receipt_no if fees else None
        if not receipt:
            return ServiceDone(action, done.card_number, done.status, done.fee_fen)
        produced = produce(self.desk, self.ctx, "receipt", receipt, None, None, fonts_for(self.settings))
        printer = remembered_printer(self.settings, "receipt")
        produced = deliver(self.desk, self.ctx, produced, printer, print_server(self.settings))
        return ServiceDone(action, done.card_number, done.status, done.fee_fen, receipt, str(produced.path),
                           receipt_print=produced.record)  # fmt: skip

    def _consent(self, card: str, document: DocumentInput | None, consent: GuardianConsent) -> ServiceDone:
        """The guardian's authorisation, checked against the guardian listed; its scan kept with the guardian."""
        inputs = ConsentArrived(card, consent.name, document, consent.relationship)
        number: str = run_command(self.desk, self.ctx, "record_consent", inputs)
        kept = False
        if consent.scan:
            with self.desk.uow() as uow:
                reader_id = find_card(uow, number).reader_id
                guardian = uow.guardians.where(minor_reader_id=reader_id)[0]
            run_command(self.desk, self.ctx, "attach", Attaching("guardian", str(guardian.id), "consent_scan",
                                                                  consent.scan))  # fmt: skip
            kept = True
        return ServiceDone("consent", number, "active", scan_kept=kept)
