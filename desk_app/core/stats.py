"""Figures for the yearly assessment (Foshan standard, clause 7): cards issued, replaced, cancelled, lost and
active, deposits, and school batches, by month, branch, card type, age band and document type.

Figures are counted from what happened (card events, loans, the ledger), not from today's card states, so a
year's figures do not change when a card is cancelled later. Months and years are the library's local time.
The database counts (a StatsSource answers with GROUP BY cells); this module rolls the cells up into the
report's views and says which cards a drill-down asks for.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.core.messages import Text

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


TOTAL = "合计"
DIMENSIONS = ("by_month", "by_branch", "by_card_type", "by_age_band", "by_document")


@dataclass(frozen=True)
class Period:
    """A year of the library's time: the first moment of each month and of the next year (13 bounds)."""

    month_starts: tuple[datetime, ...]

    @property
    def start(self) -> datetime:
        return self.month_starts[0]

    @property
    def end(self) -> datetime:
        return self.month_starts[-1]


@dataclass(frozen=True)
class CardCount:
    """Card events of one measure in one cell: month ("01".."12"), branch of the event, card type code, the
    reader's age band and document type at their first card ("" when never recorded)."""

    month: str
    branch: str
    card_type: str
    age_band: str
    document_type: str
    measure: str
    cards: int


@dataclass(frozen=True)
class ActiveCards:
    """Cards with a loan in the period, each counted once per row: distinct counts do not add up, so the
    source counts by month and by branch apart, and by the card's own attributes (whose sum is the total)."""

    by_month: dict[str, int]
    by_branch: dict[str, int]
    by_card: list[tuple[str, str, str, int]]  # card type code, age band, document type, cards


@dataclass(frozen=True)
class DepositCount:
    branch: str
    taken: int
    taken_fen: int
    refunded: int
    refunded_fen: int
    held_fen: int  # at the period's end


@dataclass(frozen=True)
class BatchCount:
    branch: str
    batches: int
    rows: int
    approved: int


@dataclass(frozen=True)
class Figure:
    """A drill-down's question: the cards behind one measure of one row (key None: the total row)."""

    dimension: str
    key: str | None
    measure: str


class StatsSource(Protocol):
    """Where the figures are counted: the union's database (whole union) or this desk's local one."""

    label: Text

    def card_counts(self, period: Period, branch: str | None) -> Iterable[CardCount]: ...

    def active_cards(self, period: Period, branch: str | None) -> ActiveCards: ...

    def deposits(self, period: Period, branch: str | None) -> Iterable[DepositCount]: ...

    def batches(self, period: Period, branch: str | None) -> Iterable[BatchCount]: ...

    def cards_behind(
        self, period: Period, branch: str | None, figure: Figure, limit: int, offset: int
    ) -> list[uuid.UUID]: ...


@dataclass(frozen=True)
class Drill:
    """The cards behind a figure of one view, a page at a time, in the cards' record order (a database query)."""

    source: StatsSource
    period: Period
    branch: str | None
    dimension: str
    codes: dict[str, str]  # a row's shown key -> the stored one (card type names -> codes; "—" -> "")

    def __call__(self, row: str, measure: str, limit: int = 500, offset: int = 0) -> list[uuid.UUID]:
        key = None if row == TOTAL else self.codes.get(row, row)
        return self.source.cards_behind(self.period, self.branch, Figure(self.dimension, key, measure), limit, offset)


@dataclass(frozen=True)
class View:
    key: str
    title: Text
    dimension: Text
    columns: list[Text]
    rows: list[tuple[str, list[int | float]]]
    # (row key, measure) -> the cards behind a figure, for drill-down
    drill: Drill | None = None
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


def year_period(year: int, timezone: str) -> Period:
    zone = ZoneInfo(timezone)
    starts = [datetime(year, month, 1, tzinfo=zone) for month in range(1, 13)]
    return Period((*starts, datetime(year + 1, 1, 1, tzinfo=zone)))


_VIEWS: tuple[tuple[str, Text, Text], ...] = (
    ("by_month", Text("按月份", "by month"), Text("月份", "month")),
    ("by_branch", Text("按分馆", "by branch"), Text("分馆", "branch")),
    ("by_card_type", Text("按读者证类型", "by card type"), Text("读者证类型", "card type")),
    ("by_age_band", Text("按年龄段", "by age band"), Text("办证时年龄", "age at issue")),
    ("by_document", Text("按证件类型", "by document type"), Text("证件类型", "document type")),
)


def yearly_report(
    source: StatsSource,
    year: int,
    timezone: str,
    branch: str | None = None,
    card_type_names: dict[str, str] | None = None,
) -> Report:
    period = year_period(year, timezone)
    names = card_type_names or {}

    def shown(dimension: str, key: str) -> str:
        if dimension == "by_card_type":
            return names.get(key, key)
        if dimension == "by_document":
            return key or UNKNOWN
        return key

    counts: dict[str, dict[str, Counter[str]]] = {d: defaultdict(Counter) for d in DIMENSIONS}
    for cell in source.card_counts(period, branch):
        keys = (cell.month, cell.branch, cell.card_type, cell.age_band, cell.document_type)
        for dimension, key in zip(DIMENSIONS, keys, strict=True):
            counts[dimension][shown(dimension, key)][cell.measure] += cell.cards
    active = source.active_cards(period, branch)
    active_counts: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    active_counts["by_month"].update(active.by_month)
    active_counts["by_branch"].update(active.by_branch)
    for card_type, band, document, cards in active.by_card:
        for dimension, key in (("by_card_type", card_type), ("by_age_band", band), ("by_document", document)):
            active_counts[dimension][shown(dimension, key)] += cards
    active_total = sum(cards for *_keys, cards in active.by_card)

    report = Report(year, branch, source.label)
    codes = {names.get(code, code): code for code in names} | {UNKNOWN: ""}
    for key, title, heading in _VIEWS:
        rows = _card_rows(counts[key], active_counts[key], active_total)
        drill = Drill(source, period, branch, key, codes if key in ("by_card_type", "by_document") else {})
        report.views.append(View(key, title, heading, [CARD_MEASURES[m] for m in CARD_MEASURES], rows, drill))
    report.views.append(_deposit_view(source.deposits(period, branch)))
    report.views.append(_batch_view(source.batches(period, branch)))
    return report


def _card_rows(
    counts: dict[str, Counter[str]], active: Counter[str], active_total: int
) -> list[tuple[str, list[int | float]]]:
    rows: list[tuple[str, list[int | float]]] = []
    for row in sorted(set(counts) | {k for k, n in active.items() if n}):
        rows.append((row, [active[row] if m == "active" else counts[row][m] for m in CARD_MEASURES]))
    totals: list[int | float] = [
        active_total if m == "active" else sum(c[m] for c in counts.values()) for m in CARD_MEASURES
    ]
    rows.append((TOTAL, totals))
    return rows


def _deposit_view(deposits: Iterable[DepositCount]) -> View:
    rows: list[tuple[str, list[int | float]]] = [
        (d.branch, [d.taken, d.taken_fen, d.refunded, d.refunded_fen, d.held_fen])
        for d in sorted(deposits, key=lambda d: d.branch)
    ]
    rows.append((TOTAL, [sum(r[1][i] for r in rows) for i in range(5)]))
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


def _batch_view(batches: Iterable[BatchCount]) -> View:
    out: list[tuple[str, list[int | float]]] = []
    counted = sorted(batches, key=lambda b: b.branch)
    for b in counted:
        out.append((b.branch, [b.batches, b.rows, b.approved, _rate(b.approved, b.rows)]))
    total_rows, total_approved = sum(b.rows for b in counted), sum(b.approved for b in counted)
    total = [sum(b.batches for b in counted), total_rows, total_approved, _rate(total_approved, total_rows)]
    out.append((TOTAL, total))
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
