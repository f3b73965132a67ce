"""Read-only queries for lists and search: they return the core's view dataclasses."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Engine,
    Integer,
    Select,
    String,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, sessionmaker

from db.models import BranchRow, CardRow, IdentityDocumentRow, ReaderRow
from desk_app.core.entities import LIVE_STATUSES
from desk_app.core.errors import DeskError
from desk_app.core.privacy import mask_document, mask_phone
from desk_app.core.services.inputs import could_be_phone
from desk_app.core.text_rules import clean_person_name
from desk_app.core.views import ReaderSummary

# Plain tables, not the mapped classes: a search needs no ORM state, and Core statements built once with bind
# parameters keep their compiled form and cache key, so a search costs little more than its SQL.
readers, cards, documents, branches = (
    ReaderRow.__table__,
    CardRow.__table__,
    IdentityDocumentRow.__table__,
    BranchRow.__table__,
)
_TERM: BindParameter[str] = bindparam("term", type_=String)
_CONTAINS: BindParameter[str] = bindparam("contains", type_=String)
_UPPER: BindParameter[str] = bindparam("upper", type_=String)
_LIMIT: BindParameter[int] = bindparam("limit", type_=Integer)
_NAME_END: BindParameter[str] = bindparam("name_end", "\U0010ffff", type_=String)


def _held_card(column: Any) -> Any:
    """The reader's card to show: a live one first, else the newest (one indexed look-up per result)."""
    # The statuses written into the SQL (our own enum's values): an expanding IN would be re-rendered per search.
    live_statuses: list[ColumnElement[str]] = [literal_column(f"'{status.value}'") for status in sorted(LIVE_STATUSES)]
    live = case((cards.c.status.in_(live_statuses), 0), else_=1)
    return (
        select(column)
        .where(cards.c.reader_id == readers.c.id)
        .order_by(live, cards.c.issued_at.desc())
        .limit(1)
        .scalar_subquery()
    )


# One statement per search: the summary's columns come with the readers found, so a search costs the
# look-up plus one indexed step per result, not a query per table.
_SUMMARY = (
    select(
        readers.c.id,
        readers.c.name,
        readers.c.phone,
        readers.c.home_branch_code,
        func.coalesce(branches.c.name, readers.c.home_branch_code),
        select(documents.c.number)
        .where(documents.c.reader_id == readers.c.id)
        .order_by(documents.c.recorded_at)
        .limit(1)
        .scalar_subquery(),
        _held_card(cards.c.number),
        _held_card(cards.c.status),
    )
    .select_from(readers)
    .outerjoin(branches, branches.c.code == readers.c.home_branch_code)
)
_EXACT = [
    select(cards.c.reader_id).where(cards.c.number == _UPPER),
    select(cards.c.reader_id).where(cards.c.barcode == _UPPER),
    select(documents.c.reader_id).where(documents.c.number == _UPPER),
]
_PHONE = select(readers.c.id.label("reader_id")).where(readers.c.phone == _TERM)


def read_engine(engine: Engine) -> Engine:
    """The engine a search runs on. A search is one SELECT, atomic on its own: without a transaction around
    it the central server is spared a BEGIN and a ROLLBACK, a round trip each. SQLite has no round trips, and
    its driver would pay for switching the isolation level at every checkout."""
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


class SqlReaderDirectory:
    _statements: ClassVar[dict[str, Select[Any]]]

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._engine = read_engine(session_factory.kw["bind"])

    def search(self, text: str, limit: int = 50) -> list[ReaderSummary]:
        """By card number or barcode, document number, phone (exact), or name prefix."""
        term = (text or "").strip()
        if not term:
            kind = "recent"
        elif not any(ch.isdigit() for ch in term):
            kind = "word"  # a name, or a card number or passport made of letters
            with contextlib.suppress(DeskError):
                term = clean_person_name(term)  # names are stored in one form: "王 小明" is 王小明
        elif could_be_phone(term):
            kind = "digits"  # a card number, a document number or a phone
        else:
            kind = "code"  # names have no digits; an 18-character ID number is no phone
        statement = self._statements_for_class()[kind]
        contains = "%" + term.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
        # A connection, not a session: a search reads plain rows and keeps no objects.
        with self._engine.connect() as connection:
            rows = connection.execute(
                statement, {"term": term, "contains": contains, "upper": term.upper(), "limit": limit}
            )
            return [_summary(row) for row in rows]

    @classmethod
    def _statements_for_class(cls) -> dict[str, Select[Any]]:
        if "_statements" not in cls.__dict__:
            by_id = {"digits": union(*_EXACT, _PHONE), "code": union(*_EXACT)}
            cls._statements = {kind: _SUMMARY.where(readers.c.id.in_(ids)).limit(_LIMIT) for kind, ids in by_id.items()}
            cls._statements["word"] = _SUMMARY.where(cls._word_matches()).limit(_LIMIT)
            cls._statements["recent"] = _SUMMARY.order_by(readers.c.updated_at.desc()).limit(_LIMIT)
        return cls._statements

    @staticmethod
    def _word_matches() -> ColumnElement[bool]:
        # A range on the name index, not LIKE: SQLite uses no index for LIKE ... ESCAPE. SQLite answers the OR
        # with one index per side, cheaper than a UNION of the readers' ids.
        name = (readers.c.name >= _TERM) & (readers.c.name < _TERM + _NAME_END)
        return or_(name, readers.c.id.in_(union(*_EXACT)))


def _summary(row: Any) -> ReaderSummary:
    reader_id, name, phone, branch_code, branch_name, document, card_number, card_status = row
    return ReaderSummary(
        reader_id=str(reader_id),
        name=name,
        masked_document=mask_document(document) if document else "",
        masked_phone=mask_phone(phone),
        card_number=card_number,
        card_status=card_status.value if card_status is not None else None,
        home_branch_code=branch_code,
        home_branch_name=branch_name,
    )
