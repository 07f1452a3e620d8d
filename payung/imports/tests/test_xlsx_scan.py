"""Hostile .xlsx files are refused, or read, in bounded memory (issue 11, finding 2).

Each hostile file is opened in a child process whose address space is capped a little above what
the child holds before reading it: a reader that lets python-calamine build the sheet's grid
aborts the child (and fails the test) instead of taking the machine down.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from payung.imports import xlsx_scan
from payung.imports.xlsx_scan import GridTooLarge, UnsafeMarkup, check_xlsx

from .rosters import sheet_xml, text_cell, write_raw_xlsx, write_xlsx

NIK = "7471014107900001"
HEADER_CELLS = text_cell("A1", "nik") + text_cell("B1", "nama")
HEADROOM = 400 * 2**20
"""The child may take this much beyond what it holds before opening the file."""

_CHILD = """
import json, resource, sys
from pathlib import Path

from django.conf import settings

settings.configure()
from payung.imports.reading import ImportRefused, open_roster

def peak():
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024

with open("/proc/self/clear_refs", "w") as reset:
    reset.write("5")  # the peak resident size starts again from here
before = peak()
size = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (size + int(sys.argv[2]), resource.RLIM_INFINITY))
try:
    roster = open_roster(Path(sys.argv[1]))
    outcome = {"rows": [cells[:2] for _, cells in roster.rows()]}
except ImportRefused as refused:
    outcome = {"code": refused.code, "message": str(refused)}
outcome["grew"] = peak() - before
print(json.dumps(outcome, default=str))
"""


def read_in_child(path: Path) -> dict[str, Any]:
    """Open and read a roster in a child capped at HEADROOM more memory; what it found."""
    root = Path(__file__).resolve().parents[3]
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(HEADROOM)],
        capture_output=True,
        text=True,
        cwd=root,
        env=environment,
        timeout=120,
    )
    assert child.returncode == 0, (
        f"the reader died on {path.name} (exit {child.returncode}): {child.stderr[-1500:]}"
    )
    return dict(json.loads(child.stdout))


def far_corner(path: Path, cells: str, *, dimension: str | None = "A1:B2", **parts: Any) -> Path:
    return write_raw_xlsx(path, sheet_xml(cells, dimension=dimension), **parts)


def test_one_cell_at_xfd1048576_is_refused_without_building_the_sheet(tmp_path):
    """The 5 KB file of the audit: calamine would ask for 550 GB."""
    path = far_corner(
        tmp_path / "far.xlsx",
        f'<row r="1">{HEADER_CELLS}</row><row r="1048576">{text_cell("XFD1048576", "x")}</row>',
        dimension="A1:XFD1048576",
    )
    assert path.stat().st_size < 5 * 1024
    outcome = read_in_child(path)
    assert outcome["code"] == "file_range_too_large"
    assert "XFD1048576" in outcome["message"]
    assert "16.384 kolom × 1.048.576 baris" in outcome["message"]
    assert outcome["grew"] < 64 * 2**20


def test_a1_cv1000000_with_cells_at_its_corners_is_refused(tmp_path):
    """Range A1:CV1000000 and four cells: a 100-million-cell grid, 3.2 GB, for a 2 KB file."""
    path = far_corner(
        tmp_path / "wide.xlsx",
        f'<row r="1">{HEADER_CELLS}{text_cell("CV1", "catatan")}</row>'
        f'<row r="1000000">{text_cell("A1000000", NIK)}</row>',
        dimension="A1:CV1000000",
    )
    outcome = read_in_child(path)
    assert outcome["code"] == "file_range_too_large"
    assert "CV1000000" in outcome["message"]


def test_a_declared_range_alone_costs_nothing_and_the_few_cells_are_read(tmp_path):
    """calamine sizes the grid by the cells present, not by `<dimension>`: such a file is read.

    (Today's reader reads it as well; this keeps the fix from refusing it.)
    """
    path = far_corner(
        tmp_path / "declared.xlsx",
        f'<row r="1">{HEADER_CELLS}</row>'
        f'<row r="2">{text_cell("A2", NIK)}{text_cell("B2", "Siti")}</row>',
        dimension="A1:CV1000000",
    )
    outcome = read_in_child(path)
    assert outcome["rows"] == [[NIK, "Siti"]]
    assert outcome["grew"] < 64 * 2**20


def test_more_shared_texts_announced_than_held_is_refused(tmp_path):
    """`uniqueCount` makes calamine reserve 24 bytes per announced text: 96 GB here."""
    path = far_corner(
        tmp_path / "strings.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
        shared_strings=(
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'count="2" uniqueCount="4000000000"><si><t>nik</t></si><si><t>nama</t></si></sst>'
        ),
    )
    outcome = read_in_child(path)
    assert outcome["code"] == "file_unreadable"
    assert "4,000,000,000 shared texts" in outcome["message"]


FAR = "CV500000"
"""A cell whose grid (100 columns × 500,000 rows) calamine would fill with 1.6 GB."""


def _variant(name: str, cells: str, dimension: str | None = "A1:B2") -> Any:
    return pytest.param(cells, dimension, id=name)


@pytest.mark.parametrize(
    ("cells", "dimension"),
    [
        _variant("second-r", text_cell("B1", "x", f' r="{FAR}"')),
        _variant("no-space", f'<c t="inlineStr"r="{FAR}"><is><t>x</t></is></c>', None),
        _variant("quoted-gt", f'<c a=">" r="{FAR}" t="inlineStr"><is><t>x</t></is></c>', None),
        _variant(
            "prefixed",
            f'<x:c xmlns:x="urn:x" r="{FAR}" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',
        ),
        _variant("lower-case", text_cell(FAR.lower(), "x")),
        _variant("spaced-equals", f'<c r = "{FAR}" t="inlineStr"><is><t>x</t></is></c>'),
        _variant("single-quotes", f"<c r='{FAR}' t='inlineStr'><is><t>x</t></is></c>"),
        _variant("r-not-first", f'<c t="inlineStr" r="{FAR}"><is><t>x</t></is></c>', None),
        _variant("dimension-lies", text_cell(FAR, "x")),
        _variant("no-dimension", text_cell(FAR, "x"), None),
        _variant("leading-zeros", text_cell("CV000500000", "x")),
    ],
)
def test_a_far_cell_written_any_way_calamine_reads_is_refused(tmp_path, cells, dimension):
    """Each way of writing a cell that calamine accepts: it would fill a 1.6 GB grid."""
    path = far_corner(
        tmp_path / "odd.xlsx",
        f'<row r="1">{HEADER_CELLS}</row><row r="2">{cells}</row>',
        dimension=dimension,
    )
    assert read_in_child(path)["code"] == "file_range_too_large"


def test_cells_without_references_are_placed_as_calamine_places_them(tmp_path):
    """No `r`: each cell follows the previous one of its row, on the row its `<row r>` gives."""
    empty_cells = "<c/>" * 98
    path = far_corner(
        tmp_path / "implicit.xlsx",
        f'<row r="1">{HEADER_CELLS}</row>'
        f'<row r="500000"><c t="inlineStr"><is><t>{NIK}</t></is></c>{empty_cells}'
        '<c t="inlineStr"><is><t>x</t></is></c></row>',
        dimension=None,
    )
    outcome = read_in_child(path)
    assert outcome["code"] == "file_range_too_large"
    assert "CV500000" in outcome["message"]


def test_a_sheet_in_a_part_with_an_unusual_name_is_checked_too(tmp_path):
    path = far_corner(
        tmp_path / "part.xlsx",
        f'<row r="1">{HEADER_CELLS}</row><row r="2">{text_cell(FAR, "x")}</row>',
        sheet_part="xl/worksheets/data.bin",
    )
    assert read_in_child(path)["code"] == "file_range_too_large"


def test_a_plain_roster_is_read_as_before(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [[NIK, "Siti"]] * 3, header=["nik", "nama"])
    assert read_in_child(path)["rows"] == [[NIK, "Siti"]] * 3


@pytest.fixture
def small_allowance(monkeypatch):
    """A grid of at most 100 cells whatever the file's size, so tiny files probe the bounds."""
    monkeypatch.setattr(xlsx_scan, "MIN_GRID_CELLS", 100)
    monkeypatch.setattr(xlsx_scan, "GRID_CELLS_PER_BYTE", 0)


@pytest.mark.parametrize("dimension", ["A1:J10", "A1:B2", None])
def test_the_grid_may_reach_the_allowance_and_not_one_row_more(
    tmp_path, small_allowance, dimension
):
    """Exact bounds, whether the plain-way scan or the tag-by-tag reading decides."""
    inside = far_corner(tmp_path / "in.xlsx", text_cell("J10", "x"), dimension=dimension)
    check_xlsx(inside)
    outside = far_corner(tmp_path / "out.xlsx", text_cell("J11", "x"), dimension=dimension)
    with pytest.raises(GridTooLarge) as refused:
        check_xlsx(outside)
    assert (refused.value.columns, refused.value.rows, refused.value.last_cell) == (10, 11, "J11")


def test_cells_in_comments_are_not_cells(tmp_path, small_allowance):
    path = far_corner(
        tmp_path / "comment.xlsx",
        f'<row r="1">{text_cell("A1", "nik")}<!-- {text_cell(FAR, "x")} --></row>',
        dimension=None,
    )
    check_xlsx(path)


def test_end_tags_out_of_order_inside_a_cell_are_refused(tmp_path, small_allowance):
    """A reader that took this `</c></row>` inside `<v>` as the ends of the cell and the row
    would put these ten cells one under another (a 30-cell grid) where a reader that reads `<v>`
    whole puts them side by side on row 20 (200 cells): no count is made of such markup."""
    swallowing = '<c t="n"><v>1</c></row></v></c>' * 10
    path = far_corner(tmp_path / "swallow.xlsx", f'<row r="20">{swallowing}</row>', dimension=None)
    with pytest.raises(UnsafeMarkup, match="out of order"):
        check_xlsx(path)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (f'<c r="A1"><v>1</v>{text_cell("B1", "x")}</c>', "a c tag inside a cell"),
        ('<row r="2"><c r="A2"><v>1</v><row r="3"/></c></row>', "a row tag inside a cell"),
        ('<c r="1A"><v>1</v></c>', "cell reference"),
        ('<c r="A1" hidden><v>1</v></c>', "attributes"),
    ],
)
def test_markup_calamine_might_read_otherwise_is_refused(tmp_path, cells, reason):
    path = far_corner(tmp_path / "odd.xlsx", cells, dimension=None)
    with pytest.raises(UnsafeMarkup, match=reason):
        check_xlsx(path)


def test_numbers_of_any_length_are_read_as_calamine_bounds_them(tmp_path):
    """calamine keeps 32 bits of a row number: a 5,000-digit one is as far as it can get."""
    path = far_corner(
        tmp_path / "digits.xlsx", text_cell("B" + "9" * 5000, "x"), dimension="A1:B" + "9" * 5000
    )
    with pytest.raises(GridTooLarge) as refused:
        check_xlsx(path)
    assert refused.value.rows == 2**32


def test_a_part_in_utf16_is_refused(tmp_path):
    path = tmp_path / "utf16.xlsx"
    write_raw_xlsx(path, sheet_xml(text_cell("A1", "nik")))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/worksheets/sheet2.xml", sheet_xml("").encode("utf-16"))
    with pytest.raises(UnsafeMarkup, match="UTF-16"):
        check_xlsx(path)


@pytest.mark.parametrize(
    "cell",
    [
        f'<c r="A1"{" " * 5000}t="inlineStr"><is><t>x</t></is></c>',
        f'<{"x" * 5000}:c r="A1" t="inlineStr"><is><t>x</t></is></c>',
    ],
)
def test_a_tag_longer_than_the_buffer_is_refused(tmp_path, monkeypatch, cell):
    monkeypatch.setattr(xlsx_scan, "MAX_MARKUP_BYTES", 1000)
    monkeypatch.setattr(xlsx_scan, "CHUNK_BYTES", 100)
    path = far_corner(tmp_path / "long.xlsx", cell, dimension=None)
    with pytest.raises(UnsafeMarkup, match="longer than"):
        check_xlsx(path)


def test_long_text_and_binary_parts_are_no_tags(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_scan, "MAX_MARKUP_BYTES", 1000)
    monkeypatch.setattr(xlsx_scan, "CHUNK_BYTES", 100)
    path = far_corner(tmp_path / "text.xlsx", text_cell("A1", "x" * 5000))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/image1.bin", b"\x89PNG<\x00\x00 " + b"\x00" * 10_000)
        archive.writestr("xl/media/image2.bin", bytes(range(256)) * 100)
    check_xlsx(path)


@pytest.mark.parametrize(("columns", "rows"), [(1, 1), (26, 9), (27, 10), (702, 100001)])
def test_the_plain_way_accepts_exactly_the_references_within_the_dimension(columns, rows):
    pattern = xlsx_scan._irregular_cell(xlsx_scan.Extent(rows=rows, columns=columns))
    for column in {1, max(columns - 1, 1), columns, columns + 1}:
        for row in {1, max(rows - 1, 1), rows, rows + 1, rows * 10}:
            reference = f"{xlsx_scan.column_letters(column)}{row}"
            tag = f'<c r="{reference}" s="1" t="s">'.encode()
            inside = column <= columns and row <= rows
            assert (pattern.search(tag) is None) == inside, reference


def test_column_letters_and_numbers_agree():
    for number in (1, 26, 27, 52, 53, 702, 703, 16384):
        assert xlsx_scan.column_number(xlsx_scan.column_letters(number).encode()) == number
    assert xlsx_scan.column_letters(16384) == "XFD"


def test_the_child_cap_is_real():
    """The cap the hostile-file tests rely on stops an allocation past it."""
    script = (
        "import resource\n"
        "size = int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize()\n"
        f"resource.setrlimit(resource.RLIMIT_AS, (size + {HEADROOM}, resource.RLIM_INFINITY))\n"
        f"bytearray({2 * HEADROOM})\n"
    )
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert child.returncode != 0
    assert "MemoryError" in child.stderr
