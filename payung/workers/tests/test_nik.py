"""Reading, checking, masking and building NIKs."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payung.core.errors import DomainError, Refusal
from payung.workers.nik import (
    PROVINCE_CODES,
    NikInfo,
    check_consistency,
    make_nik,
    mask_nik,
    parse_nik,
    validate_nik,
)

TODAY = date(2026, 11, 23)
# The 100 years of birth dates a NIK can name on TODAY: 0 to 99 years old.
OLDEST = date(1926, 11, 24)
WOMAN_1992 = "7401014107920001"  # woman, born 1 July 1992, district 74.01.01, serial 0001
FULLWIDTH_WOMAN_1992 = "".join(chr(ord(digit) + 0xFEE0) for digit in WOMAN_1992)

unknown_provinces = st.sampled_from(
    sorted(f"{code:02d}" for code in range(100) if f"{code:02d}" not in PROVINCE_CODES)
)


def refusal_codes(value: str, *, today: date = TODAY) -> list[str]:
    """The codes of the refusals `parse_nik` raises for `value`."""
    with pytest.raises(DomainError) as caught:
        parse_nik(value, today=today)
    return [refusal.code for refusal in caught.value.refusals]


def only_refusal(value: str) -> Refusal:
    """The single refusal `parse_nik` raises for `value`."""
    with pytest.raises(DomainError) as caught:
        parse_nik(value, today=TODAY)
    (refusal,) = caught.value.refusals
    return refusal


def test_province_codes_are_the_38_kemendagri_provinces():
    """PROVINCE_CODES holds exactly 11-19, 21, 31-36, 51-53, 61-65, 71-76, 81-82 and 91-96."""
    expected = {
        *map(str, range(11, 20)),
        "21",
        *map(str, range(31, 37)),
        *map(str, range(51, 54)),
        *map(str, range(61, 66)),
        *map(str, range(71, 77)),
        "81",
        "82",
        *map(str, range(91, 97)),
    }
    assert expected == PROVINCE_CODES
    assert len(PROVINCE_CODES) == 38


def test_parses_a_womans_nik():
    """A woman's NIK gives her region codes, birth date (day minus 40), sex P and serial."""
    assert parse_nik(WOMAN_1992, today=TODAY) == NikInfo(
        nik=WOMAN_1992,
        province_code="74",
        regency_code="74.01",
        district_code="74.01.01",
        birth_date=date(1992, 7, 1),
        sex="P",
        serial="0001",
    )


def test_parses_a_mans_nik():
    """A man's NIK gives his birth date as written and sex L."""
    info = parse_nik("7471010507850012", today=TODAY)
    assert (info.district_code, info.birth_date, info.sex, info.serial) == (
        "74.71.01",
        date(1985, 7, 5),
        "L",
        "0012",
    )


def test_make_nik_builds_the_example():
    """make_nik encodes district, birth date (+40 for a woman) and serial in that order."""
    nik = make_nik(district_code="74.01.01", birth_date=date(1992, 7, 1), sex="P", serial=1)
    assert nik == WOMAN_1992


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    regency_and_district=st.text(alphabet="0123456789", min_size=4, max_size=4),
    dotted=st.booleans(),
    birth_date=st.dates(min_value=OLDEST, max_value=TODAY),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_make_nik_then_parse_nik_round_trips(
    province, regency_and_district, dotted, birth_date, sex, serial
):
    """Any district of a known province, a 0-99 year old's birth date, sex and serial round trip."""
    regency, district = regency_and_district[:2], regency_and_district[2:]
    district_code = f"{province}.{regency}.{district}"
    given_code = district_code if dotted else district_code.replace(".", "")
    nik = make_nik(district_code=given_code, birth_date=birth_date, sex=sex, serial=serial)
    info = parse_nik(nik, today=TODAY)
    assert info == NikInfo(
        nik=nik,
        province_code=province,
        regency_code=f"{province}.{regency}",
        district_code=district_code,
        birth_date=birth_date,
        sex=sex,
        serial=f"{serial:04d}",
    )


@given(birth_date=st.dates(min_value=date(1926, 1, 1), max_value=date(2025, 12, 31)))
def test_stated_birth_date_round_trips_every_year_from_1926_to_2025(birth_date):
    """With the stated birth date, validate_nik returns it for any date in 1926-2025."""
    nik = make_nik(district_code="747101", birth_date=birth_date, sex="L", serial=1)
    info = validate_nik(nik, birth_date=birth_date, today=TODAY)
    assert info.birth_date == birth_date


@given(
    province=unknown_provinces,
    rest=st.text(alphabet="0123456789", min_size=14, max_size=14),
)
def test_every_unknown_province_is_refused(province, rest):
    """Any 16 digits starting with a code that is not a province are refused for the province."""
    assert "nik_unknown_province" in refusal_codes(province + rest)


def test_unknown_province_message_names_the_code():
    """The refusal of an unknown province names the code, in Indonesian then English."""
    refusal = only_refusal("2001014107920001")
    assert refusal.code == "nik_unknown_province"
    assert refusal.field == "nik"
    assert '"20"' in refusal.message_id
    assert '"20"' in refusal.message_en


def test_regency_and_district_are_not_checked():
    """Regency and district codes outside any list are accepted: a NIK keeps its issuing place."""
    info = parse_nik("7499994107920001", today=TODAY)
    assert info.district_code == "74.99.99"


@pytest.mark.parametrize(
    ("day_digits", "day", "sex"),
    [("01", 1, "L"), ("31", 31, "L"), ("41", 1, "P"), ("55", 15, "P"), ("71", 31, "P")],
)
def test_women_have_40_added_to_the_day(day_digits, day, sex):
    """Days 01-31 are men's, 41-71 are women's with 40 subtracted."""
    info = parse_nik(f"747101{day_digits}0192" + "0001", today=TODAY)
    assert (info.birth_date, info.sex) == (date(1992, 1, day), sex)


@pytest.mark.parametrize(
    ("date_digits", "reason"),
    [
        ("000192", "day 00"),
        ("320192", "day 32"),
        ("400192", "day 40"),
        ("720192", "day 72"),
        ("990192", "day 99"),
        ("010092", "month 00"),
        ("011392", "month 13"),
        ("310292", "31 February"),
        ("700292", "30 February for a woman"),
        ("310492", "31 April"),
        ("290293", "29 February in a common year"),
        ("690293", "29 February in a common year for a woman"),
    ],
)
def test_impossible_birth_dates_are_refused(date_digits, reason):
    """Digits 7-12 that are not a real date, after taking 40 off a woman's day, are refused."""
    refusal = only_refusal(f"747101{date_digits}0001")
    assert refusal.code == "nik_bad_birth_date", reason
    assert refusal.field == "nik"
    assert date_digits in refusal.message_id
    assert date_digits in refusal.message_en


def test_29_february_of_a_leap_year_is_accepted():
    """29 February is a birth date in a leap year, for men and women."""
    assert parse_nik("7471012902920001", today=TODAY).birth_date == date(1992, 2, 29)
    assert parse_nik("7471016902000001", today=TODAY).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("date_digits", "birth_date"),
    [
        ("010100", date(2000, 1, 1)),
        ("311299", date(1999, 12, 31)),
        ("231126", date(2026, 11, 23)),
        ("010126", date(2026, 1, 1)),
        ("241126", date(1926, 11, 24)),
        ("311226", date(1926, 12, 31)),
        ("010127", date(1927, 1, 1)),
        ("010125", date(2025, 1, 1)),
    ],
)
def test_century_is_the_latest_not_after_today(date_digits, birth_date):
    """The birth year is the latest year with those two digits whose date is not after today."""
    assert parse_nik(f"747101{date_digits}0001", today=TODAY).birth_date == birth_date


def test_today_defaults_to_the_current_date():
    """Without `today`, the century is inferred against the current date."""
    assert parse_nik(WOMAN_1992).birth_date == date(1992, 7, 1)


def test_29_february_outside_the_last_100_years_is_refused():
    """29 February 00 read in 2101 is neither 2100 (no leap day) nor 2000 (over 100 years ago)."""
    codes = refusal_codes("7471012902000001", today=date(2101, 1, 1))
    assert codes == ["nik_bad_birth_date"]


def test_serial_0000_is_refused():
    """A NIK whose last 4 digits are 0000 is refused."""
    refusal = only_refusal("7401014107920000")
    assert refusal.code == "nik_bad_serial"
    assert "0000" in refusal.message_id
    assert "0000" in refusal.message_en


def test_every_fault_of_a_16_digit_nik_is_reported_together():
    """Unknown province, impossible date and serial 0000 are refused in one error."""
    assert refusal_codes("0001013213920000") == [
        "nik_unknown_province",
        "nik_bad_birth_date",
        "nik_bad_serial",
    ]


@pytest.mark.parametrize("value", ["", " ", "\t\n", "\xa0"])
def test_blank_is_refused(value):
    """An empty or all-whitespace NIK is refused as blank."""
    assert only_refusal(value).code == "nik_blank"


@pytest.mark.parametrize(
    "value",
    [
        "7.40401E+15",
        "7,40401E+15",
        "7.40101410792E+15",
        "7.401014107920001e+15",
        "7E15",
        " 7.4E+15 ",
    ],
)
def test_scientific_notation_is_refused_with_advice(value):
    """A NIK that Excel turned into scientific notation is refused, asking for a Text column."""
    refusal = only_refusal(value)
    assert refusal.code == "nik_scientific_notation"
    assert "Teks" in refusal.message_id
    assert "Text" in refusal.message_en
    assert value.strip() in refusal.message_en


@pytest.mark.parametrize(
    "value",
    [f" {WOMAN_1992} ", f"\t{WOMAN_1992}\n", f"\xa0{WOMAN_1992}\u200b", f"\ufeff{WOMAN_1992}"],
)
def test_surrounding_whitespace_is_trimmed(value):
    """Whitespace, zero-width spaces and byte-order marks around a NIK are trimmed."""
    assert parse_nik(value, today=TODAY).nik == WOMAN_1992


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("7401 0141 0792 0001", "spasi"),
        ("74.01.01.410792.0001", '"."'),
        ("7401-0141-0792-0001", '"-"'),
        ("740101410792000l", '"l"'),
        (FULLWIDTH_WOMAN_1992, f'"{chr(0xFF10)}"'),
        ("740101410792000", "15 angka"),
        ("74010141079200011", "17 angka"),
    ],
)
def test_anything_but_16_ascii_digits_is_refused(value, shown):
    """Inner spaces, punctuation, letters, non-ASCII digits and wrong lengths are refused."""
    refusal = only_refusal(value)
    assert refusal.code == "nik_not_16_digits"
    assert shown in refusal.message_id


@given(st.text(alphabet="0123456789", min_size=1, max_size=30).filter(lambda s: len(s) != 16))
def test_digit_strings_of_other_lengths_are_refused(value):
    """Any run of digits that is not 16 long is refused as not 16 digits."""
    assert refusal_codes(value) == ["nik_not_16_digits"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "7.40401E+15",
        "7401 0141",
        "2001014107920001",
        "7401013213920001",
        WOMAN_1992[:-4],
    ],
)
def test_nik_refusals_are_bilingual_and_name_the_field(value):
    """Every refusal of a NIK is on field "nik" with distinct Indonesian and English messages."""
    with pytest.raises(DomainError) as caught:
        parse_nik(value, today=TODAY)
    for refusal in caught.value.refusals:
        assert refusal.field == "nik"
        assert refusal.message_id
        assert refusal.message_en
        assert refusal.message_id != refusal.message_en
        assert refusal.message == f"{refusal.message_id} / {refusal.message_en}"


def test_mask_shows_first_and_last_4_digits():
    """mask_nik hides the middle 8 digits."""
    assert mask_nik("7471010507850012") == "7471********0012"


def test_mask_hides_short_values_entirely():
    """mask_nik hides a value too short to show 4 digits at each end."""
    assert mask_nik("12345678") == "********"


def test_consistent_facts_give_no_refusals():
    """A stated birth date and sex that match the NIK give no refusals, sex in any case."""
    info = parse_nik(WOMAN_1992, today=TODAY)
    assert check_consistency(info, birth_date=date(1992, 7, 1), sex="P") == []
    assert check_consistency(info, sex=" p ") == []
    assert check_consistency(info) == []


def test_birth_date_mismatch_is_refused():
    """A stated birth date other than the NIK's is refused on field birth_date."""
    info = parse_nik(WOMAN_1992, today=TODAY)
    (refusal,) = check_consistency(info, birth_date=date(1992, 7, 2))
    assert (refusal.code, refusal.field) == ("nik_birth_date_mismatch", "birth_date")
    assert "02-07-1992" in refusal.message_id
    assert "01-07-92" in refusal.message_en


def test_birth_date_a_century_from_the_inferred_one_agrees():
    """The NIK fixes only two year digits, so a birth date 100 years off still matches."""
    info = parse_nik("7471010101260001", today=TODAY)
    assert info.birth_date == date(2026, 1, 1)
    assert check_consistency(info, birth_date=date(1926, 1, 1)) == []


def test_sex_mismatch_is_refused():
    """A stated sex other than the NIK's is refused on field sex."""
    info = parse_nik(WOMAN_1992, today=TODAY)
    (refusal,) = check_consistency(info, sex="l")
    assert (refusal.code, refusal.field) == ("nik_sex_mismatch", "sex")
    assert "perempuan" in refusal.message_id
    assert "female" in refusal.message_en


@pytest.mark.parametrize("sex", ["M", "F", "", "Laki-laki", "W"])
def test_sex_other_than_l_or_p_is_invalid(sex):
    """Only L and P are sexes; M, F, blanks and words are refused as sex_invalid."""
    info = parse_nik(WOMAN_1992, today=TODAY)
    (refusal,) = check_consistency(info, sex=sex)
    assert (refusal.code, refusal.field) == ("sex_invalid", "sex")


def test_validate_nik_returns_the_info_when_consistent():
    """validate_nik returns the parsed NIK when the stated facts agree."""
    info = validate_nik(WOMAN_1992, birth_date=date(1992, 7, 1), sex="P", today=TODAY)
    assert info == parse_nik(WOMAN_1992, today=TODAY)


def test_validate_nik_keeps_the_stated_century():
    """validate_nik returns a stated birth date that agrees with the NIK, century included."""
    info = validate_nik("7471010101260001", birth_date=date(1926, 1, 1), today=TODAY)
    assert info.birth_date == date(1926, 1, 1)


def test_validate_nik_reports_all_mismatches_at_once():
    """validate_nik raises one error with both the birth date and the sex mismatch."""
    with pytest.raises(DomainError) as caught:
        validate_nik(WOMAN_1992, birth_date=date(1990, 7, 1), sex="L", today=TODAY)
    codes = [refusal.code for refusal in caught.value.refusals]
    assert codes == ["nik_birth_date_mismatch", "nik_sex_mismatch"]


def test_validate_nik_reports_an_invalid_sex_beside_an_invalid_nik():
    """validate_nik refuses a bad NIK and a bad sex in the same error."""
    with pytest.raises(DomainError) as caught:
        validate_nik("7401014107920000", sex="M", today=TODAY)
    codes = [refusal.code for refusal in caught.value.refusals]
    assert codes == ["nik_bad_serial", "sex_invalid"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"district_code": "20.01.01"},
        {"district_code": "74.01"},
        {"district_code": "74-01-01"},
        {"sex": "M"},
        {"serial": 0},
        {"serial": 10000},
    ],
)
def test_make_nik_refuses_bad_arguments(kwargs):
    """make_nik raises ValueError for an unknown province, a malformed code, sex or serial."""
    arguments = {
        "district_code": "74.71.01",
        "birth_date": date(1992, 7, 1),
        "sex": "P",
        "serial": 1,
        **kwargs,
    }
    with pytest.raises(ValueError, match=r"."):
        make_nik(**arguments)


def test_born_today_is_accepted_and_tomorrow_is_a_century_ago():
    """A birth date of today is a newborn; tomorrow's day and month belong to 100 years ago."""
    today_nik = make_nik(district_code="747101", birth_date=TODAY, sex="L", serial=1)
    assert parse_nik(today_nik, today=TODAY).birth_date == TODAY
    tomorrow = TODAY + timedelta(days=1)
    tomorrow_nik = make_nik(district_code="747101", birth_date=tomorrow, sex="L", serial=1)
    assert parse_nik(tomorrow_nik, today=TODAY).birth_date == date(1926, 11, 24)
