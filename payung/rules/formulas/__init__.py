"""Pure formulas over the parameters in force on a date; each result carries its explanation."""

from payung.rules.formulas.benefits import (
    Benefit,
    StmbSchedule,
    jkk_death_benefit,
    jkk_disability_benefit,
    jkk_medical,
    jkk_transport,
    jkm_benefit,
    stmb,
)
from payung.rules.formulas.budget import Simulation, simulate
from payung.rules.formulas.common import PROGRAMS, Rules
from payung.rules.formulas.contributions import (
    Contribution,
    ContributionSet,
    contribution,
    contributions,
)
from payung.rules.formulas.payment import DueDate, LateFee, due_date, late_fee

__all__ = [
    "PROGRAMS",
    "Benefit",
    "Contribution",
    "ContributionSet",
    "DueDate",
    "LateFee",
    "Rules",
    "Simulation",
    "StmbSchedule",
    "contribution",
    "contributions",
    "due_date",
    "jkk_death_benefit",
    "jkk_disability_benefit",
    "jkk_medical",
    "jkk_transport",
    "jkm_benefit",
    "late_fee",
    "simulate",
    "stmb",
]
