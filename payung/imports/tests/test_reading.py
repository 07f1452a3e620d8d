"""Reading roster files: formats, headers, row numbers, limits and hostile files."""

import zipfile
from datetime import date
from pathlib import Path

import pytest

from payung.imports.reading import ImportRefused, normalise_header, open_roster

from .rosters import write_csv, write_xlsx

NIK = "7471014107900001"


def refusal_code(path: Path) -> str:
    with pytest.raises(ImportRefused) as refused:
        list(open_roster(path).rows())
    return refused.value.code


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_delimiter_is_detected_with_or_without_bom(tmp_path, delimiter, bom):
    path = write_csv(
        tmp_path / "r.csv",
        [[NIK, "Siti, Aminah; Putri", "01-07-1990"]],
        header=["NIK", "Nama", "Tanggal Lahir"],
        delimiter=delimiter,
        bom=bom,
    )
    roster = open_roster(path)
    assert roster.layout == "csv"
    assert roster.columns == {"nik": 0, "nama": 1, "tanggal_lahir": 2}
    assert list(roster.rows()) == [(2, [NIK, "Siti, Aminah; Putri", "01-07-1990"])]


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Tanggal Lahir", "tanggal_lahir"),
        ("TANGGAL_LAHIR", "tanggal_lahir"),
        ("  tanggal   lahir ", "tanggal_lahir"),
        ("Tanggal__Lahir", "tanggal_lahir"),
        ("\ufeffNIK", "nik"),
    ],
)
def test_headers_are_case_insensitive_with_spaces_and_underscores_equivalent(header, name):
    assert normalise_header(header) == name


def test_rows_are_numbered_as_a_spreadsheet_shows_them_and_blank_rows_skipped(tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        [[NIK, "A"], ["", ""], [" ", ""], [NIK, "B"]],
        header=["nik", "nama"],
    )
    assert [number for number, _ in open_roster(path).rows()] == [2, 5]


def test_unknown_columns_are_listed(tmp_path):
    path = write_csv(tmp_path / "r.csv", [], header=["nik", "nama", "Catatan", "no hp"])
    assert open_roster(path).unknown_columns == ["Catatan", "no hp"]


@pytest.mark.parametrize("header", [["nama", "upah"], ["nik", "upah"], ["nomor", "name"]])
def test_a_missing_required_column_refuses_the_file_with_one_message(tmp_path, header):
    path = write_csv(tmp_path / "r.csv", [["1", "2"]], header=header)
    with pytest.raises(ImportRefused) as refused:
        open_roster(path)
    [refusal] = refused.value.refusals
    assert refusal.code == "missing_column"
    assert '"nik"' in refusal.message_id
    assert '"nama"' in refusal.message_en


def test_empty_and_non_utf8_files_are_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    assert refusal_code(empty) == "file_empty"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("nik;nama\n7471014107900001;Andr\xe9\n".encode("latin-1"))
    assert refusal_code(latin) == "file_not_utf8"


def test_xlsx_text_and_date_cells(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [[NIK, "Siti", date(1990, 7, 1), "P", 2500000]],
        header=["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Upah"],
    )
    roster = open_roster(path)
    assert roster.layout == "xlsx"
    [(number, cells)] = list(roster.rows())
    assert number == 2
    assert cells[0] == NIK
    assert cells[2] == date(1990, 7, 1)
    assert cells[4] == 2500000


def test_xlsx_row_numbers_follow_the_sheet_when_it_starts_lower(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", [[NIK, "A"], [], [NIK, "B"]], header=["nik", "nama"], first_row=2
    )
    assert [number for number, _ in open_roster(path).rows()] == [4, 6]


def test_sipp_template_is_recognised_by_its_sheet_and_columns(tmp_path):
    header = [
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
    ]
    values = [
        "1",
        "Siti",
        "Kendari",
        "01-07-1990",
        "Ibu",
        "KTP",
        NIK,
        "P",
        "01-10-2018",
        "2500000",
        "Jl. A",
        "Kendari",
        "Honorer",
    ]
    for path in (
        write_xlsx(tmp_path / "sipp.xlsx", [values], header=header, sheet="data_tk_baru"),
        write_csv(tmp_path / "sipp.csv", [values], header=header),
    ):
        roster = open_roster(path)
        assert roster.layout == "sipp"
        assert roster.unknown_columns == []
        assert {name: roster.columns[name] for name in ("nik", "nama", "tanggal_lahir")} == {
            "nik": 6,
            "nama": 1,
            "tanggal_lahir": 3,
        }
        assert roster.columns["tanggal_mulai"] == 8


def test_file_size_limit_is_read_at_call_time(tmp_path, settings):
    path = write_csv(tmp_path / "r.csv", [[NIK, "A"]] * 10, header=["nik", "nama"])
    settings.PAYUNG_IMPORT_MAX_BYTES = 100
    assert refusal_code(path) == "file_too_large"
    settings.PAYUNG_IMPORT_MAX_BYTES = 10_000
    assert len(list(open_roster(path).rows())) == 10


def test_row_limit_is_a_refusal(tmp_path, settings):
    settings.PAYUNG_IMPORT_MAX_ROWS = 3
    path = write_csv(tmp_path / "r.csv", [[NIK, "A"]] * 4, header=["nik", "nama"])
    assert refusal_code(path) == "file_too_many_rows"
    xlsx = write_xlsx(tmp_path / "r.xlsx", [[NIK, "A"]] * 4, header=["nik", "nama"])
    assert refusal_code(xlsx) == "file_too_many_rows"


def _bomb(path: Path, megabytes: int) -> Path:
    """A zip named .xlsx whose sheet is `megabytes` MB of one repeated byte."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(block)
    return path


def test_compression_bomb_is_refused_before_parsing(tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx", 50)
    assert path.stat().st_size < 1024 * 1024
    assert refusal_code(path) == "file_compression_bomb"


def test_uncompressed_total_limit(tmp_path, settings):
    path = write_xlsx(tmp_path / "r.xlsx", [[NIK, "A"]] * 100, header=["nik", "nama"])
    settings.PAYUNG_IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    assert refusal_code(path) == "file_compression_bomb"


def test_damaged_xlsx_is_a_refusal_not_a_crash(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert refusal_code(broken) in {"file_unreadable", "file_not_xlsx"}
    truncated = tmp_path / "truncated.xlsx"
    good = write_xlsx(tmp_path / "good.xlsx", [[NIK, "A"]], header=["nik", "nama"])
    truncated.write_bytes(good.read_bytes()[:-200])
    assert refusal_code(truncated) in {"file_unreadable", "file_not_xlsx"}
