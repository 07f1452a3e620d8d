"""Roster files for the import tests, written into tmp_path (no binary fixture is committed)."""

import csv
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import xlsxwriter

from payung.workers.nik import make_nik

_serials = count(0)
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "upah", "unit_kerja"]


def fresh_nik(*, born: date = date(1991, 3, 14), sex: str = "L", district: str = "") -> str:
    """A valid NIK no demo worker has: issued in Makassar (Sulawesi Selatan), not Sultra."""
    number = next(_serials)
    district = district or f"73.71.{number // 9999 % 99 + 1:02d}"
    return make_nik(district_code=district, birth_date=born, sex=sex, serial=number % 9999 + 1)


def person(
    name: str = "Wa Ode Test", *, born: date = date(1991, 3, 14), sex: str = "L", **extra: Any
) -> dict[str, Any]:
    """A valid row: NIK, name, birth date (DD-MM-YYYY) and sex that agree."""
    return {
        "nik": fresh_nik(born=born, sex=sex),
        "nama": name,
        "tanggal_lahir": f"{born:%d-%m-%Y}",
        "jenis_kelamin": sex,
        **extra,
    }


def write_csv(
    path: Path,
    rows: Iterable[dict[str, Any] | Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ";",
    bom: bool = False,
) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(header)
        for row in rows:
            if isinstance(row, dict):
                out.writerow([row.get(_key(name), "") for name in header])
            else:
                out.writerow(row)
    return path


def write_xlsx(
    path: Path,
    rows: Iterable[dict[str, Any] | Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    sheet: str = "Sheet1",
    first_row: int = 0,
) -> Path:
    """Text cells stay text (as a NIK column formatted as Text); dates become date cells."""
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    worksheet.write_row(first_row, 0, list(header))
    for line, row in enumerate(rows, start=first_row + 1):
        values = [row.get(_key(name)) for name in header] if isinstance(row, dict) else row
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, date):
                moment = value if isinstance(value, datetime) else datetime(*value.timetuple()[:3])
                worksheet.write_datetime(line, column, moment, date_format)
            elif isinstance(value, (int, float)):
                worksheet.write_number(line, column, value)
            else:
                worksheet.write_string(line, column, str(value))
    workbook.close()
    return path


def _key(header: str) -> str:
    return "_".join(header.lower().split()).replace("-", "_")


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELATIONSHIP = (
    '<Relationship Id="{id}" Target="{target}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
)


def sheet_xml(cells: str, *, dimension: str | None = "A1:B2") -> str:
    """A worksheet part whose `<sheetData>` holds `cells` (raw markup: rows and cells)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension is not None else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{cells}</sheetData></worksheet>"
    )


def text_cell(reference: str, text: str, attributes: str = "") -> str:
    return f'<c r="{reference}" t="inlineStr"{attributes}><is><t>{text}</t></is></c>'


def write_raw_xlsx(
    path: Path,
    sheet: str,
    *,
    sheet_part: str = "xl/worksheets/sheet1.xml",
    shared_strings: str | None = None,
) -> Path:
    """An .xlsx assembled from raw parts, as a hostile or odd program could write it."""
    relationships = [_RELATIONSHIP.format(id="rId1", target="/" + sheet_part, kind="worksheet")]
    if shared_strings is not None:
        relationships.append(
            _RELATIONSHIP.format(id="rId2", target="sharedStrings.xml", kind="sharedStrings")
        )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(relationships)
            + "</Relationships>",
        )
        archive.writestr(sheet_part, sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return path
