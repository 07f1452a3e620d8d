"""The NIK (Nomor Induk Kependudukan): parse, check against stated facts, mask and build.

A NIK is 16 digits: province (1-2), regency or city (3-4) and district (5-6) in Kemendagri
codes, birth date DDMMYY with 40 added to the day for women (7-12), and a serial (13-16).
Regency and district codes are not checked against a list: a NIK keeps the codes of the place
that issued it, which may lie in another province or in a regency since split.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Literal

from payung.core.errors import DomainError, Refusal

type Sex = Literal["L", "P"]

PROVINCE_CODES: frozenset[str] = frozenset(
    str(code)
    for codes in (
        range(11, 20),
        [21],
        range(31, 37),
        range(51, 54),
        range(61, 66),
        range(71, 77),
        range(81, 83),
        range(91, 97),
    )
    for code in codes
)

WOMAN_DAY_OFFSET = 40

_SEX_NAMES_ID = {"L": "laki-laki", "P": "perempuan"}
_SEX_NAMES_EN = {"L": "male", "P": "female"}

# Excel shows a long number typed into a General cell as e.g. 7.40401E+15 (or 7,40401E+15 in
# an Indonesian locale) and keeps only 15 significant digits, so the NIK cannot be recovered.
_SCIENTIFIC_NOTATION = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")
_SIX_DIGITS = re.compile(r"[0-9]{6}")
# Spreadsheets and web forms leave zero-width spaces and byte-order marks around pasted values.
_SURROUNDING_BLANKS = re.compile(r"^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$")


class NikRefusalCode(StrEnum):
    """Stable codes for refusals of a NIK or of facts stated beside it."""

    BLANK = "nik_blank"
    SCIENTIFIC_NOTATION = "nik_scientific_notation"
    NOT_16_DIGITS = "nik_not_16_digits"
    UNKNOWN_PROVINCE = "nik_unknown_province"
    BAD_BIRTH_DATE = "nik_bad_birth_date"
    BAD_SERIAL = "nik_bad_serial"
    BIRTH_DATE_MISMATCH = "nik_birth_date_mismatch"
    SEX_MISMATCH = "nik_sex_mismatch"
    SEX_INVALID = "sex_invalid"


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK says about its holder."""

    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: Sex
    serial: str


def parse_nik(value: str, *, today: date | None = None) -> NikInfo:
    """Read a NIK typed or imported by a person, or raise `DomainError` saying what is wrong.

    Surrounding whitespace is trimmed; anything else that is not one of 16 ASCII digits is
    refused, never silently removed. The NIK holds only the last two digits of the birth year:
    the birth date is the most recent date with those digits that is not after `today` (default
    `date.today()`), so the holder is 0 to 99 years old. On 23 November 2026, "010126" is read
    as 1 January 2026 (a newborn, not a centenarian) and "241126" as 24 November 1926.
    `validate_nik` keeps the century of a stated birth date that agrees with the digits.
    """
    nik = _SURROUNDING_BLANKS.sub("", value)
    if not nik:
        raise DomainError(
            _nik_refusal(NikRefusalCode.BLANK, "NIK wajib diisi.", "NIK is required.")
        )
    if _SCIENTIFIC_NOTATION.fullmatch(nik):
        raise DomainError(_scientific_notation_refusal(nik))
    if not _SIXTEEN_DIGITS.fullmatch(nik):
        raise DomainError(_not_16_digits_refusal(nik))

    refusals: list[Refusal] = []
    province_code = nik[:2]
    if province_code not in PROVINCE_CODES:
        refusals.append(
            _nik_refusal(
                NikRefusalCode.UNKNOWN_PROVINCE,
                f'Kode provinsi "{province_code}" (2 digit pertama NIK) tidak ada dalam daftar '
                "kode provinsi Kemendagri.",
                f'Province code "{province_code}" (the first 2 digits of the NIK) is not a '
                "Kemendagri province code.",
            )
        )
    birth = _read_birth_date(nik[6:12], today=today or date.today())
    if isinstance(birth, Refusal):
        refusals.append(birth)
    serial = nik[12:]
    if serial == "0000":
        refusals.append(
            _nik_refusal(
                NikRefusalCode.BAD_SERIAL,
                'Nomor urut NIK (4 digit terakhir) tidak boleh "0000"; nomor urut mulai dari 0001.',
                'The NIK serial (its last 4 digits) cannot be "0000"; serials start at 0001.',
            )
        )
    if refusals or isinstance(birth, Refusal):
        raise DomainError(*refusals)
    birth_date, sex = birth
    return NikInfo(
        nik=nik,
        province_code=province_code,
        regency_code=f"{nik[:2]}.{nik[2:4]}",
        district_code=f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}",
        birth_date=birth_date,
        sex=sex,
        serial=serial,
    )


def check_consistency(
    info: NikInfo, *, birth_date: date | None = None, sex: str | None = None
) -> list[Refusal]:
    """Refusals for a stated birth date or sex ("L"/"P", any case) that the NIK contradicts.

    The NIK fixes only day, month and the last two digits of the year, so a stated birth date a
    century away from the one `parse_nik` inferred still agrees with it.
    """
    refusals: list[Refusal] = []
    if birth_date is not None and not _same_nik_date(birth_date, info.birth_date):
        nik_digits = f"{info.birth_date:%d-%m-%y}"
        refusals.append(
            Refusal(
                NikRefusalCode.BIRTH_DATE_MISMATCH,
                f"Tanggal lahir {birth_date:%d-%m-%Y} tidak sesuai dengan NIK, yang menunjukkan "
                f"tanggal lahir {nik_digits} (DD-MM-YY).",
                f"Birth date {birth_date:%d-%m-%Y} does not match the NIK, which gives the birth "
                f"date {nik_digits} (DD-MM-YY).",
                field="birth_date",
            )
        )
    if sex is not None:
        stated = _read_sex(sex)
        if isinstance(stated, Refusal):
            refusals.append(stated)
        elif stated != info.sex:
            refusals.append(
                Refusal(
                    NikRefusalCode.SEX_MISMATCH,
                    f'Jenis kelamin "{stated}" ({_SEX_NAMES_ID[stated]}) tidak sesuai dengan NIK, '
                    f"yang menunjukkan {_SEX_NAMES_ID[info.sex]} "
                    "(pada NIK perempuan, tanggal lahir ditambah 40).",
                    f'Sex "{stated}" ({_SEX_NAMES_EN[stated]}) does not match the NIK, which '
                    f"indicates {_SEX_NAMES_EN[info.sex]} "
                    "(a woman's NIK has 40 added to the day of birth).",
                    field="sex",
                )
            )
    return refusals


def validate_nik(
    value: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> NikInfo:
    """Parse a NIK and check it against the stated birth date and sex, refusing all at once.

    When the stated birth date agrees with the NIK, the returned birth date is the stated one,
    whose century is known rather than inferred.
    """
    try:
        info = parse_nik(value, today=today)
    except DomainError as error:
        stated_sex = _read_sex(sex) if sex is not None else None
        if isinstance(stated_sex, Refusal):
            raise DomainError(*error.refusals, stated_sex) from None
        raise
    refusals = check_consistency(info, birth_date=birth_date, sex=sex)
    if refusals:
        raise DomainError(*refusals)
    if birth_date is not None:
        info = replace(info, birth_date=birth_date)
    return info


def mask_nik(nik: str) -> str:
    """The NIK with all but its first 4 and last 4 digits hidden, e.g. "7471********0012"."""
    nik = nik.strip()
    if len(nik) <= 8:
        return "*" * len(nik)
    return f"{nik[:4]}{'*' * (len(nik) - 8)}{nik[-4:]}"


def make_nik(*, district_code: str, birth_date: date, sex: str, serial: int) -> str:
    """A valid NIK for demo data and test factories; `district_code` as "74.71.01" or "747101"."""
    district = district_code.replace(".", "")
    if not _SIX_DIGITS.fullmatch(district) or district[:2] not in PROVINCE_CODES:
        raise ValueError(f"district_code {district_code!r} is not a district in a known province")
    stated_sex = _read_sex(sex)
    if isinstance(stated_sex, Refusal):
        raise ValueError(f"sex must be 'L' or 'P', not {sex!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1 to 9999, not {serial}")
    day = birth_date.day + (WOMAN_DAY_OFFSET if stated_sex == "P" else 0)
    return f"{district}{day:02d}{birth_date:%m%y}{serial:04d}"


def _read_birth_date(digits: str, *, today: date) -> tuple[date, Sex] | Refusal:
    """The birth date and sex encoded in digits 7-12, or why they are not a date."""
    encoded_day, month, year_digits = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    sex: Sex = "P" if encoded_day > WOMAN_DAY_OFFSET else "L"
    day = encoded_day - WOMAN_DAY_OFFSET if sex == "P" else encoded_day
    if not 1 <= day <= 31:
        return _birth_date_refusal(
            digits,
            f"hari {digits[:2]} harus 01-31 (laki-laki) atau 41-71 (perempuan)",
            f"day {digits[:2]} must be 01-31 (men) or 41-71 (women)",
        )
    if not 1 <= month <= 12:
        return _birth_date_refusal(
            digits, f"bulan {digits[2:4]} harus 01-12", f"month {digits[2:4]} must be 01-12"
        )
    shown = f"{day:02d}-{month:02d}-{year_digits:02d}"
    latest_year = today.year - (today.year - year_digits) % 100
    for year in (latest_year, latest_year - 100):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and _age(candidate, today) < 100:
            return candidate, sex
    try:
        date(2000, month, day)  # 2000 is a leap year: only a day that never exists fails here
    except ValueError:
        return _birth_date_refusal(
            digits, f"tanggal {shown} tidak ada di kalender", f"{shown} is not a calendar date"
        )
    return _birth_date_refusal(
        digits,
        f"tanggal {shown} tidak ada dalam 100 tahun terakhir",
        f"{shown} is not a date in the last 100 years",
    )


def _age(birth_date: date, today: date) -> int:
    """Whole years from `birth_date` to `today`."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def _same_nik_date(stated: date, encoded: date) -> bool:
    """Whether two dates share the day, month and two-digit year that a NIK records."""
    return (stated.day, stated.month, stated.year % 100) == (
        encoded.day,
        encoded.month,
        encoded.year % 100,
    )


def _read_sex(value: str) -> Sex | Refusal:
    """The sex stated as "L" or "P" in any case, or a refusal."""
    stated = value.strip().upper()
    if stated == "L":
        return "L"
    if stated == "P":
        return "P"
    shown = value[:20]
    return Refusal(
        NikRefusalCode.SEX_INVALID,
        f'Jenis kelamin harus "L" (laki-laki) atau "P" (perempuan), bukan "{shown}".',
        f'Sex must be "L" (male) or "P" (female), not "{shown}".',
        field="sex",
    )


def _nik_refusal(code: NikRefusalCode, message_id: str, message_en: str) -> Refusal:
    """A refusal of the NIK field."""
    return Refusal(code, message_id, message_en, field="nik")


def _birth_date_refusal(digits: str, reason_id: str, reason_en: str) -> Refusal:
    """Refuse digits 7-12 of a NIK that are not a birth date, saying why."""
    return _nik_refusal(
        NikRefusalCode.BAD_BIRTH_DATE,
        f'Digit 7-12 NIK ("{digits}") harus tanggal lahir DDMMYY, dengan tanggal ditambah 40 '
        f"untuk perempuan: {reason_id}.",
        f'Digits 7-12 of the NIK ("{digits}") must be the birth date DDMMYY, with 40 added to the '
        f"day for women: {reason_en}.",
    )


def _scientific_notation_refusal(nik: str) -> Refusal:
    """Refuse a NIK that a spreadsheet turned into a number in scientific notation."""
    return _nik_refusal(
        NikRefusalCode.SCIENTIFIC_NOTATION,
        f'NIK "{nik}" tertulis dalam notasi ilmiah Excel, sehingga digitnya sudah hilang. '
        "Format kolom NIK sebagai Teks (Text), lalu ketik ulang NIK dari KTP atau Kartu Keluarga.",
        f'NIK "{nik}" is in Excel\'s scientific notation, which has lost digits. '
        "Format the NIK column as Text, then re-enter the NIK from the ID card or family card.",
    )


def _not_16_digits_refusal(nik: str) -> Refusal:
    """Refuse a NIK that is not 16 ASCII digits, saying how long it is and what else it holds."""
    others = sorted({char for char in nik if not "0" <= char <= "9"})
    if not others:
        return _nik_refusal(
            NikRefusalCode.NOT_16_DIGITS,
            f"NIK harus tepat 16 angka; yang diisi {len(nik)} angka.",
            f"A NIK must be exactly 16 digits; this one has {len(nik)}.",
        )
    spaces = any(char.isspace() for char in others)
    shown = ", ".join([f'"{char}"' for char in others if not char.isspace()][:5])
    found_id = " dan ".join(part for part in ("spasi" if spaces else "", shown) if part)
    found_en = " and ".join(part for part in ("spaces" if spaces else "", shown) if part)
    return _nik_refusal(
        NikRefusalCode.NOT_16_DIGITS,
        f"NIK harus tepat 16 angka (0-9) tanpa spasi atau tanda baca; yang diisi {len(nik)} "
        f"karakter dan memuat {found_id}.",
        f"A NIK must be exactly 16 digits (0-9) with no spaces or punctuation; this one has "
        f"{len(nik)} characters and contains {found_en}.",
    )
