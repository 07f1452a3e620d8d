"""The minimum wage of a region on a date: its UMK where known, else its province's UMP."""

from datetime import date
from decimal import Decimal

import pytest

from payung.rules.errors import RuleError
from payung.rules.wages import minimum_wage


@pytest.mark.parametrize(
    ("region", "on", "amount", "kind", "source"),
    [
        ("74.13", date(2022, 1, 1), "2576016.96", "ump", "74"),
        ("74", date(2018, 6, 1), "2177053", "ump", "74"),
        ("74.71", date(2022, 1, 1), "2823315", "umk", "74.71"),
        ("74.71.01", date(2024, 3, 1), "3112103.10", "umk", "74.71"),
        ("74.71", date(2023, 1, 1), "2758984", "ump", "74"),
    ],
)
def test_narrowest_minimum_wage(region, on, amount, kind, source):
    """Kendari's UMK where the parameters have it; the Sultra UMP elsewhere and in 2023."""
    found = minimum_wage(region_code=region, on=on)
    assert found is not None
    assert found.amount == Decimal(amount)
    assert found.kind == kind
    assert found.region_code == source
    assert [used.path for used in found.explanation.parameters] == [f"wages/{kind}/{source}"]


def test_a_missing_umk_is_noted():
    """When a UMK series has no value for the year, the explanation says the UMP stands in."""
    found = minimum_wage(region_code="74.71", on=date(2023, 6, 1))
    assert found is not None
    assert "No UMK of 74.71" in found.explanation.notes[0]


def test_unknown_wages_are_none_and_early_dates_refused():
    """No minimum wage for a province without parameters, nor for Sultra before 2017."""
    assert minimum_wage(region_code="31.71", on=date(2022, 1, 1)) is None
    assert minimum_wage(region_code="74", on=date(2016, 1, 1)) is None
    with pytest.raises(RuleError, match="before the rules begin"):
        minimum_wage(region_code="74", on=date(2014, 1, 1))
