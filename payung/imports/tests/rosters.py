"""Roster files for the import tests, written into tmp_path (no binary fixture is committed)."""

import csv
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
