"""Schemas of the rules API: the calculators' answers, and what produced each amount.

Amounts, rates and years are decimal strings (`"5040"`, `"0.0024"`), as the command line
prints them.
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema


class RuleErrorOut(Schema):
    """A refused calculation: a stable code and a message in Indonesian and English."""

    code: str
    message: str
    message_id: str
    message_en: str
    field: str


class UsedParameterOut(Schema):
    """One parameter value that went into a result, with its reference."""

    path: str
    description: str
    value: Any = Field(description="A decimal string, a text, a number or a list")
    unit: str
    effective_from: dt.date
    reference: str
    regulation: str
    article: str
    where: str
    confidence: str
    low_confidence: bool
    last_reviewed: dt.date


class ExplanationOut(Schema):
    parameters: list[UsedParameterOut]
    low_confidence: list[str] = Field(description="Paths of the weakly sourced values")
    notes: list[str]


class ContributionLineOut(Schema):
    program: str
    employer: str
    worker: str
    total: str
    explanation: ExplanationOut


class ContributionOut(Schema):
    on: dt.date
    wage: str
    kind: str
    risk_class: str | None
    lines: list[ContributionLineOut]
    employer: str
    worker: str
    total: str
    low_confidence: list[str]


class SchoolLevelOut(Schema):
    level: str
    per_year: str
    max_years: int
    max_per_child: str


class ScholarshipOut(Schema):
    eligible: bool | None = Field(description="null when the contribution years are not known")
    min_contribution_years: str
    max_children: int
    per_child: str | None
    levels: list[SchoolLevelOut]
    cap_total: str | None
    max_amount: str


class BenefitOut(Schema):
    """A cash benefit in components; the scholarship is not part of the total."""

    benefit: str
    formula: str
    components: dict[str, str]
    total: str
    scholarship: ScholarshipOut | None
    explanation: ExplanationOut
    low_confidence: list[str]


class StmbMonthOut(Schema):
    month: int
    ratio: str
    amount: str


class StmbOut(Schema):
    benefit: str
    formula: str
    schedule: list[StmbMonthOut]
    total: str
    explanation: ExplanationOut
    low_confidence: list[str]


class MonthCostOut(Schema):
    month: str = Field(description="YYYY-MM")
    per_worker: str
    amount: str


class ProgramCostOut(Schema):
    program: str
    account_code: str | None = Field(description="The regional budget account it is paid from")
    per_worker_monthly: str
    monthly: str
    yearly: str
    months: list[MonthCostOut]
    explanation: ExplanationOut


class SimulationOut(Schema):
    workers: int
    wage: str
    year: int
    risk_class: str | None
    programs: list[ProgramCostOut]
    monthly: str
    yearly: str
    low_confidence: list[str]
    notes: list[str]
