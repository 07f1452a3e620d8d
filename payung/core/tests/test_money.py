"""Amounts and counts in each language's own format."""

import pytest

from payung.core.money import number, rupiah, signed


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (13248990, "Rp13.248.990", "Rp13,248,990"),
        ("2576016.96", "Rp2.576.016,96", "Rp2,576,016.96"),
        ("1000.00", "Rp1.000", "Rp1,000"),
        (-309, "-Rp309", "-Rp309"),
        ("-1234567.50", "-Rp1.234.567,50", "-Rp1,234,567.50"),
        (0, "Rp0", "Rp0"),
    ],
)
def test_rupiah_per_language(value: object, indonesian: str, english: str) -> None:
    assert rupiah(value) == indonesian
    assert rupiah(value, "id") == indonesian
    assert rupiah(value, "en") == english
    assert rupiah(value, "en-us") == english


def test_counts_and_differences() -> None:
    assert number(1136) == "1.136"
    assert number(1136, "en") == "1,136"
    assert number("0.24") == "0,24"
    assert signed(1136) == "+1.136"
    assert signed(-1136, "en") == "-1,136"
    assert signed(0) == "0"
