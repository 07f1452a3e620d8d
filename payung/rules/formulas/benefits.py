"""Benefits by the date of death or accident: JKM, JKK death, and STMB wage replacement.

When a regulation changes the shape of a benefit, a new dated variant is added beside the old
one; the parameter `formulas/<name>` says which variant is in force on a date.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from payung.core.bounds import CONTRIBUTION_YEARS_MAX, MONTHS_MAX
from payung.rules.errors import RuleError
from payung.rules.explanation import Explanation, json_ready
from payung.rules.formulas.common import Rules, check_typed_wage, check_wage
from payung.rules.model import ParameterTree

SCHOOL_LEVELS = ("primary", "junior_secondary", "senior_secondary", "higher_education")


@dataclass(frozen=True)
class SchoolLevel:
    """The scholarship for one school level: per child per year, for at most some years."""

    level: str
    per_year: Decimal
    max_years: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "level": self.level,
            "per_year": json_ready(self.per_year),
            "max_years": self.max_years,
            "max_per_child": json_ready(self.per_year * self.max_years),
        }


@dataclass(frozen=True)
class Scholarship:
    """The scholarship entitlement: who is eligible, for how many children, up to what amount."""

    eligible: bool | None
    min_contribution_years: Decimal
    max_children: int
    per_child: Decimal | None = None
    levels: tuple[SchoolLevel, ...] = ()
    cap_total: Decimal | None = None

    @property
    def max_amount(self) -> Decimal:
        """The most the scholarship can pay for all children together."""
        if self.per_child is not None:
            return self.per_child * self.max_children
        per_child = sum((level.per_year * level.max_years for level in self.levels), Decimal(0))
        most = per_child * self.max_children
        return most if self.cap_total is None else min(most, self.cap_total)

    def per_child_at(self, levels: "list[str | None]") -> list[tuple[str | None, Decimal]]:
        """Each child's scholarship at most, from the school level it is at (None: not
        stated, counted from the first level) to the last level; at most `max_children`
        children, and all together at most `cap_total`."""
        found: list[tuple[str | None, Decimal]] = []
        left = self.cap_total
        for level in levels[: self.max_children]:
            if self.per_child is not None:
                amount = self.per_child
            else:
                start = SCHOOL_LEVELS.index(level) if level in SCHOOL_LEVELS else 0
                amount = sum((lv.per_year * lv.max_years for lv in self.levels[start:]), Decimal(0))
            if left is not None:
                amount = min(amount, left)
                left -= amount
            found.append((level, amount))
        return found

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form; `eligible` is null when the contribution years are not known."""
        return {
            "eligible": self.eligible,
            "min_contribution_years": json_ready(self.min_contribution_years),
            "max_children": self.max_children,
            "per_child": json_ready(self.per_child),
            "levels": [level.as_dict() for level in self.levels],
            "cap_total": json_ready(self.cap_total),
            "max_amount": json_ready(self.max_amount),
        }


@dataclass(frozen=True)
class Benefit:
    """A cash benefit in components; the scholarship, when any, is not part of the total."""

    benefit: str
    formula: str
    components: dict[str, Decimal]
    explanation: Explanation
    scholarship: Scholarship | None = None

    @property
    def total(self) -> Decimal:
        """The cash components together (scholarship excluded)."""
        return sum(self.components.values(), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as the CLI and the API give it."""
        return {
            "benefit": self.benefit,
            "formula": self.formula,
            "components": json_ready(self.components),
            "total": json_ready(self.total),
            "scholarship": None if self.scholarship is None else self.scholarship.as_dict(),
            "explanation": self.explanation.as_dict(),
            "low_confidence": self.explanation.low_confidence,
        }


@dataclass(frozen=True)
class StmbMonth:
    """One month of temporary-incapacity wage replacement."""

    month: int
    ratio: Decimal
    amount: Decimal

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "month": self.month,
            "ratio": json_ready(self.ratio),
            "amount": json_ready(self.amount),
        }


@dataclass(frozen=True)
class StmbSchedule:
    """STMB for a number of months: the share of the wage and the amount of each month."""

    formula: str
    schedule: tuple[StmbMonth, ...]
    explanation: Explanation
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> Decimal:
        """Every month's amount together."""
        return sum((month.amount for month in self.schedule), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as the CLI and the API give it."""
        return {
            "benefit": "stmb",
            "formula": self.formula,
            "schedule": [month.as_dict() for month in self.schedule],
            "total": json_ready(self.total),
            "explanation": self.explanation.as_dict(),
            "low_confidence": self.explanation.low_confidence,
        }


def _version[T](rules: Rules, formula: str, on: date, variants: dict[str, T]) -> tuple[str, T]:
    version = rules.code(f"formulas/{formula}", on)
    if version not in variants:
        raise RuleError("unknown_formula", formula=formula, version=version)
    return version, variants[version]


def _death_cash(rules: Rules, on: date) -> dict[str, Decimal]:
    """The JKM cash components in force on the date of death."""
    periodic = rules.decimal("benefits/jkm/periodic_monthly", on) * rules.decimal(
        "benefits/jkm/periodic_months", on
    )
    return {
        "lump_sum": rules.money(rules.decimal("benefits/jkm/lump_sum", on), on),
        "periodic": rules.money(periodic, on),
        "funeral": rules.money(rules.decimal("benefits/jkm/funeral", on), on),
    }


def _eligible(years: Decimal | None, minimum: Decimal) -> bool | None:
    return None if years is None else years >= minimum


def _levels(rules: Rules, on: date) -> tuple[SchoolLevel, ...]:
    return tuple(
        SchoolLevel(
            level=level,
            per_year=rules.decimal(f"benefits/scholarship/{level}/per_year", on),
            max_years=int(rules.decimal(f"benefits/scholarship/{level}/max_years", on)),
        )
        for level in SCHOOL_LEVELS
    )


def jkm_benefit_pp44_2015(rules: Rules, on: date, years: Decimal | None) -> Benefit:
    """JKM under PP 44/2015: cash components and one child's one-off scholarship."""
    minimum = rules.decimal("benefits/jkm/scholarship/min_contribution_years", on)
    scholarship = Scholarship(
        eligible=_eligible(years, minimum),
        min_contribution_years=minimum,
        max_children=int(rules.decimal("benefits/jkm/scholarship/max_children", on)),
        per_child=rules.decimal("benefits/jkm/scholarship/per_child", on),
    )
    return Benefit("jkm", "pp44_2015", _death_cash(rules, on), rules.explanation(), scholarship)


def jkm_benefit_pp82_2019(rules: Rules, on: date, years: Decimal | None) -> Benefit:
    """JKM under PP 82/2019: cash components and yearly scholarships per school level."""
    minimum = rules.decimal("benefits/jkm/scholarship/min_contribution_years", on)
    scholarship = Scholarship(
        eligible=_eligible(years, minimum),
        min_contribution_years=minimum,
        max_children=int(rules.decimal("benefits/jkm/scholarship/max_children", on)),
        levels=_levels(rules, on),
        cap_total=rules.decimal("benefits/scholarship/cap_total", on),
    )
    return Benefit("jkm", "pp82_2019", _death_cash(rules, on), rules.explanation(), scholarship)


JKM_VARIANTS: dict[str, Callable[[Rules, date, Decimal | None], Benefit]] = {
    "pp44_2015": jkm_benefit_pp44_2015,
    "pp82_2019": jkm_benefit_pp82_2019,
}


def jkm_benefit(
    *,
    death_date: date,
    contribution_years: Decimal | int | None = None,
    parameters: ParameterTree | None = None,
) -> Benefit:
    """The JKM benefit for a death (not caused by work) on `death_date`."""
    rules = Rules(parameters)
    rules.check_date(death_date, field="death_date")
    years = None if contribution_years is None else Decimal(contribution_years)
    if years is not None and not years.is_finite():
        raise RuleError("not_a_number", field="contribution_years", name="contribution_years")
    if years is not None and years < 0:
        raise RuleError("negative_years", field="contribution_years")
    if years is not None and years > CONTRIBUTION_YEARS_MAX:
        raise RuleError(
            "too_many_years", field="contribution_years", maximum=CONTRIBUTION_YEARS_MAX
        )
    if years is None:
        rules.note("Contribution years not given: scholarship eligibility is not decided.")
    _, variant = _version(rules, "jkm_benefit", death_date, JKM_VARIANTS)
    return variant(rules, death_date, years)


def _jkk_death_cash(rules: Rules, on: date, wage: Decimal | None) -> dict[str, Decimal]:
    """The JKK death cash components; without a wage, the lump sum is left out and said."""
    multiple = rules.decimal("benefits/jkk/death_wage_multiple", on)
    components = {}
    if wage is None:
        rules.note(
            f"Upah tidak diberikan: santunan sekaligus = {multiple} x upah sebulan / "
            f"No wage given: the lump sum is {multiple} x the monthly wage"
        )
    else:
        components["lump_sum"] = rules.money(wage * multiple, on)
    components["periodic"] = rules.money(rules.decimal("benefits/jkk/death_periodic", on), on)
    components["funeral"] = rules.money(rules.decimal("benefits/jkk/death_funeral", on), on)
    return components


def jkk_death_benefit_pp82_2019(rules: Rules, on: date, wage: Decimal | None) -> Benefit:
    """JKK death under PP 82/2019: a wage multiple, periodic and funeral; scholarship always."""
    components = _jkk_death_cash(rules, on, wage)
    minimum = rules.decimal("benefits/jkk/scholarship_min_contribution_years", on)
    scholarship = Scholarship(
        eligible=True,
        min_contribution_years=minimum,
        max_children=int(rules.decimal("benefits/jkm/scholarship/max_children", on)),
        levels=_levels(rules, on),
        cap_total=rules.decimal("benefits/scholarship/cap_total", on),
    )
    return Benefit("jkk_death", "pp82_2019", components, rules.explanation(), scholarship)


def jkk_death_benefit_pp44_2015(rules: Rules, on: date, wage: Decimal | None) -> Benefit:
    """JKK death under PP 44/2015: wage multiple, periodic, funeral; one child's scholarship."""
    components = _jkk_death_cash(rules, on, wage)
    scholarship = Scholarship(
        eligible=True,
        min_contribution_years=rules.decimal("benefits/jkk/scholarship_min_contribution_years", on),
        max_children=int(rules.decimal("benefits/jkm/scholarship/max_children", on)),
        per_child=rules.decimal("benefits/jkm/scholarship/per_child", on),
    )
    return Benefit("jkk_death", "pp44_2015", components, rules.explanation(), scholarship)


JKK_DEATH_VARIANTS: dict[str, Callable[[Rules, date, Decimal | None], Benefit]] = {
    "pp44_2015": jkk_death_benefit_pp44_2015,
    "pp82_2019": jkk_death_benefit_pp82_2019,
}


def jkk_death_benefit(
    *, wage: Decimal | None, accident_date: date, parameters: ParameterTree | None = None
) -> Benefit:
    """The JKK benefit for a death from a work accident on `accident_date`; without a wage,
    the parts that do not depend on it."""
    rules = Rules(parameters)
    rules.check_date(accident_date, field="accident_date")
    if wage is not None:
        wage = check_typed_wage(wage)
    _, variant = _version(rules, "jkk_death_benefit", accident_date, JKK_DEATH_VARIANTS)
    return variant(rules, accident_date, wage)


def _schedule(
    rules: Rules, on: date, wage: Decimal, months: int, tiers: list[tuple[Decimal, int | None]]
) -> tuple[StmbMonth, ...]:
    """Each month's share and amount; a tier of None months lasts until recovery."""
    schedule = []
    tier, used = 0, 0
    for month in range(1, months + 1):
        ratio, length = tiers[tier]
        if length is not None and used >= length:
            tier, used = tier + 1, 0
            ratio, length = tiers[tier]
        used += 1
        schedule.append(StmbMonth(month=month, ratio=ratio, amount=rules.money(wage * ratio, on)))
    return tuple(schedule)


def stmb_pp44_2015(rules: Rules, on: date, wage: Decimal, months: int) -> StmbSchedule:
    """STMB under PP 44/2015: full share, then a reduced share, then the remaining share."""
    tiers: list[tuple[Decimal, int | None]] = [
        (
            rules.decimal("benefits/jkk/stmb/full_ratio", on),
            int(rules.decimal("benefits/jkk/stmb/full_months", on)),
        ),
        (
            rules.decimal("benefits/jkk/stmb/reduced_ratio", on),
            int(rules.decimal("benefits/jkk/stmb/reduced_months", on)),
        ),
        (rules.decimal("benefits/jkk/stmb/remaining_ratio", on), None),
    ]
    schedule = _schedule(rules, on, wage, months, tiers)
    return StmbSchedule("pp44_2015", schedule, rules.explanation())


def stmb_pp82_2019(rules: Rules, on: date, wage: Decimal, months: int) -> StmbSchedule:
    """STMB under PP 82/2019: full share for a first period, then the remaining share."""
    tiers: list[tuple[Decimal, int | None]] = [
        (
            rules.decimal("benefits/jkk/stmb/full_ratio", on),
            int(rules.decimal("benefits/jkk/stmb/full_months", on)),
        ),
        (rules.decimal("benefits/jkk/stmb/remaining_ratio", on), None),
    ]
    schedule = _schedule(rules, on, wage, months, tiers)
    return StmbSchedule("pp82_2019", schedule, rules.explanation())


STMB_VARIANTS: dict[str, Callable[[Rules, date, Decimal, int], StmbSchedule]] = {
    "pp44_2015": stmb_pp44_2015,
    "pp82_2019": stmb_pp82_2019,
}


def stmb(
    *, wage: Decimal, accident_date: date, months: int, parameters: ParameterTree | None = None
) -> StmbSchedule:
    """Temporary-incapacity wage replacement for `months` months after an accident."""
    rules = Rules(parameters)
    rules.check_date(accident_date, field="accident_date")
    wage = check_typed_wage(wage)
    if months < 0:
        raise RuleError("negative_months", field="months")
    if months > MONTHS_MAX:
        raise RuleError("too_many_months", field="months", maximum=MONTHS_MAX)
    _, variant = _version(rules, "stmb", accident_date, STMB_VARIANTS)
    return variant(rules, accident_date, wage, months)


TRANSPORT_MODES = ("land", "sea", "air")


def jkk_disability_benefit(
    *,
    wage: Decimal,
    accident_date: date,
    percent: Decimal | None = None,
    total: bool = False,
    parameters: ParameterTree | None = None,
) -> Benefit:
    """Permanent disability: the table percentage (or the total-disability share) of a wage
    multiple."""
    rules = Rules(parameters)
    rules.check_date(accident_date, field="accident_date")
    wage = check_typed_wage(wage)
    multiple = rules.decimal("benefits/jkk/disability_wage_multiple", accident_date)
    if total:
        share = rules.decimal("benefits/jkk/permanent_total_disability_ratio", accident_date)
        name = "permanent_total"
    else:
        share = Decimal(percent if percent is not None else 0) / 100
        if not share.is_finite() or not 0 <= share <= 1:
            raise RuleError("percent_out_of_range", field="percent")
        name = "permanent_partial"
    amount = rules.money(share * multiple * wage, accident_date)
    return Benefit("jkk_disability", name, {name: amount}, rules.explanation())


def jkk_transport(
    *, amount: Decimal, mode: str, accident_date: date, parameters: ParameterTree | None = None
) -> Benefit:
    """Transport of the injured worker: the amount spent, at most the cap for the mode."""
    rules = Rules(parameters)
    rules.check_date(accident_date, field="accident_date")
    if mode not in TRANSPORT_MODES:
        raise RuleError("unknown_transport_mode", field="mode", mode=mode)
    spent = check_wage(amount, field="amount")
    cap = rules.decimal(f"benefits/jkk/transport_cap/{mode}", accident_date)
    return Benefit(
        "jkk_transport",
        mode,
        {"transport": rules.money(min(spent, cap), accident_date)},
        rules.explanation(),
    )


def jkk_medical(
    *, amount: Decimal, accident_date: date, parameters: ParameterTree | None = None
) -> Benefit:
    """Medical care: paid as medically needed while the rules in force set no ceiling."""
    rules = Rules(parameters)
    rules.check_date(accident_date, field="accident_date")
    spent = check_wage(amount, field="amount")
    ceiling = rules.code("benefits/jkk/medical_cap", accident_date)
    if ceiling != "as_needed":
        spent = min(spent, Decimal(ceiling))
    return Benefit(
        "jkk_medical", ceiling, {"medical": rules.money(spent, accident_date)}, rules.explanation()
    )
