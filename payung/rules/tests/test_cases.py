"""The YAML cases in payung/rules/cases/ give the amounts a domain expert expects."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from payung.rules.formulas import (
    contributions,
    due_date,
    jkk_death_benefit,
    jkm_benefit,
    late_fee,
    simulate,
    stmb,
)

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"


def _contributions(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    result = contributions(
        on=on,
        wage=Decimal(str(inputs["wage"])),
        programs=inputs["programs"],
        risk_class=inputs.get("risk_class"),
        kind=inputs.get("kind", "pu"),
        employer_kind=inputs.get("employer_kind"),
    )
    observed: dict[str, Any] = {"total": result.total}
    for line in result.lines:
        observed[line.program] = line.total
        observed[f"{line.program}_employer"] = line.employer
        observed[f"{line.program}_worker"] = line.worker
    return observed


def _benefit(result: Any) -> dict[str, Any]:
    observed = {**result.components, "total": result.total}
    if result.scholarship is not None:
        observed["scholarship_eligible"] = result.scholarship.eligible
        observed["scholarship_max"] = result.scholarship.max_amount
    return observed


def _jkm(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    return _benefit(jkm_benefit(death_date=on, contribution_years=inputs.get("contribution_years")))


def _jkk_death(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    return _benefit(jkk_death_benefit(wage=Decimal(str(inputs["wage"])), accident_date=on))


def _stmb(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    result = stmb(wage=Decimal(str(inputs["wage"])), accident_date=on, months=inputs["months"])
    observed: dict[str, Any] = {f"month_{m.month}": m.amount for m in result.schedule}
    return {**observed, "total": result.total}


def _due_date(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"due_date": due_date(period=on, kind=inputs.get("kind", "pu"))}


def _late_fee(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    result = late_fee(
        amount=Decimal(str(inputs["amount"])),
        period=on,
        paid_on=inputs["paid_on"],
        employer_kind=inputs.get("employer_kind"),
    )
    return {"late_fee": result.amount, "months_late": result.months_late}


def _simulate(on: date, inputs: dict[str, Any]) -> dict[str, Any]:
    result = simulate(
        workers=inputs["workers"],
        wage=Decimal(str(inputs["wage"])),
        programs=inputs["programs"],
        risk_class=inputs.get("risk_class"),
        year=on.year,
    )
    observed: dict[str, Any] = {"monthly": result.monthly, "yearly": result.yearly}
    for program in result.programs:
        observed[f"{program.program}_account"] = program.account_code
    return observed


FORMULAS: dict[str, Callable[[date, dict[str, Any]], dict[str, Any]]] = {
    "contributions": _contributions,
    "jkm_benefit": _jkm,
    "jkk_death_benefit": _jkk_death,
    "stmb": _stmb,
    "due_date": _due_date,
    "late_fee": _late_fee,
    "simulate": _simulate,
}


def _cases() -> list[Any]:
    cases = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(file.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{file.stem}: {case['name']}"))
    return cases


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, bool) or actual is None or isinstance(actual, bool | date | str):
        return expected == actual
    return Decimal(str(expected)) == actual


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    """Each case's inputs give its expected amounts, and a reported figure within its margin."""
    assert {"name", "formula", "date", "inputs", "expected", "reference"} <= set(case)
    observed = FORMULAS[case["formula"]](case["date"], case["inputs"])
    wrong = {
        key: (expected, observed.get(key))
        for key, expected in case["expected"].items()
        if not _same(expected, observed.get(key))
    }
    assert not wrong, f"expected vs computed: {wrong}"
    if reported := case.get("reported"):
        assert abs(observed["total"] - Decimal(reported["total"])) <= reported["within"]


def test_cases_cover_the_required_situations() -> None:
    """The cases include the three Sultra reports, JP above the ceiling, relief, both JKM laws."""
    names = " ".join(param.values[0]["name"] for param in _cases())
    for needle in (
        "Pemprov Sultra 2018",
        "Konawe Selatan 2019",
        "Muna Barat 2022",
        "ceiling",
        "relief",
        "2019-12-01",
        "2019-12-02",
        "crossing the 12-month",
    ):
        assert needle in names
