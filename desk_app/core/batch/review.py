"""One outcome for every row of a batch file, with its reasons: accepted, rejected, review, or exists."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from desk_app.core.batch.columns import DOCUMENT_TYPE_NAMES, SCHOOL_TEMPLATE, BatchTemplate, label
from desk_app.core.batch.reading import RawRow, SheetRows
from desk_app.core.clock import age_on
from desk_app.core.eligibility import require_eligible
from desk_app.core.entities import LIVE_STATUSES
from desk_app.core.errors import DeskError
from desk_app.core.policy import CardType
from desk_app.core.services.inputs import clean_name, clean_phone, clean_text
from desk_app.core.uow import UnitOfWork
from forms.identity_documents import DocumentType, check_document

ACCEPTED, REJECTED, REVIEW, EXISTS = "accepted", "rejected", "review", "exists"
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class RowOutcome:
    row: int
    id_number: str
    name: str
    status: str
    reasons: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)
    doc_type: str = DocumentType.RESIDENT_ID.value
    person_key: str = ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _date(value: Any) -> date | None:
    """A date as Excel holds it (a datetime) or as people type it: 2030-01-31, 2030/1/31, 20300131."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    digits = re.findall(r"\d+", _text(value))
    if len(digits) == 1 and len(digits[0]) == 8:
        digits = [digits[0][:4], digits[0][4:6], digits[0][6:]]
    try:
        return date(int(digits[0]), int(digits[1]), int(digits[2])) if len(digits) == 3 else None
    except ValueError:
        return None


def _id_number(value: Any) -> tuple[str, str | None]:
    """The ID as text, or the reason it cannot be: Excel keeps only 15 significant digits of a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = f"{value:.6g}" if isinstance(value, float) else str(value)
        return shown, f"身份证号被 Excel 存成了数字（{shown}），末几位已丢失：请将该列设置为文本格式后重新填写"
    text = re.sub(r"\s", "", _text(value)).upper()
    if _SCIENTIFIC.match(text):
        return text, f"身份证号被 Excel 存成了数字（{text}），末几位已丢失：请将该列设置为文本格式后重新填写"
    return text, None


def _one_row(raw: RawRow, card_type: CardType, today: date, has_doc_type: bool, template: BatchTemplate) -> RowOutcome:
    values = raw.values
    id_number, id_problem = _id_number(values.get("id_number"))
    name = _text(values.get("name"))
    reasons: list[str] = []
    # A list without a document type column is a list of resident ID numbers (身份证号).
    needed = [c for c in template.required if has_doc_type or c.key != "doc_type"]
    missing = [label(c.key) for c in needed if not _text(values.get(c.key))]
    if missing:
        reasons.append("缺少必填项：" + "、".join(missing))
    doc_type = DocumentType.RESIDENT_ID.value
    if has_doc_type and _text(values.get("doc_type")):
        doc_type = DOCUMENT_TYPE_NAMES.get(_text(values.get("doc_type")), "")
        if not doc_type:
            reasons.append(f"不认识的证件类型：{_text(values.get('doc_type'))}")
    fields: dict[str, str] = {}
    for key, cleaner in (("name", clean_name), ("phone", clean_phone), ("guardian_phone", clean_phone)):
        if _text(values.get(key)):
            try:
                fields[key] = cleaner(_text(values.get(key)))
            except DeskError as err:
                reasons.append(f"{label(key)}：{err.message('zh')}")
    name = fields.get("name", name)
    for key in ("guardian_name", "class_name", "district"):
        try:
            fields[key] = clean_text(_text(values.get(key)), 50, label(key))
        except DeskError as err:
            reasons.append(err.message("zh"))
    person_key, status = "", REJECTED
    if id_problem:
        reasons.append(id_problem)
    elif id_number and doc_type:
        try:
            checked = check_document(
                doc_type, id_number, today, _date(values.get("valid_until")), _text(values.get("nationality")) or None
            )
            id_number, person_key = checked.number, checked.person_key
            born = checked.birth_date or _date(values.get("birth_date"))
            if born is not None:
                fields["birth_date"] = born.isoformat()
            elif not reasons:
                reasons.append("该证件号码不含出生日期：请填写出生日期")
            if not reasons and born is not None:
                age = age_on(born, today)
                try:
                    require_eligible(card_type, [checked.doc_type], age)
                except DeskError:
                    status = REVIEW
                    reasons.append(f"{age}周岁，不符合“{card_type.name_zh}”的条件：是否误填了家长的身份证号？")
                else:
                    usual = card_type.review_outside_ages
                    if usual is not None and not usual[0] <= age <= usual[1]:
                        status = REVIEW
                        reasons.append(
                            f"{age}周岁，不在常见在校年龄（{usual[0]}–{usual[1]}周岁）：请核实是否在校，或是否误填了家长的身份证号"
                        )
        except DeskError as err:
            reasons.append(err.message("zh"))
    if not reasons:
        status = ACCEPTED
    return RowOutcome(raw.row, id_number, name, status, tuple(reasons), fields, doc_type, person_key)


def review_rows(
    uow: UnitOfWork,
    sheet: SheetRows,
    card_type: CardType,
    today: date,
    school: str | None = None,
    template: BatchTemplate = SCHOOL_TEMPLATE,
) -> list[RowOutcome]:
    """Check every row; then the same person twice in the file, and people the union already has.

    When the school's classes are kept as parameters, a class that is not among them goes to review.
    """
    outcomes = [_one_row(raw, card_type, today, sheet.has_document_type, template) for raw in sheet.rows]
    classes = {c.class_name for c in uow.school_classes.where(school=school, active=True)} if school else set()
    if classes:
        outcomes = [
            _with(o, REVIEW, f"班级“{o.fields.get('class_name', '')}”不在{school}的班级参数中")
            if o.status == ACCEPTED and o.fields.get("class_name", "") not in classes
            else o
            for o in outcomes
        ]
    first_seen: dict[str, int] = {}
    candidates = [o.person_key for o in outcomes if o.status in (ACCEPTED, REVIEW) and o.person_key]
    held = holders(uow, candidates)
    result = []
    for outcome in outcomes:
        if outcome.status in (ACCEPTED, REVIEW) and outcome.person_key:
            if outcome.person_key in first_seen:
                outcome = _with(outcome, REJECTED, f"与第 {first_seen[outcome.person_key]} 行是同一人")
            else:
                first_seen[outcome.person_key] = outcome.row
                holder = held.get(outcome.person_key)
                if holder is not None and holder.live_card:
                    # Foshan 6.1.3.2: people who already have a card are taken out and the unit is told.
                    outcome = _with(outcome, EXISTS, holder.live_card)
                elif holder is not None:
                    # Accepted all the same: the note tells the unit what approval will do.
                    outcome = replace(outcome, reasons=(*outcome.reasons, FORMER_READER))
        result.append(outcome)
    return result


def _with(outcome: RowOutcome, status: str, reason: str) -> RowOutcome:
    return replace(outcome, status=status, reasons=(*outcome.reasons, reason))


@dataclass(frozen=True)
class Holder:
    """What the union holds for one person: a live card (the row is taken out), or only cancelled ones (a former
    reader: the same reader record is reopened with a new card, as at the counter)."""

    reader_id: uuid.UUID
    live_card: str  # why the row exists already ("已在……办理借阅证"), or "" for a former reader


def holders(uow: UnitOfWork, person_keys: list[str]) -> dict[str, Holder]:
    """The one rule for review and approval alike: looked up all at once, by every document a person holds."""
    documents = uow.documents.where_in("person_key", person_keys)
    cards = uow.cards.where_in("reader_id", [d.reader_id for d in documents])
    live = {c.reader_id: c for c in cards if c.status in LIVE_STATUSES}
    names = {b.code: b.name for b in uow.branches.where()}
    found: dict[str, Holder] = {}
    for document in documents:
        card = live.get(document.reader_id)
        if card is not None:
            branch = names.get(card.home_branch_code, card.home_branch_code)
            found[document.person_key] = Holder(document.reader_id, f"已在{branch}办理借阅证（{card.number}）")
        elif document.person_key not in found:
            found[document.person_key] = Holder(document.reader_id, "")
    return found


FORMER_READER = "原借阅证已注销：批准后为原读者账户开通新卡"
