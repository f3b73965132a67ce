"""The day-end sheet as a PDF to print and a workbook for the finance office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from desk_app.bootstrap import OpenDesk
from desk_app.core.exports import safe_cell
from desk_app.core.services.context import DeskContext
from desk_app.core.services.day_end import DayEnd, day_end
from forms.paper_forms import DayEndData, FormKind
from printing.fonts import PrintFonts
from printing.render import render


def close_day(desk: OpenDesk, ctx: DeskContext, day: date, desk_code: str | None = None, lang: str = "zh") -> DayEnd:
    with desk.uow() as uow:
        return day_end(uow, ctx, day, desk_code, lang)


def sheet_data(desk: OpenDesk, ctx: DeskContext, report: DayEnd) -> DayEndData:
    with desk.uow() as uow:
        staff = uow.staff.get(ctx.actor.staff_id)
        branch = uow.branches.get(report.branch_code)
    return DayEndData(
        library=desk.profile.name_zh,
        branch=branch.name if branch else report.branch_code,
        desk=report.desk_code,
        day=report.day,
        staff=staff.display_name if staff else "",
        lines=tuple((t.label, t.count, t.amount_fen, t.cash_fen) for t in report.totals),
        cash_in_fen=report.cash_in_fen,
        cash_out_fen=report.cash_out_fen,
        receipts=tuple(
            (r.receipt_no, r.at, r.label, r.amount_fen, "是" if r.printed else "否") for r in report.receipts
        ),
        problems=tuple(report.problems),
    )


def write_pdf(desk: OpenDesk, ctx: DeskContext, report: DayEnd, out: Path, fonts: PrintFonts | None = None) -> Path:
    render(FormKind.DAY_END, sheet_data(desk, ctx, report), out, desk.profile.name_zh, fonts)
    return out


def write_workbook(report: DayEnd, out: Path, lang: str = "zh") -> Path:
    zh = not lang.startswith("en")
    book = Workbook()
    totals = book.active
    assert totals is not None
    totals.title = "汇总" if zh else "Totals"
    totals.append([f"{report.branch_code} {report.desk_code} {report.day}"])
    totals["A1"].font = Font(bold=True)
    totals.append(["类别" if zh else "Kind", "笔数" if zh else "Count", "金额（分）" if zh else "Amount (fen)",
                   "现金（分）" if zh else "Cash (fen)"])  # fmt: skip
    for t in report.totals:
        totals.append([safe_cell(t.label), t.count, t.amount_fen, t.cash_fen])
    totals.append([])
    totals.append(["现金收入（分）" if zh else "Cash in (fen)", report.cash_in_fen])
    totals.append(["现金支出（分）" if zh else "Cash out (fen)", report.cash_out_fen])
    totals.append(["应存现金（分）" if zh else "Net cash (fen)", report.net_cash_fen])
    totals.append(
        ["核对" if zh else "Check", ("一致" if zh else "agrees") if report.agrees else ("不符" if zh else "differs")]
    )
    receipts = book.create_sheet("收据" if zh else "Receipts")
    receipts.append(["收据号" if zh else "Receipt", "时间" if zh else "Time", "类别" if zh else "Kind",
                     "金额（分）" if zh else "Amount (fen)", "现金（分）" if zh else "Cash (fen)",
                     "已打印" if zh else "Printed", "备注" if zh else "Note"])  # fmt: skip
    yes, no = ("是", "否") if zh else ("yes", "no")
    for r in report.receipts:
        receipts.append([safe_cell(r.receipt_no), r.at, safe_cell(r.label), r.amount_fen, r.cash_fen,
                         yes if r.printed else no, safe_cell(r.note)])  # fmt: skip
    for number in report.void_receipts:
        receipts.append([safe_cell(number), "", "作废" if zh else "void", 0, 0, "", ""])
    problems = book.create_sheet("核对" if zh else "Check")
    problems.append(["账实不符之处" if zh else "What does not agree"])
    for problem in report.problems:
        problems.append([safe_cell(problem)])
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
