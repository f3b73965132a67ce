"""`carddesk template group` and `carddesk import-group`: the school batch commands library IT scripts."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from desk_app import cli_args
from desk_app.batch_desk import BatchDesk
from desk_app.bootstrap import OpenDesk
from desk_app.core.batch import results, school_classes
from desk_app.core.clock import local_minute
from desk_app.core.commands import ConsentArrived, SchoolClassChange
from desk_app.core.errors import DeskError
from desk_app.core.exports import write_table
from desk_app.core.privacy import mask_document, mask_text
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.lookup import find_card
from desk_app.crashpoints import crashpoint
from desk_app.union_desk import UnionLink, run_command

ContextMaker = Callable[[OpenDesk, argparse.Namespace, dict[str, object]], DeskContext]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = commands.add_parser("template", help="write an import template")
    template.add_argument("kind", choices=["group"])
    template.add_argument("out", type=Path)
    template.add_argument(
        "--with-document-type", action="store_true", help="a unit's list whatever the profile's own (Foshan 6.1.3.1)"
    )

    imp = commands.add_parser("import-group", help="import a school or unit list (.xlsx, .xls, .csv)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--branch", required=True)
    imp.add_argument("--batch-name")
    imp.add_argument("--card-type", help="default: the profile's default card type")
    imp.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--report", type=Path, help="a workbook of every row's outcome, for the school")
    imp.add_argument("--school", help="check the classes against this school's class parameters")
    imp.add_argument("--again", action="store_true", help="this file was imported before: make a second batch")

    school = commands.add_parser("school-classes", help="a school's grades and classes").add_subparsers(
        dest="school_command", required=True
    )
    add_class_cmd = school.add_parser("add")
    add_class_cmd.add_argument("--school", required=True)
    add_class_cmd.add_argument("--grade", required=True)
    add_class_cmd.add_argument("--class", dest="class_name", required=True)
    retire = school.add_parser("remove")
    retire.add_argument("--school", required=True)
    retire.add_argument("--class", dest="class_name", required=True)
    listing = school.add_parser("list")
    listing.add_argument("--school", required=True)
    listing.add_argument("--json", action="store_true")

    batch = commands.add_parser("batch", help="review imported batches").add_subparsers(
        dest="batch_command", required=True
    )
    listing = batch.add_parser("list", help="every batch with its progress")
    listing.add_argument("--json", action="store_true")
    approve_cmd = batch.add_parser("approve", help="open online cards for the accepted rows (supervisors)")
    approve_cmd.add_argument("batch")
    approve_cmd.add_argument("--rows", help="only these spreadsheet rows, e.g. 4,5,9")
    edit = batch.add_parser("edit", help="correct a row before approval")
    edit.add_argument("batch")
    edit.add_argument("row", type=cli_args.positive)
    edit.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field of the library's list: id_number, name, phone, doc_type... (the error lists them)",
    )
    confirm = batch.add_parser("confirm", help="accept a row that went to review, saying why (supervisors)")
    confirm.add_argument("batch")
    confirm.add_argument("row", type=cli_args.positive)
    confirm.add_argument("--reason", required=True)
    delete = batch.add_parser("delete", help="take a row out before approval")
    delete.add_argument("batch")
    delete.add_argument("row", type=cli_args.positive)
    export = batch.add_parser("export", help="the batch's students and outcomes as .xlsx or .csv (masked)")
    export.add_argument("batch")
    export.add_argument("--out", type=Path, required=True)

    consent = commands.add_parser("consent", help="record that a guardian's signed authorisation arrived")
    consent.add_argument("card", help="card number, barcode or chip UID")
    consent.add_argument("--received-from", required=True, help="who brought it (the guardian's name)")
    consent.add_argument("--guardian-doc-number", help="the guardian's own document, checked against the one listed")
    consent.add_argument("--guardian-doc-type", default="resident_id")
    consent.add_argument("--relationship", default="", help="how the guardian is related to the reader (父亲, 母亲…)")


def needs_database(args: argparse.Namespace) -> bool:
    return bool(args.command != "template")


def run_template(args: argparse.Namespace, profile_name: str) -> None:
    """The profile's own list: a school's for Chongqing, a unit's for Foshan (and, by choice, the others)."""
    from desk_app.core.batch.columns import UNIT_TEMPLATE, template_for
    from desk_app.core.batch.template import write_template  # openpyxl: only when a template is written
    from desk_app.core.policy import load_profile

    template = UNIT_TEMPLATE if args.with_document_type else template_for(load_profile(profile_name))
    print(write_template(args.out, template))


def _review(desk: OpenDesk, args: argparse.Namespace, ctx: DeskContext, settings: dict[str, object]) -> None:
    batch_id = str(uuid.UUID(args.batch)) if getattr(args, "batch", None) else None
    union = UnionLink(desk, dict(settings), list(getattr(args, "union_sessions", [])))
    batches = BatchDesk(desk, ctx, union)
    if args.batch_command == "list":
        found = batches.progress()
        if args.json:
            print(json.dumps([asdict(b) for b in found], ensure_ascii=False))
        for b in [] if args.json else found:
            when = local_minute(b.created_at, desk.profile.timezone)
            print(f"{b.id}\t{when}\t{b.name}\t{b.status}\t{b.counts}")
    elif args.batch_command == "approve" and batch_id:
        chosen = [int(r) for r in args.rows.split(",")] if args.rows else None
        counts = batches.approve(batch_id, chosen)
        crashpoint("batch.approved")
        print(json.dumps(counts, ensure_ascii=False))
    elif args.batch_command == "edit" and batch_id:
        malformed = [item for item in args.set if "=" not in item]
        if malformed:
            raise DeskError("batch.unknown_field", fields="、".join(malformed), allowed="FIELD=VALUE")
        row = batches.edit(batch_id, args.row, dict(item.split("=", 1) for item in args.set))
        print(f"{row.row}\t{row.status}\t{'；'.join(row.reasons)}")
    elif args.batch_command == "confirm" and batch_id:
        row = batches.confirm(batch_id, args.row, args.reason)
        print(f"{row.row}\t{row.status}")
    elif args.batch_command == "delete" and batch_id:
        batches.delete(batch_id, args.row)
        print(f"deleted row {args.row}")
    elif batch_id:
        print(batches.export(batch_id, args.out))


def run(desk: OpenDesk, args: argparse.Namespace, settings: dict[str, object], context: ContextMaker) -> bool:
    if args.command == "batch":
        _review(desk, args, context(desk, args, settings), settings)
        return True
    if args.command == "school-classes":
        if args.school_command == "add":
            change = SchoolClassChange(args.school, args.class_name, args.grade)
            run_command(desk, context(desk, args, settings), "add_school_class", change)
        elif args.school_command == "remove":
            change = SchoolClassChange(args.school, args.class_name)
            run_command(desk, context(desk, args, settings), "remove_school_class", change)
        with desk.uow() as uow:
            found = school_classes.classes_of(uow, args.school)
        if getattr(args, "json", False):
            print(json.dumps([{"grade": c.grade, "class": c.class_name} for c in found], ensure_ascii=False))
        else:
            for c in found:
                print(f"{c.grade}\t{c.class_name}")
        return True
    if args.command == "consent":
        document = None
        if args.guardian_doc_number:
            document = DocumentInput(args.guardian_doc_type, args.guardian_doc_number)
        number = run_command(desk, context(desk, args, settings), "record_consent",
                             ConsentArrived(args.card, args.received_from, document, args.relationship))  # fmt: skip
        with desk.uow() as uow:
            card = find_card(uow, number)
        print(f"{card.number}\t{card.status.value}")
        return True
    if args.command != "import-group":
        return False
    ctx = context(desk, args, settings)

    def progress(done: int, total: int) -> bool:
        if total >= 1000 and not args.json:
            print(f"\r{done}/{total}", end="", file=sys.stderr)
        return True

    result = BatchDesk(desk, ctx).import_file(
        args.file, args.batch_name or "", args.dry_run, progress, args.again, args.card_type, args.school
    )
    crashpoint("batch.imported")
    if args.report:
        write_table(
            args.report,
            ["行号", "身份证号", "姓名", "结果", "原因"],
            [
                [
                    r.row,
                    mask_document(r.id_number) if r.id_number else "",
                    r.name,
                    results.STATUS_NAMES[r.status],
                    mask_text("；".join(r.reasons)),
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
            + "，".join(f"{results.STATUS_NAMES[k]} {v}" for k, v in summary.items())
            + ("（试导入，未保存）" if args.dry_run else "")
        )
    return True
