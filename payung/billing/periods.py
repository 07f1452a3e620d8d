"""Bill periods (YYYY-MM): parsing, month ends, and the months a bill may be issued for."""

import re
from datetime import date

from payung.core.bounds import year_refusal
from payung.core.errors import DomainError, Refusal

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def refuse(code: str, message_id: str, message_en: str, field: str = "") -> DomainError:
    """A refusal of the billing app with a stable code."""
    return DomainError(Refusal(code, message_id, message_en, field))


def parse_period(text: str) -> date:
    """The first day of the month `YYYY-MM`; refuse anything else."""
    match = PERIOD.match(text.strip())
    if match is None:
        raise refuse(
            "invalid_period",
            f"Periode tidak valid: {text!r} (YYYY-MM)",
            f"Invalid period: {text!r} (YYYY-MM)",
            "period",
        )
    if refused := year_refusal(int(match[1]), "period"):
        raise DomainError(refused)
    return date(int(match[1]), int(match[2]), 1)


def month_end(month: date) -> date:
    """The last day of the month starting on `month`."""
    following = next_month(month)
    return date.fromordinal(following.toordinal() - 1)


def next_month(month: date) -> date:
    """The first day of the month after the one of `month`."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def check_billable(month: date, *, today: date) -> None:
    """Refuse a bill for a month after next month (a typo such as 2030-01, not an advance)."""
    latest = next_month(today.replace(day=1))
    if month > latest:
        raise refuse(
            "period_too_late",
            f"Periode {month:%Y-%m} setelah bulan depan ({latest:%Y-%m}) tidak dapat ditagih",
            f"Period {month:%Y-%m} is after next month ({latest:%Y-%m}) and cannot be billed",
            "period",
        )
