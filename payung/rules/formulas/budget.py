"""What a regional government would budget to cover a number of workers for a year."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from payung.rules.errors import RuleError
from payung.rules.explanation import Explanation, json_ready
from payung.rules.formulas.common import (
    Rules,
    check_program,
    check_typed_wage,
    check_workers,
    check_year,
)
from payung.rules.formulas.contributions import contribution
from payung.rules.model import ParameterTree

MONTHS_IN_YEAR = 12
REGIONAL_ACCOUNTS = "budget/account_codes"
VILLAGE_ACCOUNTS = "budget/village_account_codes"
ACCOUNT_KINDS = {
    REGIONAL_ACCOUNTS: "regional budget (APBD)",
    VILLAGE_ACCOUNTS: "village budget (APBDes)",
}


@dataclass(frozen=True)
class MonthCost:
    """One month's cost of one program for all workers."""

    month: date
    per_worker: Decimal
    amount: Decimal

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "month": self.month.strftime("%Y-%m"),
            "per_worker": json_ready(self.per_worker),
            "amount": json_ready(self.amount),
        }


@dataclass(frozen=True)
class ProgramCost:
    """A program's cost over the year, with the regional budget account it is paid from."""

    program: str
    account_code: str | None
    months: tuple[MonthCost, ...]
    explanation: Explanation

    @property
    def monthly(self) -> Decimal:
        """The cost of the first month simulated (see `months` when it changes in the year)."""
        return self.months[0].amount

    @property
    def per_worker_monthly(self) -> Decimal:
        """One worker's contribution in the first month simulated."""
        return self.months[0].per_worker

    @property
    def yearly(self) -> Decimal:
        """Every month simulated together."""
        return sum((month.amount for month in self.months), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "program": self.program,
            "account_code": self.account_code,
            "per_worker_monthly": json_ready(self.per_worker_monthly),
            "monthly": json_ready(self.monthly),
            "yearly": json_ready(self.yearly),
            "months": [month.as_dict() for month in self.months],
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True)
class Simulation:
    """The cost of covering `workers` workers at `wage` for a year, per program and in total."""

    workers: int
    wage: Decimal
    year: int
    risk_class: str | None
    programs: tuple[ProgramCost, ...]
    notes: tuple[str, ...]

    @property
    def monthly(self) -> Decimal:
        """Every program's first-month cost together."""
        return sum((program.monthly for program in self.programs), Decimal(0))

    @property
    def yearly(self) -> Decimal:
        """Every program's yearly cost together."""
        return sum((program.yearly for program in self.programs), Decimal(0))

    @property
    def explanation(self) -> Explanation:
        """Every program's explanation, merged."""
        return Explanation(notes=self.notes).merge(*(p.explanation for p in self.programs))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as the CLI and the API give it."""
        return {
            "workers": self.workers,
            "wage": json_ready(self.wage),
            "year": self.year,
            "risk_class": self.risk_class,
            "programs": [program.as_dict() for program in self.programs],
            "monthly": json_ready(self.monthly),
            "yearly": json_ready(self.yearly),
            "low_confidence": self.explanation.low_confidence,
            "notes": list(self.explanation.notes),
        }


def simulate(
    *,
    workers: int,
    wage: Decimal,
    programs: list[str] | tuple[str, ...],
    risk_class: str | None = None,
    year: int,
    employer_kind: str | None = None,
    kind: str = "pu",
    parameters: ParameterTree | None = None,
    accounts: str = REGIONAL_ACCOUNTS,
) -> Simulation:
    """The monthly and yearly cost of covering `workers` workers at `wage` in `year`.

    `accounts` is where each program's budget account code is read: the regional budget's
    (APBD, `REGIONAL_ACCOUNTS`) or a village budget's (APBDes, `VILLAGE_ACCOUNTS`).
    """
    rules = Rules(parameters)
    check_workers(workers)
    wage = check_typed_wage(wage)
    check_year(year)
    for program in programs:
        check_program(program)
    months = [
        date(year, month, 1)
        for month in range(1, MONTHS_IN_YEAR + 1)
        if date(year, month, 1) >= rules.start
    ]
    if not months:
        raise RuleError("date_before_rules", field="year", on=date(year, 1, 1), start=rules.start)
    if len(months) < MONTHS_IN_YEAR:
        rules.note(f"Only the months from {months[0]:%Y-%m} are simulated: the rules begin then.")
    costs = []
    for program in programs:
        lines = [
            contribution(
                on=month,
                wage=wage,
                program=program,
                risk_class=risk_class,
                kind=kind,
                employer_kind=employer_kind,
                parameters=rules.tree,
            )
            for month in months
        ]
        account = rules.tree.get(f"{accounts}/{program}")
        code = None
        if account is not None:
            found = rules.optional(account.path, months[0])
            code = None if found is None else str(found)
        if code is None:
            rules.note(f"No {ACCOUNT_KINDS[accounts]} account code is known for {program.upper()}.")
        month_costs = tuple(
            MonthCost(month=month, per_worker=line.total, amount=line.total * workers)
            for month, line in zip(months, lines, strict=True)
        )
        if len({cost.per_worker for cost in month_costs}) > 1:
            rules.note(f"{program.upper()} changes during {year}: see the months.")
        explanation = Explanation().merge(*(line.explanation for line in lines))
        costs.append(ProgramCost(program, code, month_costs, explanation))
    return Simulation(
        workers=workers,
        wage=wage,
        year=year,
        risk_class=risk_class,
        programs=tuple(costs),
        notes=tuple(rules.explanation().notes),
    )
