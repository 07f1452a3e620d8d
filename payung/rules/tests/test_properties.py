"""Properties of contributions over many wages, dates and programs."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from payung.rules.formulas import PROGRAMS, Rules, contribution
from payung.rules.loader import load_parameters

TREE = load_parameters()
RISKS = TREE.children("contributions/jkk")
dates = st.dates(min_value=date(2015, 7, 1), max_value=date(2027, 12, 31))
wages = st.decimals(min_value=0, max_value=100_000_000, places=2)


def _relief_month(on: date) -> bool:
    return TREE["relief/discount"].at(on) is not None


@given(on=dates, a=wages, b=wages, program=st.sampled_from(PROGRAMS), risk=st.sampled_from(RISKS))
def test_contributions_are_monotone_in_the_wage_and_never_negative(
    on: date, a: Decimal, b: Decimal, program: str, risk: str
) -> None:
    """A higher wage never gives a lower contribution, and no share is negative."""
    low, high = sorted((a, b))
    first = contribution(on=on, wage=low, program=program, risk_class=risk)
    second = contribution(on=on, wage=high, program=program, risk_class=risk)
    assert Decimal(0) <= first.employer <= second.employer
    assert Decimal(0) <= first.worker <= second.worker
    assert first.total <= second.total


@given(on=dates, wage=wages)
def test_jp_never_exceeds_the_ceilings_amount(on: date, wage: Decimal) -> None:
    """JP is at most the rates applied to the ceiling in force."""
    rules = Rules()
    ceiling = rules.decimal("contributions/jp/wage_ceiling", on)
    rate = rules.decimal("contributions/jp/employer", on) + rules.decimal(
        "contributions/jp/worker", on
    )
    assert contribution(on=on, wage=wage, program="jp").total <= ceiling * rate


@given(on=dates, wage=wages, program=st.sampled_from(PROGRAMS))
def test_relief_only_touches_its_months_and_programs(on: date, wage: Decimal, program: str) -> None:
    """Outside 2020-08..2021-01, or for JHT and JP, a line is the rates times the wage."""
    line = contribution(on=on, wage=wage, program=program, risk_class="very_low")
    relieved = "relief/discount" in {used.path for used in line.explanation.parameters}
    assert relieved == (_relief_month(on) and program in ("jkk", "jkm"))
    rules = Rules()
    employer_path = (
        "contributions/jkk/very_low" if program == "jkk" else f"contributions/{program}/employer"
    )
    base = (
        min(wage, rules.decimal("contributions/jp/wage_ceiling", on)) if program == "jp" else wage
    )
    full = rules.money(base * rules.decimal(employer_path, on), on)
    if relieved:
        assert line.employer < full or full == 0
    else:
        assert line.employer == full
