"""The bounds of the amounts, counts and years people type in (pure Python).

Beyond them a value is a typo or an attack: it is refused with a stable code before it reaches
the database or a page. The database checks the same bounds (check constraints), so a row
written around the services is refused too. Payment ceilings are settings, read at call time
(`payung.billing.services.payment_max`); these are the limits of the product itself.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from payung.core.errors import Refusal
from payung.core.money import rupiah

# Money per person per month (a wage, a contribution per person): Rp100.000.000.
MONEY_PER_PERSON_MAX = Decimal(100_000_000)
# People: workers planned or reported, a target population, attendance of an event.
HEAD_COUNT_MAX = 10_000_000
# Budget years, calendar years of a simulation, years of a bill's period.
YEAR_MIN = 1900
YEAR_MAX = 2100
# Months of a benefit schedule (STMB lasts until recovery: fifty years is beyond any case).
MONTHS_MAX = 600
# Contribution years of a participant.
CONTRIBUTION_YEARS_MAX = 100
# What a bill, a payment or an adjustment column can hold (NUMERIC(16, 2)).
AMOUNT_COLUMN_MAX = Decimal("99999999999999.99")


class Code:
    """Stable codes of the refusals below."""

    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "amount_not_whole"
    TOO_PRECISE = "amount_too_precise"
    AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
    COUNT_OUT_OF_RANGE = "count_out_of_range"
    YEAR_OUT_OF_RANGE = "year_out_of_range"


def _dots(number: int) -> str:
    """`10000000` → `10.000.000` (Indonesian thousands)."""
    return f"{number:,}".replace(",", ".")


def _commas(number: int | Decimal) -> str:
    return f"{number:,}"


def count_refusal(value: int | None, field: str, maximum: int = HEAD_COUNT_MAX) -> Refusal | None:
    """Why a count of people is refused (negative or above `maximum`), or None."""
    if value is None or 0 <= value <= maximum:
        return None
    return Refusal(
        Code.COUNT_OUT_OF_RANGE,
        f"Jumlah untuk {field} harus antara 0 dan {_dots(maximum)}.",
        f"The count for {field} must be between 0 and {_commas(maximum)}.",
        field,
    )


def year_refusal(value: int | None, field: str) -> Refusal | None:
    """Why a year is refused (outside YEAR_MIN..YEAR_MAX), or None."""
    if value is None or YEAR_MIN <= value <= YEAR_MAX:
        return None
    return Refusal(
        Code.YEAR_OUT_OF_RANGE,
        f"Tahun untuk {field} harus antara {YEAR_MIN} dan {YEAR_MAX}.",
        f"The year for {field} must be between {YEAR_MIN} and {YEAR_MAX}.",
        field,
    )


def date_refusal(value: date | None, field: str) -> Refusal | None:
    """Why a date is refused (its year outside YEAR_MIN..YEAR_MAX), or None."""
    return None if value is None else year_refusal(value.year, field)


def money_refusal(
    value: Decimal | int | str | None,
    field: str,
    *,
    maximum: Decimal = MONEY_PER_PERSON_MAX,
    minimum: Decimal = Decimal(0),
    places: int = 0,
) -> Refusal | None:
    """Why an amount of Rupiah is refused (not a number, more decimals than `places`, or
    outside minimum..maximum), or None."""
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        return Refusal(
            Code.NOT_A_NUMBER,
            f"Nilai {field} bukan angka.",
            f"The value of {field} is not a number.",
            field,
        )
    if not minimum <= amount <= maximum:
        return Refusal(
            Code.AMOUNT_OUT_OF_RANGE,
            f"Jumlah untuk {field} harus antara {rupiah(minimum)} dan {rupiah(maximum)}.",
            f"The amount for {field} must be between Rp{_commas(minimum)} and "
            f"Rp{_commas(maximum)}.",
            field,
        )
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        if places == 0:
            return Refusal(
                Code.NOT_WHOLE,
                f"Jumlah untuk {field} harus dalam rupiah penuh, tanpa sen.",
                f"The amount for {field} must be in whole Rupiah, without cents.",
                field,
            )
        return Refusal(
            Code.TOO_PRECISE,
            f"Jumlah untuk {field} paling banyak {places} angka di belakang koma.",
            f"The amount for {field} has at most {places} decimal places.",
            field,
        )
    return None
