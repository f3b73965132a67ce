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
                # Only the look-ups the text can match: names have no digits, phones are only digits.
                queries = [
                    select(CardRow.reader_id).where((CardRow.number == upper) | (CardRow.barcode == upper)),
                    select(IdentityDocumentRow.reader_id).where(IdentityDocumentRow.number == upper),
                ]
                if term.isdigit():
                    queries.append(select(ReaderRow.id).where(ReaderRow.phone == term))
                if not any(ch.isdigit() for ch in term):
                    queries.append(self._by_name(term, limit))
                for query in queries:
                    ids.extend(rid for rid in session.scalars(query) if rid not in ids)
            else:
                ids = list(session.scalars(select(ReaderRow.id).order_by(ReaderRow.updated_at.desc()).limit(limit)))
            return self._summaries(session, ids[:limit])

    def _by_name(self, term: str, limit: int) -> Select[uuid.UUID]:
        # A range on the name index, not LIKE: SQLite uses no index for LIKE ... ESCAPE.
        return select(ReaderRow.id).where(ReaderRow.name >= term, ReaderRow.name < term + "\U0010ffff").limit(limit)

    @staticmethod
    def _summaries(session: Session, ids: list[uuid.UUID]) -> list[ReaderSummary]:
        """Every result's document, cards and branch in three queries, whatever the number of results."""
        if not ids:
            return []
        readers = {r.id: r for r in session.scalars(select(ReaderRow).where(ReaderRow.id.in_(ids)))}
        documents: dict[uuid.UUID, IdentityDocumentRow] = {}
        for found in session.scalars(select(IdentityDocumentRow).where(IdentityDocumentRow.reader_id.in_(ids))):
            documents.setdefault(found.reader_id, found)
        cards: dict[uuid.UUID, list[CardRow]] = {}
        for held in session.scalars(
            select(CardRow).where(CardRow.reader_id.in_(ids)).order_by(CardRow.issued_at.desc())
        ):
            cards.setdefault(held.reader_id, []).append(held)
        branches = {b.code: b.name for b in session.scalars(select(BranchRow))}
        out = []
        for reader_id in ids:
            reader = readers[reader_id]
            own = cards.get(reader_id, [])
            card = next((c for c in own if c.status in LIVE_STATUSES), own[0] if own else None)
            document = documents.get(reader_id)
            out.append(
                ReaderSummary(
                    reader_id=str(reader.id),
                    name=reader.name,
                    masked_document=mask_document(document.number) if document else "",
                    masked_phone=mask_phone(reader.phone),
                    card_number=card.number if card else None,
                    card_status=card.status.value if card else None,
                    home_branch_code=reader.home_branch_code,
                    home_branch_name=branches.get(reader.home_branch_code, reader.home_branch_code),
                )
            )
        return out


class CentralReaderDirectory(SqlReaderDirectory):
    """The union's search: names match on any part (王, 小明, 王小明), through the central gram index."""

    def _by_name(self, term: str, limit: int) -> Select[uuid.UUID]:
        grams = func.carddesk_grams
        return (
            select(ReaderRow.id)
            .where(grams(ReaderRow.name).op("@>")(grams(term)), ReaderRow.name.contains(term, autoescape=True))
            .limit(limit)
        )
