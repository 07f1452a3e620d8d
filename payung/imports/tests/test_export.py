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
