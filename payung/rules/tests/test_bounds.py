"""Calculator inputs have bounds: beyond them the rules refuse with a stable code (issue 11).

Before, `simulate(year=0)` raised ValueError (a server error in the API and the pages), a
billion months of STMB filled the memory, and a wage of NaN failed on the first comparison.
"""

from datetime import date
from decimal import Decimal

import pytest

from payung.rules.errors import RuleError
from payung.rules.formulas import (
    contribution,
    contributions,
    jkk_death_benefit,
    jkm_benefit,
    simulate,
    stmb,
)

WAGE = Decimal(3_000_000)
ON = date(2020, 1, 1)


def refusal(call, **arguments):
    with pytest.raises(RuleError) as refused:
        call(**arguments)
    return refused.value.code, refused.value.refusals[0].field


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"year": 0}, ("year_out_of_range", "year")),
        ({"year": 1899}, ("year_out_of_range", "year")),
        ({"year": 2101}, ("year_out_of_range", "year")),
        ({"workers": 10_000_001}, ("too_many_workers", "workers")),
        ({"workers": -1}, ("negative_workers", "workers")),
        ({"wage": Decimal(100_000_001)}, ("wage_too_high", "wage")),
        ({"wage": Decimal("NaN")}, ("not_a_number", "wage")),
        ({"wage": Decimal("Infinity")}, ("not_a_number", "wage")),
    ],
)
def test_simulate_bounds(arguments, expected):
    base = {"workers": 10, "wage": WAGE, "programs": ["jkk", "jkm"], "year": 2020}
    base["risk_class"] = "very_low"
    assert refusal(simulate, **{**base, **arguments}) == expected


def test_the_bounds_themselves_are_accepted():
    result = simulate(
        workers=10_000_000,
        wage=Decimal(100_000_000),
        programs=["jkm"],
        year=2100,
    )
    assert result.yearly > 0


def test_typed_wages_have_a_ceiling_stored_ones_are_billed_as_they_are():
    """The calculators refuse a wage above Rp100.000.000; a bill line (`contribution`) still
    computes the wage a worker has on record (its bounds belong to the wage's own model)."""
    high = Decimal(150_000_000)
    assert refusal(contributions, on=ON, wage=high, programs=["jkm"]) == ("wage_too_high", "wage")
    assert refusal(jkk_death_benefit, wage=high, accident_date=ON) == ("wage_too_high", "wage")
    assert contribution(on=ON, wage=high, program="jkm").employer > 0
    assert refusal(contribution, on=ON, wage=Decimal("NaN"), program="jkm") == (
        "not_a_number",
        "wage",
    )


def test_stmb_months_and_jkm_years_have_bounds():
    assert refusal(stmb, wage=WAGE, accident_date=ON, months=601) == ("too_many_months", "months")
    assert len(stmb(wage=WAGE, accident_date=ON, months=600).schedule) == 600
    assert refusal(jkm_benefit, death_date=ON, contribution_years=Decimal(101)) == (
        "too_many_years",
        "contribution_years",
    )
    assert refusal(jkm_benefit, death_date=ON, contribution_years=Decimal("NaN")) == (
        "not_a_number",
        "contribution_years",
    )


def test_refusals_are_bilingual():
    with pytest.raises(RuleError) as refused:
        simulate(workers=10, wage=WAGE, programs=["jkm"], year=0)
    assert refused.value.refusals[0].message_id == "Tahun 0 di luar rentang 1900–2100"
    assert refused.value.refusals[0].message_en == "Year 0 is outside 1900–2100"
