"""Read a roster file row by row: CSV (any of `,` `;` tab), .xlsx, and BPJS's SIPP template.

Rows are streamed, never loaded whole (an .xlsx sheet is held by python-calamine in Rust, but no
Python object per cell is kept; `xlsx_scan` first makes sure that holding it takes memory in
proportion to the file). Row numbers are the ones a spreadsheet shows: the header is row 1.
Limits (file size, row count, .xlsx decompressed size) are read from settings at call time.
"""

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from payung.core.errors import DomainError, Refusal
from payung.core.spreadsheets import unescape_text

from .xlsx_scan import GridTooLarge, XlsxScanError, check_xlsx

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
DEFAULT_MAX_COMPRESSION_RATIO = 200
# Small zip members (styles, shared strings of a tiny file) may compress far better than that.
_RATIO_CHECKED_FROM_BYTES = 1024 * 1024

REQUIRED_COLUMNS = ("nik", "nama")
OPTIONAL_COLUMNS = (
    "tanggal_lahir",
    "jenis_kelamin",
    "upah",
    "unit_kerja",
    "kategori",
    "tanggal_mulai",
    "kpj",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

SIPP_SHEET = "data_tk_baru"
# SIPP Online's bulk-registration columns (regulation-facts §8) that carry one of ours.
SIPP_ALIASES = {
    "nomor_identitas": "nik",
    "tgl_lahir": "tanggal_lahir",
    "tanggal_kepesertaan": "tanggal_mulai",
}
# SIPP columns Payung has no field for: known, so not reported as unknown.
SIPP_IGNORED = frozenset(
    {
        "no_pegawai",
        "tempat_lahir",
        "nama_ibu_kandung",
        "jenis_identitas",
        "alamat",
        "lokasi_pekerjaan",
        "status_pegawai",
    }
)

type Cell = str | float | int | bool | date | datetime | None

_HEADER_SEPARATORS = re.compile(r"[\s_]+")
_DELIMITERS = (",", ";", "\t")


class ImportRefused(DomainError):
    """The whole file is refused: unreadable, too big, a missing column, or a refused row."""


def refused(code: str, message_id: str, message_en: str) -> ImportRefused:
    return ImportRefused(Refusal(code, message_id, message_en))


def normalise_header(name: object) -> str:
    """`" Tanggal  Lahir"`, `"TANGGAL_LAHIR"` and `"tanggal lahir"` all give `tanggal_lahir`."""
    text = str(name or "").replace("\ufeff", "").replace("\u200b", "").strip().lower()
    return _HEADER_SEPARATORS.sub("_", text)


@dataclass
class Roster:
    """An opened roster: its columns, and a one-pass iterator over its data rows."""

    path: Path
    layout: str  # "csv", "xlsx" or "sipp"
    header: list[Cell]  # the header row as written
    header_row: int  # its spreadsheet row number (1 in a well-formed file)
    columns: dict[str, int]  # our column name -> position in a row
    unknown_columns: list[str]
    total_rows: int | None  # data rows at most (blank rows included), when known up front
    _rows: Iterator[tuple[int, list[Cell]]] = field(repr=False)

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(spreadsheet row number, cells) of each non-blank data row, at most the row limit."""
        limit = max_rows()
        seen = 0
        for number, cells in self._rows:
            first = cells[0] if cells else None
            if not (first.__class__ is str and first.strip()) and all(  # type: ignore[union-attr]
                _is_blank(cell) for cell in cells
            ):
                continue
            seen += 1
            if seen > limit:
                raise refused(
                    "file_too_many_rows",
                    f"Berkas memuat lebih dari {limit:,} baris data; bagi menjadi beberapa berkas.",
                    f"The file has more than {limit:,} data rows; split it into several files.",
                )
            yield number, cells


def max_bytes() -> int:
    return int(getattr(settings, "PAYUNG_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "PAYUNG_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def open_roster(path: Path) -> Roster:
    """Open a roster file, check its limits and header, or raise `ImportRefused`."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise refused(
            "file_unreadable",
            f"Berkas tidak dapat dibaca: {error.strerror}.",
            f"The file cannot be read: {error.strerror}.",
        ) from error
    limit = max_bytes()
    if size > limit:
        raise refused(
            "file_too_large",
            f"Berkas berukuran {size:,} byte, melebihi batas {limit:,} byte.",
            f"The file is {size:,} bytes, over the limit of {limit:,} bytes.",
        )
    if zipfile.is_zipfile(path):
        return _open_xlsx(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise refused(
            "file_not_xlsx",
            "Berkas bukan berkas Excel .xlsx yang sah; simpan ulang sebagai .xlsx atau .csv.",
            "The file is not a valid Excel .xlsx file; save it again as .xlsx or .csv.",
        )
    return _open_csv(path)


def _open_csv(path: Path) -> Roster:
    with path.open("rb") as raw:
        head = raw.read(64 * 1024)
    try:
        sample = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError as error:
        raise _not_utf8(error) from error
    header_line = sample.splitlines()[0] if sample else ""
    delimiter = max(_DELIMITERS, key=header_line.count)
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle, delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, cells in enumerate(reader, start=1):
                # A cell our own exports escaped (`'=…`, `'-…`) reads back as it was written;
                # one search per row keeps the common row (no quote at all) cheap.
                if "'" in "".join(cells):
                    cells = [unescape_text(cell) for cell in cells]
                yield number, cells  # type: ignore[misc]
        except UnicodeDecodeError as error:
            raise _not_utf8(error) from error
        except csv.Error as error:
            raise refused(
                "file_unreadable",
                f"Berkas CSV rusak di baris {reader.line_num}: {error}.",
                f"The CSV file is damaged at line {reader.line_num}: {error}.",
            ) from error
        finally:
            handle.close()

    rows = records()
    header = _first_row(rows)
    return _roster(path, "csv", header, rows, total_rows=None)


def _not_utf8(error: UnicodeDecodeError) -> ImportRefused:
    return refused(
        "file_not_utf8",
        "Berkas CSV harus berenkode UTF-8 (di Excel: Simpan Sebagai › CSV UTF-8).",
        "A CSV file must be encoded as UTF-8 (in Excel: Save As › CSV UTF-8).",
    )


def _open_xlsx(path: Path) -> Roster:
    _check_zip_bomb(path)
    _check_sheets(path)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise CalamineError("no sheet")
        sheet_name = SIPP_SHEET if SIPP_SHEET in names else names[0]
        sheet = workbook.get_sheet_by_name(sheet_name)
    except (CalamineError, OSError, ValueError) as error:
        raise refused(
            "file_unreadable",
            f"Berkas Excel tidak dapat dibaca: {error}.",
            f"The Excel file cannot be read: {error}.",
        ) from error
    total = max(sheet.total_height - 1, 0)
    limit = max_rows()
    if total > 10 * limit:  # the used range alone shows it; blank rows don't make up for that
        raise refused(
            "file_too_many_rows",
            f"Berkas memuat lebih dari {limit:,} baris data; bagi menjadi beberapa berkas.",
            f"The file has more than {limit:,} data rows; split it into several files.",
        )

    def records() -> Iterator[tuple[int, list[Cell]]]:
        # iter_rows starts at row 1 of the sheet even when the used range starts lower.
        yield from enumerate(sheet.iter_rows(), start=1)

    rows = records()
    header = _first_row(rows)
    layout = "sipp" if sheet_name == SIPP_SHEET else "xlsx"
    return _roster(path, layout, header, rows, total_rows=total)


def _check_zip_bomb(path: Path) -> None:
    """Refuse an .xlsx whose zip directory declares too much data or too high a ratio."""
    limit = int(
        getattr(settings, "PAYUNG_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)
    )
    ratio_limit = int(
        getattr(settings, "PAYUNG_IMPORT_MAX_COMPRESSION_RATIO", DEFAULT_MAX_COMPRESSION_RATIO)
    )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise refused(
            "file_unreadable",
            f"Berkas Excel rusak: {error}.",
            f"The Excel file is damaged: {error}.",
        ) from error
    total = sum(member.file_size for member in members)
    too_dense = [
        member
        for member in members
        if member.file_size > _RATIO_CHECKED_FROM_BYTES
        and member.file_size > ratio_limit * max(member.compress_size, 1)
    ]
    if total > limit or too_dense or len(members) > 10_000:
        raise refused(
            "file_compression_bomb",
            f"Isi berkas Excel terlalu besar setelah dibuka ({total:,} byte, batas {limit:,}; "
            f"rasio kompresi maksimum {ratio_limit}:1). Berkas ditolak demi keamanan.",
            f"The Excel file's content is too large once unpacked ({total:,} bytes, limit "
            f"{limit:,}; compression ratio at most {ratio_limit}:1). Refused for safety.",
        )


def _check_sheets(path: Path) -> None:
    """Refuse an .xlsx that would make calamine take memory out of proportion to the file."""
    try:
        check_xlsx(path)
    except GridTooLarge as grid:
        raise refused(
            "file_range_too_large",
            f"Lembar kerja dalam berkas ini terbentang sampai sel {grid.last_cell} "
            f"({_dotted(grid.columns)} kolom × {_dotted(grid.rows)} baris), jauh melebihi isi "
            "berkasnya. Hapus isi dan format sel di luar tabel daftar pekerja (atau salin "
            "tabelnya ke berkas baru), lalu unggah lagi.",
            f"A sheet in this file reaches cell {grid.last_cell} ({grid.columns:,} columns × "
            f"{grid.rows:,} rows), far more than the file holds. Clear the contents and "
            "formatting of the cells outside the roster table (or copy the table into a new "
            "file), then upload it again.",
        ) from grid
    except XlsxScanError as error:
        raise refused(
            "file_unreadable",
            f"Berkas Excel tidak dapat diperiksa dengan aman (rincian teknis: {error}). Simpan "
            "ulang sebagai .xlsx dari Excel atau LibreOffice, lalu unggah lagi.",
            f"The Excel file cannot be checked safely (technical detail: {error}). Save it "
            "again as .xlsx from Excel or LibreOffice, then upload it again.",
        ) from error


def _dotted(number: int) -> str:
    """12,345 written the Indonesian way: 12.345."""
    return f"{number:,}".replace(",", ".")


def _first_row(rows: Iterator[tuple[int, list[Cell]]]) -> tuple[int, list[Cell]]:
    """The header: the first non-blank row (row 1 in a well-formed file)."""
    for number, cells in rows:
        if not all(_is_blank(cell) for cell in cells):
            return number, cells
    raise refused(
        "file_empty",
        "Berkas kosong: tidak ada baris judul kolom.",
        "The file is empty: there is no header row.",
    )


def _roster(
    path: Path,
    layout: str,
    header: tuple[int, list[Cell]],
    rows: Iterator[tuple[int, list[Cell]]],
    *,
    total_rows: int | None,
) -> Roster:
    names = [normalise_header(cell) for cell in header[1]]
    if "nomor_identitas" in names:
        layout = "sipp"
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for position, name in enumerate(names):
        name = SIPP_ALIASES.get(name, name)
        if name in COLUMNS and name not in columns:
            columns[name] = position
        elif name and name not in SIPP_IGNORED and name not in COLUMNS:
            unknown.append(str(header[1][position]).strip())
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        shown = ", ".join(missing)
        raise refused(
            "missing_column",
            f"Kolom wajib tidak ada: {shown}. Baris 1 harus berisi judul kolom, minimal "
            '"nik" dan "nama".',
            f'Required column missing: {shown}. Row 1 must hold the column headers, at least "nik" '
            'and "nama".',
        )
    return Roster(
        path=path,
        layout=layout,
        header=list(header[1]),
        header_row=header[0],
        columns=columns,
        unknown_columns=unknown,
        total_rows=total_rows,
        _rows=rows,
    )


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
