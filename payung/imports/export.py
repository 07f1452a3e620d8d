"""Write an employer's roster (or an empty template) as CSV, .xlsx, or BPJS's SIPP layout.

The files use the columns the import reads, so an exported roster imports back unchanged.
Rows are streamed from the database (`values_list(...).iterator()`) and written with
xlsxwriter's constant-memory mode: no ORM object per row, memory flat with the roster's size.
Cells go through `payung.core.spreadsheets`: a name starting with `=`, `+`, `-` or `@` is text in
the .xlsx and gets a leading `'` in the CSV.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import OuterRef, Subquery

from payung.core.spreadsheets import CsvWriter, new_workbook
from payung.employers.models import Employer
from payung.enrollments.models import Enrollment
from payung.workers.models import Employment
from payung.workers.nik import make_nik
from payung.workers.selectors import wage_in_force

FORMATS = ("sipp", "xlsx", "csv")

COLUMNS = (
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "upah",
    "unit_kerja",
    "kategori",
    "tanggal_mulai",
    "kpj",
)

SIPP_SHEET = "data_tk_baru"
SIPP_COLUMNS = (
    "NO_PEGAWAI",
    "NAMA",
    "TEMPAT_LAHIR",
    "TGL_LAHIR",
    "NAMA_IBU_KANDUNG",
    "JENIS_IDENTITAS",
    "NOMOR_IDENTITAS",
    "JENIS_KELAMIN",
    "TANGGAL_KEPESERTAAN",
    "UPAH",
    "ALAMAT",
    "LOKASI_PEKERJAAN",
    "STATUS_PEGAWAI",
)
SIPP_STATUS = {
    "non_asn": "Non-ASN (honorer)",
    "village_official": "Aparat desa",
    "village_facilitator": "Pendamping desa",
}
"""STATUS_PEGAWAI as an office writes it; the import ignores this column (and LOKASI_PEKERJAAN)."""
SIPP_ROW_LIMIT = 10_000
"""BPJS's portal takes at most this many rows per SIPP file (regulation-facts §8)."""

CHUNK_ROWS = 5_000


def _wage(value: Decimal | None) -> str:
    """A wage as plain digits (decimals with a comma only when there are cents)."""
    if value is None:
        return ""
    whole = value.quantize(Decimal(1))
    if whole == value:
        return str(whole)
    return f"{value:.2f}".replace(".", ",")


def roster_rows(*, employer: Employer, on: date) -> Iterator[dict[str, Any]]:
    """The employer's participants on `on` (an enrolment in force), with unit, start and KPJ.

    Driven by the employer's enrolments (one row per program, grouped here per worker) so the
    database walks the employer's index rather than every worker in the register.
    """
    employment = (
        Employment.objects.active_on(on)
        .filter(employer=employer, worker_id=OuterRef("worker_id"))
        .order_by("-start_date", "-pk")
    )
    enrolments = (
        Enrollment.objects.active_on(on)
        .filter(employer=employer)
        .annotate(
            unit_code=Subquery(employment.values("unit__code")[:1]),
            unit_name=Subquery(employment.values("unit__name")[:1]),
            wage=wage_in_force(on),
        )
        .order_by("worker__name", "worker__nik", "start_date")
        .values_list(
            "worker_id",
            "worker__nik",
            "worker__name",
            "worker__birth_date",
            "worker__sex",
            "wage",
            "worker__category",
            "unit_code",
            "unit_name",
            "start_date",
            "kpj",
        )
    )
    current: dict[str, Any] | None = None
    for worker_id, *fields, start, kpj in enrolments.iterator(chunk_size=CHUNK_ROWS):
        if current is not None and current["worker_id"] == worker_id:
            current["kpj"] = current["kpj"] or kpj
            continue
        if current is not None:
            yield current
        current = dict(zip(ROW_KEYS, [worker_id, *fields, start, kpj], strict=True))
    if current is not None:
        yield current


ROW_KEYS = (
    "worker_id",
    "nik",
    "name",
    "birth_date",
    "sex",
    "wage",
    "category",
    "unit_code",
    "unit_name",
    "start",
    "kpj",
)


def _plain_row(row: dict[str, Any]) -> list[str]:
    return [
        row["nik"],
        row["name"],
        row["birth_date"].isoformat(),
        row["sex"],
        _wage(row["wage"]),
        row["unit_code"] or "",
        row["category"],
        row["start"].isoformat() if row["start"] else "",
        row["kpj"] or "",
    ]


def _sipp_row(row: dict[str, Any]) -> list[str]:
    start = row["start"]
    return [
        "",
        row["name"],
        "",
        f"{row['birth_date']:%d-%m-%Y}",
        "",
        "KTP",
        row["nik"],
        row["sex"],
        f"{start:%d-%m-%Y}" if start else "",
        _wage(row["wage"]),
        "",
        row["unit_name"] or "",
        SIPP_STATUS.get(row["category"], row["category"]),
    ]


def write_csv(rows: Iterable[list[str]], out: IO[str], *, header: Iterable[str]) -> int:
    """Write CSV (comma-delimited; the caller opens `out` with utf-8-sig for Excel)."""
    writer = CsvWriter(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(
    rows: Iterable[list[str]], out: Path | IO[bytes], *, header: Iterable[str], sheet: str
) -> int:
    """Write one sheet with every cell as text (column format "@"), in constant memory."""
    header = list(header)
    if isinstance(out, Path):
        workbook = new_workbook(out, constant_memory=True)
    else:
        workbook = new_workbook(out, in_memory=True)
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"num_format": "@", "bold": True})
    worksheet = workbook.add_worksheet(sheet)
    for column, name in enumerate(header):
        worksheet.set_column(column, column, max(14, len(name) + 2), text)
        worksheet.write_string(0, column, name, bold)
    count = 0
    write = worksheet.write_string  # never `write`: a name starting with "=" stays text
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value:  # an empty cell keeps its column's text format
                write(count, column, value)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return count


def write_roster(*, employer: Employer, fmt: str, out: Path | IO[Any], on: date) -> int:
    """Write the employer's roster on `on` in `fmt` (sipp, xlsx or csv); the number of rows."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rows = roster_rows(employer=employer, on=on)
    if fmt == "csv":
        if isinstance(out, Path):
            with out.open("w", encoding="utf-8-sig", newline="") as stream:
                return write_csv(map(_plain_row, rows), stream, header=COLUMNS)
        return write_csv(map(_plain_row, rows), out, header=COLUMNS)
    if fmt == "sipp":
        return write_xlsx(map(_sipp_row, rows), out, header=SIPP_COLUMNS, sheet=SIPP_SHEET)
    return write_xlsx(map(_plain_row, rows), out, header=COLUMNS, sheet="daftar_pekerja")


EXAMPLE_BIRTH = date(1990, 5, 17)


def example_row() -> list[str]:
    """One made-up but valid row for the template: a woman born 17 May 1990 in Kendari."""
    nik = make_nik(district_code="74.71.01", birth_date=EXAMPLE_BIRTH, sex="P", serial=1)
    return [
        nik,
        "Contoh Nama Pekerja",
        f"{EXAMPLE_BIRTH:%d-%m-%Y}",
        "P",
        "2.500.000",
        "DAMKAR",
        "non_asn",
        "01-01-2026",
        "",
    ]


def write_template(*, fmt: str, out: IO[Any]) -> None:
    """The documented columns and one example row, as .csv (`out` text) or .xlsx (`out` bytes)."""
    if fmt == "csv":
        write_csv([example_row()], out, header=COLUMNS)
    else:
        write_xlsx([example_row()], out, header=COLUMNS, sheet="daftar_pekerja")
