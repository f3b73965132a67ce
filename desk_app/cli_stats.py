"""`carddesk stats`: the yearly assessment figures as a workbook (and as JSON for scripts)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk_app import cli_args
from desk_app.bootstrap import OpenDesk
from desk_app.core.services.context import DeskContext
from desk_app.core.stats import Report
from desk_app.stats_desk import build_report, write_workbook

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stats = commands.add_parser("stats", help="yearly figures: cards, active cards, deposits, batches")
    stats.add_argument("--year", type=cli_args.year, required=True)
    stats.add_argument("--branch", dest="stats_branch", help="one branch only (default: all)")
    stats.add_argument("--out", type=Path, help="write the workbook here (.xlsx)")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command != "stats":
        return False
    lang = args.lang or "zh"
    show_report(build_report(desk, args.year, args.stats_branch, lang), args, lang)
    return True


def show_report(report: Report, args: argparse.Namespace, lang: str) -> None:
    """The workbook (`--out`) and the JSON shape library IT scripts against (`--json`, or no `--out`)."""
    if args.out:
        write_workbook(report, args.out, lang)
    if args.json or not args.out:
        data: dict[str, Any] = {
            "year": report.year,
            "branch": report.branch,
            "source": report.source.pick(lang),
            "views": {
                v.key: {
                    "columns": [c.pick(lang) for c in v.columns],
                    "rows": [{"key": k, "values": values} for k, values in v.rows],
                }
                for v in report.views
            },
        }
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(args.out)
