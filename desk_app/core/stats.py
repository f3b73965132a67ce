"""Figures for the yearly assessment (Foshan standard, clause 7): cards issued, replaced, cancelled, lost and
active, deposits, and school batches, by month, branch, card type, age band and document type.

Figures are counted from what happened (card events, loans, the ledger), not from today's card states, so a
year's figures do not change when a card is cancelled later. Months and years are the library's local time.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.core.entities import LedgerKind
from desk_app.core.messages import Text
from desk_app.core.money import EFFECTS

CARD_MEASURES: dict[str, Text] = {
    "issued": Text("新办证", "cards issued"),
    "replaced": Text("补办", "cards replaced"),
    "cancelled": Text("注销", "cards cancelled"),
    "lost": Text("挂失", "cards reported lost"),
    "active": Text("活跃证（期内有借阅）", "active cards (a loan in the period)"),
}
EVENT_MEASURE = {"issue": "issued", "issue_replacement": "replaced", "cancel": "cancelled", "report_loss": "lost"}
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0–6", 0, 6),
    ("7–12", 7, 12),
    ("13–17", 13, 17),
    ("18–35", 18, 35),
    ("36–59", 36, 59),
    ("60+", 60, 200),
)
UNKNOWN = "—"


@dataclass(frozen=True)
class ReaderFact:
    """What the reader's first card's issue record kept (it survives anonymisation)."""

    age_at_issue: int | None
    document_type: str


@dataclass(frozen=True)
class CardActivity:
    """One card event, or one loan (kind "loan"), with the card's type and owner."""

    card_id: uuid.UUID
    reader_id: uuid.UUID
    kind: str
    at: datetime
    branch_code: str
    card_type: str


@dataclass(frozen=True)
class MoneyFact:
    kind: str  # a ledger kind that moves a deposit (desk_app.core.money)
    amount_fen: int
    at: datetime
    branch_code: str


@dataclass(frozen=True)
class BatchFact:
    branch_code: str
    created_at: datetime
    rows: int
    approved: int


class StatsSource(Protocol):
    """Where the facts come from: the central database (whole union) or this desk's local one."""

    label: Text

    def activities(self, start: datetime, end: datetime, branch: str | None) -> Iterable[CardActivity]: ...

    def readers(self, reader_ids: set[uuid.UUID]) -> dict[uuid.UUID, ReaderFact]: ...

    def money(self, end: datetime, branch: str | None) -> Iterable[MoneyFact]: ...

    def batches(self, start: datetime, end: datetime, branch: str | None) -> Iterable[BatchFact]: ...


@dataclass(frozen=True)
class View:
    key: str
    title: Text
    dimension: Text
    columns: list[Text]
    rows: list[tuple[str, list[int | float]]]
    # (row key, column index) -> the cards behind a figure, for drill-down
    drill: Callable[[str, str], list[uuid.UUID]] | None = None
    money_columns: frozenset[int] = frozenset()
    percent_columns: frozenset[int] = frozenset()


@dataclass
class Report:
    year: int
    branch: str | None
    source: Text
    views: list[View] = field(default_factory=list)

    def view(self, key: str) -> View:
        return next(v for v in self.views if v.key == key)

    def figure(self, view: str, row: str, column: int) -> int | float:
        found = dict(self.view(view).rows)
        return found[row][column]


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return next((name for name, low, high in AGE_BANDS if low <= age <= high), UNKNOWN)


def year_bounds(year: int, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def yearly_report(
    source: StatsSource,
    year: int,
    timezone: str,
    branch: str | None = None,
    card_type_names: dict[str, str] | None = None,
) -> Report:
    start, end = year_bounds(year, timezone)
    zone = ZoneInfo(timezone)
    activities = list(source.activities(start, end, branch))
    readers = source.readers({a.reader_id for a in activities})
    names = card_type_names or {}

    def month(a: CardActivity) -> str:
        return f"{a.at.astimezone(zone).month:02d}"

    dimensions: list[tuple[str, Text, Text, Callable[[CardActivity], str]]] = [
        ("by_month", Text("按月份", "by month"), Text("月份", "month"), month),
        ("by_branch", Text("按分馆", "by branch"), Text("分馆", "branch"), lambda a: a.branch_code),
        ("by_card_type", Text("按读者证类型", "by card type"), Text("读者证类型", "card type"),
         lambda a: names.get(a.card_type, a.card_type)),
        ("by_age_band", Text("按年龄段", "by age band"), Text("办证时年龄", "age at issue"),
         lambda a: age_band(readers.get(a.reader_id, ReaderFact(None, "")).age_at_issue)),
        ("by_document", Text("按证件类型", "by document type"), Text("证件类型", "document type"),
         lambda a: readers.get(a.reader_id, ReaderFact(None, "")).document_type or UNKNOWN),
    ]  # fmt: skip
    report = Report(year, branch, source.label)
    measures = list(CARD_MEASURES)
    for key, title, dimension, keyof in dimensions:
        report.views.append(_card_view(key, title, dimension, keyof, activities, measures))
    report.views.append(_deposit_view(source.money(end, branch), start, end))
    report.views.append(_batch_view(source.batches(start, end, branch)))
    return report


def _measure_of(activity: CardActivity) -> str | None:
    return "active" if activity.kind == "loan" else EVENT_MEASURE.get(activity.kind)


def _card_view(
    key: str,
    title: Text,
    dimension: Text,
    keyof: Callable[[CardActivity], str],
    activities: list[CardActivity],
    measures: list[str],
) -> View:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    active: dict[str, set[uuid.UUID]] = defaultdict(set)
    for activity in activities:
        measure = _measure_of(activity)
        if measure is None:
            continue
        row = keyof(activity)
        if measure == "active":
            active[row].add(activity.card_id)  # a card counts once however many loans it had
        else:
            counts[row][measure] += 1
    keys = sorted(set(counts) | set(active))
    rows: list[tuple[str, list[int | float]]] = []
    totals = [0] * len(measures)
    for row in keys:
        values: list[int | float] = [len(active[row]) if m == "active" else counts[row][m] for m in measures]
        rows.append((row, values))
    all_active = {c for cards in active.values() for c in cards}
    for i, m in enumerate(measures):
        totals[i] = len(all_active) if m == "active" else sum(counts[r][m] for r in keys)
    rows.append(("合计", list(totals)))

    def drill(row: str, measure: str) -> list[uuid.UUID]:
        seen: dict[uuid.UUID, None] = {}
        for activity in activities:
            if _measure_of(activity) == measure and (row == "合计" or keyof(activity) == row):
                seen.setdefault(activity.card_id)
        return list(seen)

    return View(key, title, dimension, [CARD_MEASURES[m] for m in measures], rows, drill)


def _deposit_view(money: Iterable[MoneyFact], start: datetime, end: datetime) -> View:
    taken: Counter[str] = Counter()
    taken_n: Counter[str] = Counter()
    refunded: Counter[str] = Counter()
    refunded_n: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for fact in money:
        # A deposit recorded from an old receipt adds to what is held; one applied to fines takes from it.
        held[fact.branch_code] += EFFECTS[LedgerKind(fact.kind)].deposit * abs(fact.amount_fen)
        if start <= fact.at < end:
            if fact.kind == LedgerKind.DEPOSIT_TAKEN:
                taken[fact.branch_code] += abs(fact.amount_fen)
                taken_n[fact.branch_code] += 1
            elif fact.kind == LedgerKind.DEPOSIT_REFUNDED:
                refunded[fact.branch_code] += abs(fact.amount_fen)
                refunded_n[fact.branch_code] += 1
    keys = sorted(set(held))
    rows: list[tuple[str, list[int | float]]] = [
        (b, [taken_n[b], taken[b], refunded_n[b], refunded[b], held[b]]) for b in keys
    ]
    rows.append(("合计", [sum(r[1][i] for r in rows) for i in range(5)]))
    columns = [
        Text("收押金笔数", "deposits taken"),
        Text("收押金金额（分）", "deposits taken (fen)"),
        Text("退押金笔数", "deposits refunded"),
        Text("退押金金额（分）", "deposits refunded (fen)"),
        Text("年末押金余额（分）", "deposits held at year end (fen)"),
    ]
    return View(
        "deposits", Text("押金", "deposits"), Text("分馆", "branch"), columns, rows, money_columns=frozenset({1, 3, 4})
    )


def _batch_view(batches: Iterable[BatchFact]) -> View:
    count: Counter[str] = Counter()
    rows_n: Counter[str] = Counter()
    approved: Counter[str] = Counter()
    for batch in batches:
        count[batch.branch_code] += 1
        rows_n[batch.branch_code] += batch.rows
        approved[batch.branch_code] += batch.approved
    out: list[tuple[str, list[int | float]]] = []
    for b in sorted(count):
        out.append((b, [count[b], rows_n[b], approved[b], _rate(approved[b], rows_n[b])]))
    total_rows, total_approved = sum(rows_n.values()), sum(approved.values())
    out.append(("合计", [sum(count.values()), total_rows, total_approved, _rate(total_approved, total_rows)]))
    columns = [
        Text("集体办证批次", "batches"),
        Text("名单人数", "people listed"),
        Text("审核通过办证", "approved"),
        Text("通过率", "approval rate"),
    ]
    return View(
        "batches",
        Text("学校与单位集体办证", "school and group batches"),
        Text("分馆", "branch"),
        columns,
        out,
        percent_columns=frozenset({3}),
    )


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
