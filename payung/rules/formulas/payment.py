"""When a month's contribution is due, and the late fee when it is paid after that."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Self

from payung.rules.errors import RuleError
from payung.rules.explanation import Explanation, json_ready
from payung.rules.formulas.common import KINDS, Rules, month_start
from payung.rules.formulas.contributions import check_employer_kind
from payung.rules.model import ParameterTree

SATURDAY = 5


class DueDate(date):
    """A due date that also carries its explanation; compares as a plain date."""

    explanation: Explanation

    @classmethod
    def of(cls, day: date, explanation: Explanation) -> Self:
        """The date `day` with its explanation."""
        made = cls(day.year, day.month, day.day)
        made.explanation = explanation
        return made


@dataclass(frozen=True)
class LateFee:
    """The late fee on one month's unpaid contribution."""

    amount: Decimal
    months_late: int
    due_date: date
    applies: bool
    explanation: Explanation

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "amount": json_ready(self.amount),
            "months_late": self.months_late,
            "due_date": self.due_date.isoformat(),
            "applies": self.applies,
            "explanation": self.explanation.as_dict(),
        }


def next_working_day(day: date) -> date:
    """`day`, or the Monday after when it falls on a weekend (holidays are not modelled)."""
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def _day_in_month(year: int, month: int, day: int) -> date:
    """The `day`th of the month, or its last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _due(rules: Rules, period: date, kind: str) -> date:
    period = month_start(period)
    rules.check_date(period, field="period")
    if kind not in KINDS:
        raise RuleError("unknown_kind", field="kind", kind=kind)
    if kind == "bpu":
        day = int(rules.decimal("payment/bpu_due_day_of_same_month", period))
        nominal = _day_in_month(period.year, period.month, day)
    else:
        day = int(rules.decimal("payment/due_day_of_next_month", period))
        following = period + timedelta(days=calendar.monthrange(period.year, period.month)[1])
        nominal = _day_in_month(following.year, following.month, day)
    due = next_working_day(nominal)
    if due != nominal:
        rules.note(
            f"{nominal} falls on a weekend: due the next working day (holidays not modelled)."
        )
    return due


def due_date(*, period: date, kind: str = "pu", parameters: ParameterTree | None = None) -> DueDate:
    """The day the contribution for the month of `period` is due."""
    rules = Rules(parameters)
    due = _due(rules, period, kind)
    return DueDate.of(due, rules.explanation())


def months_late(due: date, paid_on: date) -> int:
    """Months of delay, a started month counting as a whole one; 0 when paid by the due date."""
    if paid_on <= due:
        return 0
    months = (paid_on.year - due.year) * 12 + paid_on.month - due.month
    return months + 1 if paid_on.day > due.day else max(months, 1)


def late_fee(
    *,
    amount: Decimal,
    period: date,
    paid_on: date,
    employer_kind: str | None = None,
    kind: str = "pu",
    parameters: ParameterTree | None = None,
) -> LateFee:
    """The late fee on `amount`, the contribution for the month of `period`, paid on `paid_on`."""
    rules = Rules(parameters)
    amount = Decimal(amount)
    if amount < 0:
        raise RuleError("negative_amount", field="amount")
    check_employer_kind(rules, employer_kind)
    due = _due(rules, period, kind)
    late = months_late(due, paid_on)
    period = month_start(period)
    applies = True
    if employer_kind is not None:
        applies = rules.flag(f"payment/late_fee_applies/{employer_kind}", period)
    if late == 0 or not applies:
        fee = Decimal(0)
    else:
        rate = rules.decimal("payment/late_fee_rate", period)
        fee = rules.money(amount * rate * late, period)
    return LateFee(
        amount=fee, months_late=late, due_date=due, applies=applies, explanation=rules.explanation()
    )
