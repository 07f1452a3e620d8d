"""Row rules: each refusal has a stable code, the column, and both languages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from payung.imports.validation import RowChecker, RowIssue, parse_date_text, text_of
from payung.workers.nik import make_nik

TODAY = date(2026, 11, 23)
COLUMNS = [
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "upah",
    "unit_kerja",
    "kategori",
    "tanggal_mulai",
    "kpj",
]
WOMAN = make_nik(district_code="74.71.01", birth_date=date(1990, 7, 1), sex="P", serial=1)
MAN = make_nik(district_code="74.02.03", birth_date=date(1985, 1, 31), sex="L", serial=2)


def checker(**overrides: object) -> RowChecker:
    options: dict[str, object] = {
        "columns": {name: i for i, name in enumerate(COLUMNS)},
        "headers": {name: name.upper() for name in COLUMNS},
        "units": {"damkar": 7, "dinas pemadam kebakaran": 7, "sekretariat": None},
        "today": TODAY,
    }
    options.update(overrides)
    return RowChecker(**options)  # type: ignore[arg-type]


def row(**values: object) -> list[Any]:
    base: dict[str, object] = {"nik": WOMAN, "nama": "Siti Aminah"}
    base.update(values)
    return [base.get(name, "") for name in COLUMNS]


def check(**values: object) -> tuple[tuple | None, list[RowIssue]]:
    return checker().check(5, row(**values))


def codes(**values: object) -> list[str]:
    staged, issues = check(**values)
    assert staged is None, "a refused row must not be staged"
    return [issue.code for issue in issues]


def test_a_valid_row_is_staged_with_what_the_nik_says():
    staged, issues = check(nama="  Siti   Aminah ", upah="Rp 2.500.000", unit_kerja="damkar")
    assert issues == []
    assert staged == (
        5,
        WOMAN,
        "Siti Aminah",
        None,
        date(1990, 7, 1),
        "P",
        None,
        None,
        Decimal("2500000.0"),
        7,
        None,
        "",
    )


def test_issue_carries_row_column_code_and_both_languages():
    _, issues = check(nik="12345")
    [issue] = issues
    assert (issue.row, issue.column, issue.code) == (5, "NIK", "nik_not_16_digits")
    assert issue.message == f"{issue.message_id} / {issue.message_en}"
    assert "16" in issue.message_id
    assert "16" in issue.message_en
    assert issue.as_dict() == {
        "row": 5,
        "column": "NIK",
        "code": "nik_not_16_digits",
        "message": issue.message,
    }


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("", "nik_blank"),
        ("7.40401E+15", "nik_scientific_notation"),
        ("7,40401E+15", "nik_scientific_notation"),
        ("740101410790001", "nik_not_16_digits"),
        ("7401 014107900001", "nik_not_16_digits"),
        ("9901014107900001", "nik_unknown_province"),
        ("7401019907900001", "nik_bad_birth_date"),
        ("7401013102900001", "nik_bad_birth_date"),
        ("7401014107900000", "nik_bad_serial"),
    ],
)
def test_nik_rules(nik, code):
    assert codes(nik=nik) == [code]


def test_scientific_notation_tells_to_format_the_column_as_text():
    _, [issue] = check(nik="7.40401E+15")
    assert "Teks" in issue.message_id
    assert "as Text" in issue.message_en


def test_a_number_cell_nik_is_refused_as_scientific_notation_never_guessed():
    """Excel keeps 15 digits of a number cell: the NIK cannot be trusted even if it looks whole."""
    _, [issue] = checker().check(5, row(nik=float(WOMAN)))
    assert issue.code == "nik_scientific_notation"
    assert "E+15" in issue.message


def test_nik_is_trimmed_and_regency_district_are_not_checked():
    foreign = make_nik(district_code="11.99.99", birth_date=date(1970, 2, 3), sex="L", serial=9)
    staged, issues = check(nik=f"  {foreign}\t", jenis_kelamin="l")
    assert issues == []
    assert staged is not None
    assert staged[1] == foreign


@pytest.mark.parametrize("text", ["1990-07-01", "01-07-1990", "01/07/1990", "1-7-1990"])
def test_birth_date_formats(text):
    staged, issues = check(tanggal_lahir=text)
    assert issues == []
    assert staged is not None
    assert staged[3] == date(1990, 7, 1)


def test_birth_date_cells_of_an_xlsx_are_accepted():
    for cell in (date(1990, 7, 1), datetime(1990, 7, 1)):
        staged, issues = check(tanggal_lahir=cell)
        assert issues == []
        assert staged is not None
        assert staged[3] == date(1990, 7, 1)


@pytest.mark.parametrize("text", ["1990/07/01", "01.07.1990", "1 Juli 1990", "31-02-1990", "x"])
def test_other_date_writings_are_refused(text):
    _, issues = check(tanggal_lahir=text)
    assert [(i.code, i.column) for i in issues] == [("date_invalid", "TANGGAL_LAHIR")]


def test_birth_date_must_equal_the_niks():
    assert codes(tanggal_lahir="02-07-1990") == ["nik_birth_date_mismatch"]


def test_sex_must_follow_the_plus_40_rule_and_be_l_or_p():
    assert codes(jenis_kelamin="L") == ["nik_sex_mismatch"]
    assert codes(nik=MAN, jenis_kelamin="p") == ["nik_sex_mismatch"]
    assert codes(jenis_kelamin="W") == ["sex_invalid"]
    staged, _ = check(jenis_kelamin="p")
    assert staged is not None
    assert staged[6] == "P"


@pytest.mark.parametrize("name", ["", "   ", None])
def test_name_is_required(name):
    assert codes(nama=name) == ["name_blank"]


def test_name_length_is_limited():
    assert codes(nama="A" * 161) == ["name_too_long"]


@pytest.mark.parametrize(
    ("text", "wage"),
    [
        ("Rp 2.500.000", Decimal("2500000")),
        ("Rp2.500.000", Decimal("2500000")),
        ("2.500.000,00", Decimal("2500000")),
        ("2500000", Decimal("2500000")),
        ("rp. 1.750.500,5", Decimal("1750500.5")),
        (2500000.0, Decimal("2500000")),
    ],
)
def test_wage_writings(text, wage):
    staged, issues = check(upah=text)
    assert issues == []
    assert staged is not None
    assert staged[8] == wage


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2,500,000", "wage_invalid"),
        ("2500000.00", "wage_invalid"),
        ("Rp 2.500.00", "wage_invalid"),
        ("dua juta", "wage_invalid"),
        ("-100", "wage_invalid"),
        ("0", "wage_not_positive"),
        ("Rp 0,00", "wage_not_positive"),
        (0, "wage_not_positive"),
        ("9.999.999.999.999", "wage_too_large"),
    ],
)
def test_wage_refusals(text, code):
    assert codes(upah=text) == [code]


def test_unit_by_code_or_name_any_case():
    for text in ("DAMKAR", "Dinas  Pemadam Kebakaran"):
        staged, issues = check(unit_kerja=text)
        assert issues == []
        assert staged is not None
        assert staged[9] == 7
    assert codes(unit_kerja="Dinas Perikanan") == ["unit_unknown"]
    assert codes(unit_kerja="Sekretariat") == ["unit_ambiguous"]


def test_default_unit_applies_to_rows_without_one():
    staged, _ = checker(default_unit_id=3).check(2, row())
    assert staged is not None
    assert staged[9] == 3


def test_category_words():
    for text, category in (("Honorer", "non_asn"), ("aparat desa", "village_official")):
        staged, _ = check(kategori=text)
        assert staged is not None
        assert staged[7] == category
    assert codes(kategori="PNS") == ["category_invalid"]


def test_start_date_and_kpj():
    staged, _ = check(tanggal_mulai="01/10/2018", kpj="18000000123")
    assert staged is not None
    assert staged[10] == date(2018, 10, 1)
    assert staged[11] == "18000000123"
    assert codes(kpj="18 000") == ["kpj_invalid"]
    assert codes(tanggal_mulai="Oktober") == ["date_invalid"]


def test_every_fault_of_a_row_is_reported():
    found = codes(nik="7401019907900001", nama="", upah="nol", kategori="x")
    assert found == ["nik_bad_birth_date", "name_blank", "wage_invalid", "category_invalid"]


def test_missing_optional_columns_and_short_rows():
    short = checker(columns={"nik": 0, "nama": 1}, headers={})
    staged, issues = short.check(2, [WOMAN, "Siti"])
    assert issues == []
    assert staged is not None
    staged, issues = checker().check(2, [WOMAN, "Siti"])  # a CSV row shorter than the header
    assert issues == []
    assert staged is not None


def test_text_of_and_dates():
    assert text_of("  a \t  b ") == "a b"
    assert text_of(18000000123.0) == "18000000123"
    assert parse_date_text("2018-10-01") == date(2018, 10, 1)
    assert parse_date_text("2018-13-01") is None


_cells = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "L", "p", "x", "damkar", "Sekretariat", "honorer", "Rp 1.000", "0"]),
    st.sampled_from(["01-07-1990", "1990-07-01", "02-07-1990", "31/01/1985", "7.4E+15"]),
    st.sampled_from([WOMAN, MAN, f" {MAN} ", "7401014107900000", "1234"]),
    st.dates(min_value=date(1980, 1, 1), max_value=date(1995, 1, 1)),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_cells, min_size=0, max_size=len(COLUMNS) + 1))
@example([MAN, "Budi", None, date(1985, 1, 31)])  # a date cell as the sex: once crashed `_fast`
@example([MAN, "Budi", None, None, None, date(1990, 1, 1)])  # a date cell as the unit
def test_the_fast_path_agrees_with_every_rule(cells):
    """Whatever the fast path stages, the full checks stage identically."""
    rows = checker()
    fast = rows._fast(9, cells)
    staged, issues = rows._check(9, cells)
    if fast is not None:
        assert (fast, []) == (staged, issues)
