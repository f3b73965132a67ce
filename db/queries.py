"""Read-only queries for lists and search: they return the core's view dataclasses."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import BranchRow, CardRow, IdentityDocumentRow, ReaderRow
from desk_app.core.entities import LIVE_STATUSES
from desk_app.core.privacy import mask_document, mask_phone
from desk_app.core.views import ReaderSummary


class SqlReaderDirectory:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def search(self, text: str, limit: int = 50) -> list[ReaderSummary]:
        """By card number or barcode, document number, phone (exact), or name prefix."""
        term = (text or "").strip()
        with self._factory() as session:
            ids: list[uuid.UUID] = []
            if term:
                upper = term.upper()
                queries = [
                    select(CardRow.reader_id).where((CardRow.number == upper) | (CardRow.barcode == upper)),
                    select(IdentityDocumentRow.reader_id).where(IdentityDocumentRow.number == upper),
                    select(ReaderRow.id).where(ReaderRow.phone == term),
                    self._by_name(term, limit),
                ]
                for query in queries:
                    ids.extend(rid for rid in session.scalars(query) if rid not in ids)
            else:
                ids = list(session.scalars(select(ReaderRow.id).order_by(ReaderRow.updated_at.desc()).limit(limit)))
            return [self._summary(session, rid) for rid in ids[:limit]]

    def _by_name(self, term: str, limit: int) -> Select[uuid.UUID]:
        return select(ReaderRow.id).where(ReaderRow.name.startswith(term, autoescape=True)).limit(limit)

    @staticmethod
    def _summary(session: Session, reader_id: uuid.UUID) -> ReaderSummary:
        reader = session.get_one(ReaderRow, reader_id)
        document = session.scalars(
            select(IdentityDocumentRow).where(IdentityDocumentRow.reader_id == reader_id).limit(1)
        ).first()
        cards = session.scalars(
            select(CardRow).where(CardRow.reader_id == reader_id).order_by(CardRow.issued_at.desc())
        ).all()
        card = next((c for c in cards if c.status in LIVE_STATUSES), cards[0] if cards else None)
        return ReaderSummary(
            reader_id=str(reader.id),
            name=reader.name,
            masked_document=mask_document(document.number) if document else "",
            masked_phone=mask_phone(reader.phone),
            card_number=card.number if card else None,
            card_status=card.status.value if card else None,
            home_branch_code=reader.home_branch_code,
            home_branch_name=session.get_one(BranchRow, reader.home_branch_code).name,
        )


class CentralReaderDirectory(SqlReaderDirectory):
    """The union's search: names match on any part (王, 小明, 王小明), through the central gram index."""

    def _by_name(self, term: str, limit: int) -> Select[uuid.UUID]:
        grams = func.carddesk_grams
        return (
            select(ReaderRow.id)
            .where(grams(ReaderRow.name).op("@>")(grams(term)), ReaderRow.name.contains(term, autoescape=True))
            .limit(limit)
        )
