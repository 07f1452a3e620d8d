"""The rules API: the same calculators as the CLI, over HTTP, returning the same JSON."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from payung.rules import cli
from payung.rules.errors import RuleError
from payung.rules.schemas import (
    BenefitOut,
    ContributionOut,
    RuleErrorOut,
    SimulationOut,
    StmbOut,
)

router = Router(tags=["rules"])

type Response = Status[dict[str, Any]]


def _responses(answer: type[Any]) -> dict[int, Any]:
    return {200: answer, 400: RuleErrorOut}


def _answer(command: str, options: dict[str, Any]) -> Response:
    _, calculate, _ = cli.COMMANDS[command]
    try:
        return Status(200, calculate(options))
    except RuleError as error:
        return Status(400, error.as_dict())


@router.get(
    "/contribution",
    response=_responses(ContributionOut),
    operation_id="calculate_contribution",
    summary="Contribution per worker per month",
)
def contribution(
    request: HttpRequest,
    wage: Decimal,
    programs: str,
    on: date,
    risk: str | None = None,
    kind: str = "pu",
    employer_kind: str | None = None,
) -> Response:
    """Each program's contribution for one worker in the month of `on` (programs: jkk,jkm,...)."""
    options = {
        "wage": wage,
        "programs": cli.programs_argument(programs),
        "on": on,
        "risk": risk,
        "kind": kind,
        "employer_kind": employer_kind,
    }
    return _answer("contribution", options)


@router.get(
    "/benefit/jkm",
    response=_responses(BenefitOut),
    operation_id="calculate_jkm_benefit",
    summary="JKM benefit by date of death",
)
def jkm_benefit(
    request: HttpRequest, death_date: date, contribution_years: Decimal | None = None
) -> Response:
    """Cash components, total and scholarship entitlement for a death on `death_date`."""
    options = {"benefit": "jkm", "death_date": death_date, "contribution_years": contribution_years}
    return _answer("benefit", options)


@router.get(
    "/benefit/jkk-death",
    response=_responses(BenefitOut),
    operation_id="calculate_jkk_death_benefit",
    summary="JKK death benefit",
)
def jkk_death_benefit(request: HttpRequest, wage: Decimal, accident_date: date) -> Response:
    """Cash components and total for a death from a work accident on `accident_date`."""
    options = {"benefit": "jkk-death", "wage": wage, "accident_date": accident_date}
    return _answer("benefit", options)


@router.get(
    "/benefit/stmb",
    response=_responses(StmbOut),
    operation_id="calculate_stmb",
    summary="STMB wage replacement schedule",
)
def stmb(request: HttpRequest, wage: Decimal, accident_date: date, months: int) -> Response:
    """Each month's share of the wage and amount, and the total, for `months` months."""
    options = {"benefit": "stmb", "wage": wage, "accident_date": accident_date, "months": months}
    return _answer("benefit", options)


@router.get(
    "/simulate",
    response=_responses(SimulationOut),
    operation_id="simulate_cost",
    summary="Cost of covering N workers for a year",
)
def simulate(
    request: HttpRequest,
    workers: int,
    wage: Decimal,
    programs: str,
    year: int,
    risk: str | None = None,
    employer_kind: str | None = None,
) -> Response:
    """Monthly and yearly cost per program with the regional budget account codes."""
    options = {
        "workers": workers,
        "wage": wage,
        "programs": cli.programs_argument(programs),
        "year": year,
        "risk": risk,
        "employer_kind": employer_kind,
    }
    return _answer("simulate", options)
