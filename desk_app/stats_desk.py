"""Statistics for the desk and the command line: the figures this desk's database holds (its own branch and
the readers it served), labelled so; and the workbook that goes to the assessment. The whole union's figures
come from the union's own database (`carddesk union stats`, run by library IT), never through a desk."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from db.stats_source import LOCAL, SqlStatsSource
from desk_app.bootstrap import OpenDesk
from desk_app.core.clock import utc_now
from desk_app.core.exports import safe_cell
from desk_app.core.policy import Profile
from desk_app.core.services.context import DeskContext
from desk_app.core.services.figures import DrillRow, cards_behind
from desk_app.core.stats import Drill, Report, yearly_report

log = logging.getLogger(__name__)
_HEADER_COLOUR = "DCE6F1"


def build_report(desk: OpenDesk, year: int, branch: str | None, lang: str = "zh") -> Report:
    """What this desk holds (its branch's readers and those it served), labelled so."""
    return report_of(SqlStatsSource(desk.engine, LOCAL), desk.profile, year, branch, lang)


def report_of(source: SqlStatsSource, profile: Profile, year: int, branch: str | None, lang: str = "zh") -> Report:
    """The yearly report from a desk's database or the union's, by the profile's time zone and card types."""
    if branch:
        profile.branch(branch)  # an unknown branch is refused, not reported as zeros
    names = {t.code: (t.name_en if lang == "en" else t.name_zh) for t in profile.card_types}
    return yearly_report(source, year, profile.timezone, branch, names)


def write_workbook(report: Report, out: Path, lang: str = "zh", generated: datetime | None = None) -> Path:
    # openpyxl is loaded with the first workbook, not when the desk starts.
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header = PatternFill("solid", fgColor=_HEADER_COLOUR)
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "说明" if lang == "zh" else "About"
    zh = lang == "zh"
    lines = [
        ("年度" if zh else "Year", report.year),
        ("分馆" if zh else "Branch", report.branch or ("全部" if zh else "all")),
        ("数据来源" if zh else "Source", report.source.pick(lang)),
        ("生成时间（UTC）" if zh else "Generated (UTC)", (generated or utc_now()).strftime("%Y-%m-%d %H:%M")),
        (
            "口径" if zh else "Definitions",
            "按发生时的事件计数（北京时间）；活跃证为期内有借阅的证；年龄段为读者首次办证时的年龄"
            if zh
            else "Counted from events as they happened (library time); an active card had a loan in the period; "
            "the age band is the reader's age at their first card",
        ),
    ]
    for i, (label, value) in enumerate(lines, start=1):
        about.cell(i, 1, label).font = Font(bold=True)
        about.cell(i, 2).value = safe_cell(value) if isinstance(value, str) else int(str(value))
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 90
    for view in report.views:
        sheet = book.create_sheet(view.title.pick(lang)[:31])
        sheet.cell(1, 1, f"{report.year} · {view.title.pick(lang)} · {report.source.pick(lang)}").font = Font(
            bold=True, size=12
        )
        headers = [view.dimension.pick(lang), *(c.pick(lang) for c in view.columns)]
        for col, title in enumerate(headers, start=1):
            cell = sheet.cell(2, col, title)
            cell.font, cell.fill = Font(bold=True), header
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[get_column_letter(col)].width = 16 if col > 1 else 20
        for r, (key, values) in enumerate(view.rows, start=3):
            sheet.cell(r, 1, safe_cell(key if key != "合计" or zh else "Total"))
            for c, value in enumerate(values):
                cell = sheet.cell(r, c + 2)
                if c in view.money_columns:
                    cell.value, cell.number_format = Decimal(int(value)) / 100, "#,##0.00"
                elif c in view.percent_columns:
                    cell.value, cell.number_format = value, "0.0%"
                else:
                    cell.value, cell.number_format = value, "#,##0"
            if key == "合计":
                for c in range(1, len(headers) + 1):
                    sheet.cell(r, c).font = Font(bold=True)
        sheet.freeze_panes = "B3"
        for i in view.money_columns:  # money columns say their unit: yuan, though stored as fen
            head = sheet.cell(2, i + 2)
            head.value = str(head.value).replace("（分）", "（元）").replace("(fen)", "(yuan)")
    months = report.view("by_month")
    month_sheet = book[months.title.pick(lang)[:31]]
    chart = BarChart()
    chart.title = f"{report.year} " + ("每月办证与活跃证" if zh else "cards issued and active, by month")
    chart.y_axis.title = "张" if zh else "cards"
    last = 2 + len(months.rows) - 1  # the months, without the total row
    for column in (2, 6):  # issued, active
        chart.add_data(Reference(month_sheet, min_col=column, min_row=2, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(month_sheet, min_col=1, min_row=3, max_row=last))
    charts = book.create_chartsheet("图表" if zh else "Chart")
    charts.add_chart(chart)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


@dataclass
class StatsDesk:
    """What the statistics screen asks for, Qt-free (it calls these off the UI thread)."""

    desk: OpenDesk
    ctx: DeskContext

    def report(self, year: int, branch: str | None, lang: str = "zh") -> Report:
        return build_report(self.desk, year, branch, lang)

    def page(self, drill: Drill, row: str, measure: str, offset: int = 0, limit: int = 100) -> list[DrillRow]:
        """One page of the cards behind a figure, masked: the database finds the page, then its details."""
        return self.cards(drill(row, measure, limit, offset), limit)

    def cards(self, card_ids: list[uuid.UUID], limit: int = 500) -> list[DrillRow]:
        with self.desk.uow() as uow:
            return cards_behind(uow, self.ctx, card_ids, limit)

    def export(self, report: Report, out: Path, lang: str = "zh") -> Path:
        return write_workbook(report, out, lang)
