"""Monthly contributions per worker per program, for wage earners (PU) and non-wage earners."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from payung.rules.errors import RuleError
from payung.rules.explanation import Explanation, json_ready
from payung.rules.formulas.common import (
    KINDS,
    Rules,
    check_program,
    check_typed_wage,
    check_wage,
)
from payung.rules.model import ParameterTree

EMPLOYER_RATES = {
    "jkm": "contributions/jkm/employer",
    "jht": "contributions/jht/employer",
    "jp": "contributions/jp/employer",
}
WORKER_RATES = {"jht": "contributions/jht/worker", "jp": "contributions/jp/worker"}


@dataclass(frozen=True)
class Contribution:
    """One program's monthly contribution for one worker, each share in whole Rupiah."""

    program: str
    employer: Decimal
    worker: Decimal
    explanation: Explanation

    @property
    def total(self) -> Decimal:
        """Employer and worker shares together."""
        return self.employer + self.worker

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as the CLI and the API give it."""
        return {
            "program": self.program,
            "employer": json_ready(self.employer),
            "worker": json_ready(self.worker),
            "total": json_ready(self.total),
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True)
class ContributionSet:
    """Several programs' contributions for one worker and month."""

    on: date
    wage: Decimal
    kind: str
    risk_class: str | None
    lines: tuple[Contribution, ...]

    @property
    def employer(self) -> Decimal:
        """The employer's shares together."""
        return sum((line.employer for line in self.lines), Decimal(0))

    @property
    def worker(self) -> Decimal:
        """The worker's shares together."""
        return sum((line.worker for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        """Every line together: the sum of the rounded lines."""
        return self.employer + self.worker

    @property
    def explanation(self) -> Explanation:
        """Every line's explanation, merged."""
        return Explanation().merge(*(line.explanation for line in self.lines))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as the CLI and the API give it."""
        return {
            "on": self.on.isoformat(),
            "wage": json_ready(self.wage),
            "kind": self.kind,
            "risk_class": self.risk_class,
            "lines": [line.as_dict() for line in self.lines],
            "employer": json_ready(self.employer),
            "worker": json_ready(self.worker),
            "total": json_ready(self.total),
            "low_confidence": self.explanation.low_confidence,
        }


def check_risk_class(rules: Rules, risk_class: str) -> str:
    """Refuse a risk class without a JKK rate file."""
    known = rules.tree.children("contributions/jkk")
    if risk_class not in known:
        raise RuleError(
            "unknown_risk_class", field="risk_class", risk_class=risk_class, known=", ".join(known)
        )
    return risk_class


def check_employer_kind(rules: Rules, employer_kind: str | None) -> str | None:
    """Refuse an employer kind the parameters do not know."""
    known = rules.tree.children("payment/late_fee_applies")
    if employer_kind is not None and employer_kind not in known:
        raise RuleError(
            "unknown_employer_kind",
            field="employer_kind",
            employer_kind=employer_kind,
            known=", ".join(known),
        )
    return employer_kind


def relief_factor(rules: Rules, program: str, on: date, employer_kind: str | None) -> Decimal:
    """The share still payable after the PP 49/2020 relief (1 outside its months and programs)."""
    discount = rules.tree["relief/discount"].at(on)
    programs = rules.tree["relief/programs"].at(on)
    if discount is None or programs is None or program not in rules.codes("relief/programs", on):
        return Decimal(1)
    excluded = rules.codes("relief/excluded_employer_kinds", on)
    if employer_kind is not None and employer_kind in excluded:
        rules.note(f"PP 49/2020 relief not applied: employer kind {employer_kind} is excluded.")
        return Decimal(1)
    rules.note("PP 49/2020 relief: only the undiscounted share of this month's JKK/JKM is due.")
    return Decimal(1) - rules.decimal("relief/discount", on)


def _wage_earner(
    rules: Rules, on: date, wage: Decimal, program: str, risk_class: str | None
) -> tuple[Decimal, Decimal]:
    """Unrounded employer and worker shares of a wage earner, before any relief."""
    base = wage
    if program == "jp":
        ceiling = rules.decimal("contributions/jp/wage_ceiling", on)
        if wage > ceiling:
            rules.note("JP is computed on the wage ceiling, not the whole wage.")
            base = ceiling
    if program == "jkk":
        if risk_class is None:
            raise RuleError(
                "unknown_risk_class",
                field="risk_class",
                risk_class="(none)",
                known=", ".join(rules.tree.children("contributions/jkk")),
            )
        employer_rate = rules.decimal(f"contributions/jkk/{risk_class}", on)
    else:
        employer_rate = rules.decimal(EMPLOYER_RATES[program], on)
    worker_path = WORKER_RATES.get(program)
    worker_rate = rules.decimal(worker_path, on) if worker_path else Decimal(0)
    return base * employer_rate, base * worker_rate


def _non_wage_earner(rules: Rules, on: date, income: Decimal, program: str) -> Decimal:
    """The unrounded contribution of a non-wage earner (BPU), paid by the participant."""
    if program == "jkm":
        return rules.decimal("contributions/bpu/jkm_flat", on)
    if program == "jkk":
        brackets = rules.value("contributions/bpu/jkk_income_brackets", on)
        assert isinstance(brackets, tuple)
        if income not in brackets:
            known = ", ".join(format(bracket, "f") for bracket in brackets)
            raise RuleError("unknown_income_bracket", field="wage", income=income, known=known)
        return income * rules.decimal("contributions/bpu/jkk_rate", on)
    raise RuleError("program_not_for_kind", field="program", program=program, kind="bpu")


def contribution(
    *,
    on: date,
    wage: Decimal,
    program: str,
    risk_class: str | None = None,
    kind: str = "pu",
    employer_kind: str | None = None,
    parameters: ParameterTree | None = None,
) -> Contribution:
    """One program's monthly contribution for a worker with `wage` in the month of `on`."""
    rules = Rules(parameters)
    rules.check_date(on)
    wage = check_wage(wage)
    check_program(program)
    if kind not in KINDS:
        raise RuleError("unknown_kind", field="kind", kind=kind)
    if risk_class is not None:
        check_risk_class(rules, risk_class)
    check_employer_kind(rules, employer_kind)
    factor = relief_factor(rules, program, on, employer_kind)
    if kind == "pu":
        employer, worker = _wage_earner(rules, on, wage, program, risk_class)
    else:
        employer, worker = Decimal(0), _non_wage_earner(rules, on, wage, program)
        rules.note("BPU: the participant pays (a government may pay on their behalf).")
    return Contribution(
        program=program,
        employer=rules.money(employer * factor, on),
        worker=rules.money(worker * factor, on),
        explanation=rules.explanation(),
    )


def contributions(
    *,
    on: date,
    wage: Decimal,
    programs: list[str] | tuple[str, ...],
    risk_class: str | None = None,
    kind: str = "pu",
    employer_kind: str | None = None,
    parameters: ParameterTree | None = None,
) -> ContributionSet:
    """Each program's monthly contribution for one worker; the total sums the rounded lines."""
    wage = check_typed_wage(wage)
    lines = tuple(
        contribution(
            on=on,
            wage=wage,
            program=program,
            risk_class=risk_class,
            kind=kind,
            employer_kind=employer_kind,
            parameters=parameters,
        )
        for program in programs
    )
    return ContributionSet(on=on, wage=Decimal(wage), kind=kind, risk_class=risk_class, lines=lines)
