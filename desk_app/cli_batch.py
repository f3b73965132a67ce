"""`carddesk template group` and `carddesk import-group`: the school batch commands library IT scripts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from desk_app.bootstrap import OpenDesk
from desk_app.core.batch.importing import import_group
from desk_app.core.batch.template import write_template
from desk_app.core.exports import write_table
from desk_app.core.privacy import mask_document
from desk_app.core.services.context import DeskContext

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]
STATUS_NAMES = {"accepted": "可办理", "rejected": "未通过", "review": "待核实", "exists": "已有借阅证"}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = commands.add_parser("template", help="write an import template")
    template.add_argument("kind", choices=["group"])
    template.add_argument("out", type=Path)
    template.add_argument("--with-document-type", action="store_true", help="for units that are not schools")

    imp = commands.add_parser("import-group", help="import a school or unit list (.xlsx, .xls, .csv)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--branch", required=True)
    imp.add_argument("--batch-name")
    imp.add_argument("--card-type", help="default: the profile's default card type")
    imp.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--report", type=Path, help="a workbook of every row's outcome, for the school")


def needs_database(args: argparse.Namespace) -> bool:
    return bool(args.command != "template")


def run_template(args: argparse.Namespace) -> None:
    print(write_template(args.out, args.with_document_type))


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command != "import-group":
        return False
    ctx = context(desk, args, settings)

    def progress(done: int, total: int) -> bool:
        if total >= 1000 and not args.json:
            print(f"\r{done}/{total}", end="", file=sys.stderr)
        return True

    with desk.uow() as uow:
        result = import_group(uow, ctx, args.file, args.batch_name, args.card_type, args.dry_run, progress=progress)
    if args.report:
        write_table(
            args.report,
            ["行号", "身份证号", "姓名", "结果", "原因"],
            [
                [
                    r.row,
                    mask_document(r.id_number) if r.id_number else "",
                    r.name,
                    STATUS_NAMES[r.status],
                    "；".join(r.reasons),
                ]
                for r in result.rows
            ],
        )
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        summary = result.summary
        print(
            f"{result.batch_name}: "
            + "，".join(f"{STATUS_NAMES[k]} {v}" for k, v in summary.items())
            + ("（试导入，未保存）" if args.dry_run else "")
        )
    return True
