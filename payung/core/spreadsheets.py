"""CSV and .xlsx cells that a spreadsheet shows as written: text never becomes a formula.

Excel, LibreOffice and Google Sheets run a cell starting with `=`, `+`, `-` or `@` (some also
after a tab or a carriage return) as a formula: a payment reference `=HYPERLINK("http://…")` or
a name `-2+3+cmd|' /C calc'!A0` would act when an officer opens the file. Every CSV and .xlsx
that Payung writes goes through this module:

- CSV: a text cell starting with one of them (after any spaces) gets a leading `'`, which
  spreadsheets show and never run; numbers we computed (a negative amount) are written as
  numbers. A row with a `;` or tab inside a cell is fully quoted, because a spreadsheet set to
  the Indonesian list separator (`;`) would otherwise split that cell and start a new one there.
- .xlsx: text is written with `write_string` (a string cell is never evaluated), numbers with
  `write_number`, and workbooks are opened with xlsxwriter's formula and URL conversion off, so
  even a stray `write` keeps text as text.
"""

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # xlsxwriter loads when a workbook is written, not with every command
    from xlsxwriter import Workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_SPLITTING_SEPARATORS = (";", "\t")

type Cell = str | int | float | Decimal | date | bool | None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take `text` as a formula when it reads it from a CSV."""
    return text.lstrip(" ").startswith(FORMULA_STARTS)


def escape_text(text: str) -> str:
    """`text` as a CSV cell a spreadsheet shows and never runs: `'` before a formula start."""
    return ESCAPE + text if is_formula_like(text) else text


def unescape_text(text: str) -> str:
    """The inverse of `escape_text`, for reading back a CSV that Payung (or a user) escaped."""
    if text.startswith(ESCAPE) and is_formula_like(text[1:]):
        return text[1:]
    return text


def csv_cell(value: Cell) -> str | int | float | Decimal:
    """One value as a CSV cell: text escaped, numbers as numbers, dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return escape_text(str(value))


class CsvWriter:
    """`csv.writer` whose every row goes through `csv_cell`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        options.setdefault("lineterminator", "\r\n")
        self._minimal = csv.writer(out, **options)
        self._quoted = csv.writer(out, **{**options, "quoting": csv.QUOTE_STRINGS})

    def writerow(self, row: Iterable[Cell]) -> None:
        cells = [csv_cell(value) for value in row]
        splits = any(
            isinstance(cell, str) and any(sep in cell for sep in _SPLITTING_SEPARATORS)
            for cell in cells
        )
        (self._quoted if splits else self._minimal).writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Cell]]) -> None:
        for row in rows:
            self.writerow(row)


WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def new_workbook(out: Path | IO[bytes], **options: Any) -> "Workbook":
    """An xlsxwriter workbook that never turns text into formulas or links."""
    import xlsxwriter

    target = str(out) if isinstance(out, Path) else out
    return xlsxwriter.Workbook(target, {**options, **WORKBOOK_OPTIONS})


def write_cell(
    sheet: "Worksheet", row: int, column: int, value: Cell, cell_format: "Format | None" = None
) -> None:
    """One cell: text as a string cell, numbers as numbers, dates as ISO text, None blank."""
    if value is None:
        if cell_format is not None:
            sheet.write_blank(row, column, None, cell_format)
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, value, cell_format)
    elif isinstance(value, date):
        sheet.write_string(row, column, value.isoformat(), cell_format)
    else:
        sheet.write_string(row, column, str(value), cell_format)


def write_cells(
    sheet: "Worksheet",
    row: int,
    first_column: int,
    values: Iterable[Cell],
    cell_format: "Format | None" = None,
) -> None:
    """A row of cells from `first_column` on, each through `write_cell`."""
    for column, value in enumerate(values, start=first_column):
        write_cell(sheet, row, column, value, cell_format)
