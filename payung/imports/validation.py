"""Row rules of a roster import: each refusal has a stable code, the column, and a message in
Indonesian and English (docs/import.md lists them).

Checking a million rows must take seconds, so the common case (a valid row) runs a short
path with cached date parsing; only a row that fails it goes through the slower, fully
explained checks of `payung.workers.nik`.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any

from payung.core.errors import DomainError, Refusal
from payung.workers import nik as nik_rules

from .reading import Cell

NAME_MAX_LENGTH = 160
MIDNIGHT = time(0)
KPJ_MAX_LENGTH = 20
WAGE_MAX = Decimal("999999999999.99")  # Worker.wage: 14 digits, 2 of them decimals


class RowCode(StrEnum):
    """Stable codes of row refusals and warnings (besides the NIK codes of workers.nik)."""

    NAME_BLANK = "name_blank"
    NAME_TOO_LONG = "name_too_long"
    DATE_INVALID = "date_invalid"
    WAGE_INVALID = "wage_invalid"
    WAGE_NOT_POSITIVE = "wage_not_positive"
    WAGE_TOO_LARGE = "wage_too_large"
    CATEGORY_INVALID = "category_invalid"
    UNIT_UNKNOWN = "unit_unknown"
    UNIT_AMBIGUOUS = "unit_ambiguous"
    UNIT_NOT_ALLOWED = "unit_not_allowed"
    WORKER_IN_OTHER_UNIT = "worker_in_other_unit"
    KPJ_INVALID = "kpj_invalid"
    NUL_CHARACTER = "nul_character"
    NIK_DUPLICATE_IN_FILE = "nik_duplicate_in_file"
    # warnings
    UNKNOWN_COLUMN = "unknown_column"
    NIK_ENROLLED_ELSEWHERE = "nik_enrolled_elsewhere"
    IDENTITY_LEFT_UNCHANGED = "identity_left_unchanged"
    REPLACE_SKIPPED = "replace_skipped"


@dataclass
class RowIssue:
    """One refusal or warning about a row (row 1 is the header), in both languages."""

    row: int
    column: str
    code: str
    message: str
    message_id: str = ""
    message_en: str = ""

    @classmethod
    def of(cls, row: int, column: str, code: str, message_id: str, message_en: str) -> "RowIssue":
        return cls(row, column, str(code), f"{message_id} / {message_en}", message_id, message_en)

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


# What a valid row puts in the staging table, in this order.
type StagedRow = tuple[
    int,  # row number
    str,  # nik
    str,  # name
    date | None,  # stated birth date
    date,  # birth date from the NIK (or the stated one, whose century is known)
    str,  # sex from the NIK
    str | None,  # stated sex
    str | None,  # category
    Decimal | None,  # wage
    int | None,  # work unit id
    date | None,  # start date
    str,  # kpj
]

_DATE_FORMATS = (
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"), (1, 2, 3)),
    (re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})"), (3, 2, 1)),
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), (3, 2, 1)),
)
_WAGE = re.compile(r"(?:rp\.?\s*)?([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{1,2}))?", re.I)
_KPJ = re.compile(r"[0-9A-Za-z]{1,20}")
_SEPARATORS = re.compile(r"[\s_\-/]+")

_FAST_COLUMNS = (
    "tanggal_lahir",
    "jenis_kelamin",
    "upah",
    "unit_kerja",
    "kategori",
    "tanggal_mulai",
    "kpj",
)
_PROVINCES = nik_rules.PROVINCE_CODES

CATEGORY_WORDS = {
    "non_asn": "non_asn",
    "nonasn": "non_asn",
    "honorer": "non_asn",
    "pegawai_non_asn": "non_asn",
    "ppnpn": "non_asn",
    "village_official": "village_official",
    "aparat_desa": "village_official",
    "perangkat_desa": "village_official",
    "village_facilitator": "village_facilitator",
    "pendamping_desa": "village_facilitator",
}


def text_of(cell: Cell) -> str:
    """A cell as text: trimmed, inner runs of spaces collapsed, case kept."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return " ".join(cell.split())
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == MIDNIGHT else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


@lru_cache(maxsize=65_536)
def parse_date_text(text: str) -> date | None:
    """`YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`, or None."""
    for pattern, (year, month, day) in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match[year]), int(match[month]), int(match[day]))
            except ValueError:
                return None
    return None


@lru_cache(maxsize=65_536)
def _wage_text(text: str) -> Decimal | None:
    """A wage written as text, if it is a valid one (greater than zero, not too large)."""
    match = _WAGE.fullmatch(" ".join(text.split()))
    if not match:
        return None
    wage = Decimal(f"{match[1].replace('.', '')}.{match[2] or '0'}")
    return wage if 0 < wage <= WAGE_MAX else None


def date_of(cell: Cell) -> date | None:
    """A date cell, or text in one of the accepted formats; None if it is neither."""
    if isinstance(cell, datetime):
        return cell.date() if cell.time() == MIDNIGHT else None
    if isinstance(cell, date):
        return cell
    if isinstance(cell, str):
        return parse_date_text(cell.strip())
    return None


@lru_cache(maxsize=16_384)
def _nik_birth(digits: str, today: date) -> tuple[date, str] | None:
    """Birth date and sex encoded in digits 7-12 of a NIK, or None when they are no date."""
    try:  # any valid province, district and serial around the six digits
        info = nik_rules.parse_nik(f"110101{digits}0001", today=today)
    except DomainError:
        return None
    return info.birth_date, info.sex


class RowChecker:
    """Checks data rows of one roster against the rules; knows the employer's work units."""

    def __init__(
        self,
        *,
        columns: dict[str, int],
        headers: dict[str, str],
        units: dict[str, int | None],
        other_units: frozenset[str] = frozenset(),
        default_unit_id: int | None = None,
        today: date,
    ) -> None:
        self.default_unit_id = default_unit_id
        self.columns = columns
        self.headers = headers  # our column name -> the header as written in the file
        # Lower-cased code or name -> id of a unit the uploader may write (None: two share it);
        # the employer's other units are known by key only, to explain their refusal.
        self.units = units
        self.other_units = other_units
        self.today = today

        order = ("nik", "nama", *_FAST_COLUMNS)
        self._positions = tuple(columns.get(name, -1) for name in order)

    def check(self, number: int, cells: list[Cell]) -> tuple[StagedRow | None, list[RowIssue]]:
        """The row to stage, or None and the reasons it is refused."""
        staged = self._fast(number, cells)
        if staged is not None:
            return staged, []
        nul = [
            self._issue(
                number,
                name,
                RowCode.NUL_CHARACTER,
                "Sel ini memuat karakter NUL (kode 0) yang tidak dapat disimpan; ketik ulang.",
                "This cell holds a NUL character (code 0), which cannot be stored; retype it.",
            )
            for name, position in self.columns.items()
            if "\x00" in str(cells[position] if position < len(cells) else "")
        ]
        if nul:  # refused before any message repeats the cell's text
            return None, nul
        return self._check(number, cells)

    def _fast(self, number: int, cells: list[Cell]) -> StagedRow | None:
        """A row of plain text cells that passes every rule, staged; else None (no verdict).

        Equivalent to `_check` for the rows it accepts; anything unusual is left to `_check`.
        """
        p_nik, p_name, p_birth, p_sex, p_wage, p_unit, p_category, p_start, p_kpj = self._positions
        width = len(cells)
        if p_nik >= width or p_name >= width:
            return None
        nik = cells[p_nik]
        name = cells[p_name]
        if nik.__class__ is not str or name.__class__ is not str:
            return None
        nik = nik.strip()  # type: ignore[union-attr]
        name = " ".join(name.split())  # type: ignore[union-attr]
        if (
            not name
            or "\x00" in name
            or len(name) > NAME_MAX_LENGTH
            or len(nik) != 16
            or not nik.isdigit()
            or not nik.isascii()
            or nik[:2] not in _PROVINCES
            or nik[12:] == "0000"
        ):
            return None
        birth = _nik_birth(nik[6:12], self.today)
        if birth is None:
            return None
        nik_birth, nik_sex = birth
        values: list[Any] = []
        for position, may_be_date in (
            (p_birth, True),
            (p_sex, False),
            (p_wage, False),
            (p_unit, False),
            (p_category, False),
            (p_start, True),
            (p_kpj, False),
        ):
            cell = cells[position] if 0 <= position < width else None
            if cell.__class__ is str:
                cell = cell.strip()  # type: ignore[union-attr]
                if not cell:
                    cell = None
            elif cell is not None and not (may_be_date and cell.__class__ is date):
                return None  # a date cell where text belongs, a number: `_check` explains
            values.append(cell)
        stated_birth, sex, wage, unit, category, start, kpj = values
        if stated_birth is not None and stated_birth.__class__ is not date:
            stated_birth = parse_date_text(stated_birth)
            if stated_birth is None:
                return None
        if stated_birth is not None and (
            stated_birth.day != nik_birth.day
            or stated_birth.month != nik_birth.month
            or stated_birth.year % 100 != nik_birth.year % 100
        ):
            return None
        if sex is not None:
            sex = sex.upper()
            if sex != nik_sex:
                return None
        if wage is not None:
            wage = _wage_text(wage)
            if wage is None:
                return None
        if unit is None:
            unit_id = self.default_unit_id
        else:
            unit_id = self.units.get(" ".join(unit.split()).lower())
            if unit_id is None:
                return None
        if category is not None:
            category = CATEGORY_WORDS.get(_SEPARATORS.sub("_", category.lower()))
            if category is None:
                return None
        if start is not None and start.__class__ is not date:
            start = parse_date_text(start)
            if start is None:
                return None
        if kpj is None:
            kpj = ""
        elif not _KPJ.fullmatch(kpj):
            return None
        return (
            number,
            nik,
            name,
            stated_birth,
            stated_birth or nik_birth,
            nik_sex,
            sex,
            category,
            wage,
            unit_id,
            start,
            kpj,
        )

    def _check(self, number: int, cells: list[Cell]) -> tuple[StagedRow | None, list[RowIssue]]:
        """Every rule, every refusal of the row explained."""
        issues: list[RowIssue] = []
        get = self._getter(cells)

        nik, nik_birth, nik_sex = self._nik(number, get("nik"), issues)
        name = text_of(get("nama"))
        if not name:
            issues.append(
                self._issue(
                    number, "nama", RowCode.NAME_BLANK, "Nama wajib diisi.", "A name is required."
                )
            )
        elif len(name) > NAME_MAX_LENGTH:
            issues.append(
                self._issue(
                    number,
                    "nama",
                    RowCode.NAME_TOO_LONG,
                    f"Nama terlalu panjang ({len(name)} karakter; maksimum {NAME_MAX_LENGTH}).",
                    f"The name is too long ({len(name)} characters; at most {NAME_MAX_LENGTH}).",
                )
            )
        birth_date = self._date(number, "tanggal_lahir", get("tanggal_lahir"), issues)
        sex_text = text_of(get("jenis_kelamin"))
        sex = sex_text.upper() if sex_text else None
        if sex is not None and sex not in ("L", "P"):
            issues.append(
                self._issue(
                    number,
                    "jenis_kelamin",
                    nik_rules.NikRefusalCode.SEX_INVALID,
                    f'Jenis kelamin harus "L" (laki-laki) atau "P" (perempuan), bukan '
                    f'"{sex_text[:20]}".',
                    f'Sex must be "L" (male) or "P" (female), not "{sex_text[:20]}".',
                )
            )
            sex = None
        if nik is not None and nik_birth is not None:
            mismatch = birth_date is not None and (
                birth_date.day != nik_birth.day
                or birth_date.month != nik_birth.month
                or birth_date.year % 100 != nik_birth.year % 100
            )
            if mismatch or (sex is not None and sex != nik_sex):
                info = nik_rules.parse_nik(nik, today=self.today)
                for refusal in nik_rules.check_consistency(info, birth_date=birth_date, sex=sex):
                    column = "tanggal_lahir" if refusal.field == "birth_date" else "jenis_kelamin"
                    issues.append(self._refusal(number, column, refusal))
        wage = self._wage(number, get("upah"), issues)
        category = self._category(number, get("kategori"), issues)
        unit_id = self._unit(number, get("unit_kerja"), issues)
        start_date = self._date(number, "tanggal_mulai", get("tanggal_mulai"), issues)
        kpj = self._kpj(number, get("kpj"), issues)
        if issues or nik is None or nik_birth is None:
            return None, issues
        return (
            number,
            nik,
            name,
            birth_date,
            birth_date or nik_birth,
            nik_sex,
            sex,
            category,
            wage,
            unit_id,
            start_date,
            kpj,
        ), issues

    def _getter(self, cells: list[Cell]):  # type: ignore[no-untyped-def]
        columns = self.columns
        width = len(cells)

        def get(name: str) -> Cell:
            position = columns.get(name)
            if position is None or position >= width:
                return None
            return cells[position]

        return get

    def _issue(
        self, number: int, column: str, code: str, message_id: str, message_en: str
    ) -> RowIssue:
        return RowIssue.of(number, self.headers.get(column, column), code, message_id, message_en)

    def _refusal(self, number: int, column: str, refusal: Refusal) -> RowIssue:
        return self._issue(number, column, refusal.code, refusal.message_id, refusal.message_en)

    def _nik(
        self, number: int, cell: Cell, issues: list[RowIssue]
    ) -> tuple[str | None, date | None, str]:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            # A number cell: Excel keeps 15 significant digits and shows e.g. 7.40401E+15.
            cell = f"{cell:.5E}".replace("E+0", "E+")
        elif not isinstance(cell, str):
            cell = text_of(cell)
        nik = cell.strip()
        if (
            len(nik) == 16
            and nik.isdigit()
            and nik.isascii()
            and nik[:2] in nik_rules.PROVINCE_CODES
            and nik[12:] != "0000"
        ):
            birth = _nik_birth(nik[6:12], self.today)
            if birth is not None:
                return nik, birth[0], birth[1]
        try:
            info = nik_rules.parse_nik(cell, today=self.today)
        except DomainError as error:
            issues.extend(self._refusal(number, "nik", refusal) for refusal in error.refusals)
            return None, None, ""
        return info.nik, info.birth_date, info.sex

    def _date(self, number: int, column: str, cell: Cell, issues: list[RowIssue]) -> date | None:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        found = date_of(cell)
        if found is None:
            shown = text_of(cell)[:30]
            issues.append(
                self._issue(
                    number,
                    column,
                    RowCode.DATE_INVALID,
                    f'"{shown}" bukan tanggal; tulis sebagai TTTT-BB-HH, HH-BB-TTTT atau '
                    "HH/BB/TTTT, atau gunakan sel bertipe tanggal.",
                    f'"{shown}" is not a date; write it as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY, '
                    "or use a date cell.",
                )
            )
        return found

    def _wage(self, number: int, cell: Cell, issues: list[RowIssue]) -> Decimal | None:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        wage: Decimal | None = None
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            try:
                wage = Decimal(str(cell)).quantize(Decimal("0.01"))
            except InvalidOperation:
                wage = None
        elif isinstance(cell, str):
            match = _WAGE.fullmatch(" ".join(cell.split()))
            if match:
                wage = Decimal(f"{match[1].replace('.', '')}.{match[2] or '0'}")
        shown = text_of(cell)[:30]
        if wage is None:
            issues.append(
                self._issue(
                    number,
                    "upah",
                    RowCode.WAGE_INVALID,
                    f'Upah "{shown}" tidak dapat dibaca; tulis angka saja, boleh dengan "Rp", '
                    'titik sebagai pemisah ribuan dan koma untuk desimal (contoh: "Rp 2.500.000").',
                    f'Wage "{shown}" cannot be read; write digits only, optionally with "Rp", "." '
                    'between thousands and "," for decimals (e.g. "Rp 2.500.000").',
                )
            )
        elif wage <= 0:
            issues.append(
                self._issue(
                    number,
                    "upah",
                    RowCode.WAGE_NOT_POSITIVE,
                    f'Upah harus lebih dari nol, bukan "{shown}".',
                    f'The wage must be greater than zero, not "{shown}".',
                )
            )
            wage = None
        elif wage > WAGE_MAX:
            issues.append(
                self._issue(
                    number,
                    "upah",
                    RowCode.WAGE_TOO_LARGE,
                    f'Upah "{shown}" terlalu besar.',
                    f'Wage "{shown}" is too large.',
                )
            )
            wage = None
        return wage

    def _category(self, number: int, cell: Cell, issues: list[RowIssue]) -> str | None:
        text = text_of(cell)
        if not text:
            return None
        found = CATEGORY_WORDS.get(_SEPARATORS.sub("_", text.lower()))
        if found is None:
            issues.append(
                self._issue(
                    number,
                    "kategori",
                    RowCode.CATEGORY_INVALID,
                    f'Kategori "{text[:30]}" tidak dikenal; pilih "non_asn" (honorer), '
                    '"aparat_desa" atau "pendamping_desa".',
                    f'Unknown category "{text[:30]}"; use "non_asn" (honorary), "aparat_desa" '
                    '(village official) or "pendamping_desa" (village facilitator).',
                )
            )
        return found

    def _unit(self, number: int, cell: Cell, issues: list[RowIssue]) -> int | None:
        text = text_of(cell)
        if not text:
            return self.default_unit_id
        key = text.lower()
        if key not in self.units and key in self.other_units:
            issues.append(
                self._issue(
                    number,
                    "unit_kerja",
                    RowCode.UNIT_NOT_ALLOWED,
                    f'Unit kerja "{text[:60]}" di luar wewenang Anda; Anda hanya boleh mengisi '
                    "unit kerja yang Anda kelola.",
                    f'The work unit "{text[:60]}" is outside what you may change; give only the '
                    "work units you manage.",
                )
            )
            return None
        if key not in self.units:
            issues.append(
                self._issue(
                    number,
                    "unit_kerja",
                    RowCode.UNIT_UNKNOWN,
                    f'Unit kerja "{text[:60]}" tidak ada pada pemberi kerja ini; isi kode atau '
                    "nama unit kerja yang terdaftar.",
                    f'This employer has no work unit "{text[:60]}"; give the code or name of a '
                    "registered work unit.",
                )
            )
            return None
        unit_id = self.units[key]
        if unit_id is None:
            issues.append(
                self._issue(
                    number,
                    "unit_kerja",
                    RowCode.UNIT_AMBIGUOUS,
                    f'Lebih dari satu unit kerja bernama "{text[:60]}"; isi kode unitnya.',
                    f'More than one work unit is named "{text[:60]}"; give its code instead.',
                )
            )
        return unit_id

    def _kpj(self, number: int, cell: Cell, issues: list[RowIssue]) -> str:
        text = text_of(cell)
        if not text:
            return ""
        if not _KPJ.fullmatch(text):
            issues.append(
                self._issue(
                    number,
                    "kpj",
                    RowCode.KPJ_INVALID,
                    f'Nomor KPJ "{text[:30]}" harus berupa 1-{KPJ_MAX_LENGTH} huruf atau angka '
                    "tanpa spasi (format kolom sebagai Teks).",
                    f'KPJ number "{text[:30]}" must be 1-{KPJ_MAX_LENGTH} letters or digits with '
                    "no spaces (format the column as Text).",
                )
            )
            return ""
        return text
