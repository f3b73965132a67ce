"""Writing spreadsheets people open in Excel: cells that would run as formulas are neutralised."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """OWASP's advice against CSV/formula injection: a text cell starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """CSV (UTF-8 with BOM, as Excel in China expects) or XLSX by the file's suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = [[safe_cell(v) for v in row] for row in rows]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook  # loaded with the first export, not at start-up
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(headers))
        for row in clean:
            # openpyxl would store a string starting with "=" as a formula: write every value as data.
            # Control characters cannot exist in XLSX: they show as U+FFFD instead of failing the export.
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(v)) if v is not None else "" for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        book.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(clean)
    return path
