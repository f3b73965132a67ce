"""Reading the spreadsheets schools send: .xlsx, .xls and .csv (UTF-8 or the GB18030 Chinese Excel saves).

The header row is found by its names on whichever sheet has it; other sheets, rows above the header and blank
rows are passed over. Cells are returned as the file holds them, so that a number Excel made of an ID can be
told from text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_app.core.batch.columns import ALL_COLUMNS, Column, match_columns
from desk_app.core.errors import DeskError
from desk_app.core.filenames import safe_file_label

HEADER_SEARCH_ROWS = 30
COLUMNS: tuple[Column, ...] = ALL_COLUMNS


@dataclass(frozen=True)
class RawRow:
    row: int  # the row number as the spreadsheet shows it
    values: dict[str, Any]


@dataclass(frozen=True)
class SheetRows:
    file_label: str
    sheet: str
    rows: tuple[RawRow, ...]
    has_document_type: bool


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _from_rows(label: str, sheet: str, rows: Iterable[tuple[int, list[Any]]]) -> SheetRows | None:
    iterator = iter(rows)
    mapping: dict[str, int] = {}
    for number, cells in iterator:
        found = match_columns(cells, COLUMNS)
        if "id_number" in found and "name" in found:
            mapping = found
            break
        if number > HEADER_SEARCH_ROWS:
            return None
    if not mapping:
        return None
    result = []
    for number, cells in iterator:
        values = {key: (cells[index] if index < len(cells) else None) for key, index in mapping.items()}
        if all(_blank(v) for v in values.values()):
            continue
        result.append(RawRow(number, values))
    return SheetRows(label, sheet, tuple(result), "doc_type" in mapping)


def _xlsx(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            yield sheet.title, ((n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        book.close()


def _xls(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    for sheet in book.sheets():
        yield sheet.name, ((n + 1, list(sheet.row_values(n))) for n in range(sheet.nrows))


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; what fails as UTF-8 is the GB18030 that Chinese Excel saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _csv(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    text = decode_csv(path.read_bytes())
    yield "csv", ((n, list(r)) for n, r in enumerate(csv.reader(io.StringIO(text)), start=1))


READERS = {".xlsx": _xlsx, ".xlsm": _xlsx, ".xls": _xls, ".csv": _csv}


def read_spreadsheet(path: Path, original_name: str | None = None) -> SheetRows:
    label = safe_file_label(original_name or path.name)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DeskError("batch.unsupported", file=label)
    try:
        for sheet, rows in reader(path):
            found = _from_rows(label, sheet, rows)
            if found is not None:
                return found
    except DeskError:
        raise
    except Exception as err:
        # openpyxl and xlrd raise many kinds of errors for a damaged file (BadZipFile, KeyError, XLRDError,
        # struct errors...); to the user they all mean the same thing.
        raise DeskError("batch.unreadable", file=label, reason=type(err).__name__) from err
    raise DeskError("batch.no_header", file=label)
