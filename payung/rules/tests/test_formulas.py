"""Formulas refuse bad inputs with stable codes and follow the law in force on each date."""

from datetime import date
from decimal import Decimal

import pytest

from payung.rules.errors import RuleError
from payung.rules.formulas import (
    contribution,
    due_date,
    jkk_death_benefit,
    jkk_disability_benefit,
    jkk_medical,
    jkk_transport,
    jkm_benefit,
    late_fee,
    simulate,
    stmb,
)

WAGE = Decimal(2000000)


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"on": date(2015, 6, 30), "wage": WAGE, "program": "jkm"}, "date_before_rules"),
        ({"on": date(2018, 1, 1), "wage": Decimal(-1), "program": "jkm"}, "negative_wage"),
        ({"on": date(2018, 1, 1), "wage": WAGE, "program": "jkn"}, "unknown_program"),
        (
            {"on": date(2018, 1, 1), "wage": WAGE, "program": "jkk", "risk_class": "extreme"},
            "unknown_risk_class",
        ),
        ({"on": date(2018, 1, 1), "wage": WAGE, "program": "jkk"}, "unknown_risk_class"),
        ({"on": date(2018, 1, 1), "wage": WAGE, "program": "jkm", "kind": "x"}, "unknown_kind"),
        (
            {"on": date(2018, 1, 1), "wage": WAGE, "program": "jkk", "kind": "bpu"},
            "unknown_income_bracket",
        ),
        (
            {"on": date(2018, 1, 1), "wage": WAGE, "program": "jht", "kind": "bpu"},
            "program_not_for_kind",
        ),
        (
            {"on": date(2018, 1, 1), "wage": WAGE, "program": "jkm", "employer_kind": "company"},
            "unknown_employer_kind",
        ),
    ],
)
def test_contribution_refusals_have_stable_codes(arguments: dict, code: str) -> None:
    """Each refusal carries its code and a message in Indonesian then English."""
    with pytest.raises(RuleError) as raised:
        contribution(**arguments)
    assert raised.value.code == code
    assert " / " in raised.value.message


def test_date_before_rules_message_is_bilingual() -> None:
    """The message names the date and the start of the rules in both languages."""
    with pytest.raises(RuleError) as raised:
        jkm_benefit(death_date=date(2014, 1, 1))
    assert raised.value.message == (
        "Tanggal 2014-01-01 sebelum aturan berlaku (2015-07-01) / "
        "Date 2014-01-01 is before the rules begin (2015-07-01)"
    )


def test_jkk_death_on_2019_12_01_is_paid_under_pp44_2015() -> None:
    """An accident on the last day of PP 44/2015: 48 x wage, 24 x Rp200,000, Rp3,000,000."""
    benefit = jkk_death_benefit(wage=Decimal(4000000), accident_date=date(2019, 12, 1))
    assert benefit.formula == "pp44_2015"
    assert benefit.components == {
        "lump_sum": Decimal(192000000),
        "periodic": Decimal(4800000),
        "funeral": Decimal(3000000),
    }
    assert benefit.scholarship is not None
    assert benefit.scholarship.max_amount == Decimal(12000000)
    cited = {used.path: used.reference for used in benefit.explanation.parameters}
    assert cited["benefits/jkk/death_wage_multiple"].regulation == "PP 44/2015"
    assert cited["benefits/jkk/death_periodic"].regulation == "PP 44/2015"


def test_jkk_death_on_2019_12_02_is_paid_under_pp82_2019() -> None:
    """The first day of PP 82/2019: periodic Rp12,000,000 and funeral Rp10,000,000."""
    benefit = jkk_death_benefit(wage=Decimal(4000000), accident_date=date(2019, 12, 2))
    assert benefit.formula == "pp82_2019"
    assert benefit.total == Decimal(192000000 + 12000000 + 10000000)


def test_jkm_without_contribution_years_leaves_scholarship_undecided() -> None:
    """Eligibility is None when the years contributed are not given."""
    benefit = jkm_benefit(death_date=date(2023, 1, 1))
    assert benefit.total == 42000000
    assert benefit.scholarship is not None
    assert benefit.scholarship.eligible is None


def test_stmb_refuses_negative_months_and_zero_months_pay_nothing() -> None:
    """Zero months is an empty schedule; negative months are refused."""
    assert stmb(wage=WAGE, accident_date=date(2020, 1, 1), months=0).total == 0
    with pytest.raises(RuleError, match="negative_months"):
        stmb(wage=WAGE, accident_date=date(2020, 1, 1), months=-1)


def test_due_date_of_the_last_relief_month_falls_back_to_the_month_end_then_monday() -> None:
    """January 2021 is due on 30 February, i.e. Sunday 28 February, i.e. Monday 1 March."""
    due = due_date(period=date(2021, 1, 20))
    assert due == date(2021, 3, 1)
    assert any("weekend" in note for note in due.explanation.notes)


def test_bpu_is_due_in_the_same_month() -> None:
    """A non-wage earner pays by the 15th of the month itself."""
    assert due_date(period=date(2022, 1, 1), kind="bpu") == date(2022, 1, 17)


def test_late_fee_is_nothing_when_paid_on_time_or_not_applicable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Paid by the due date there is no fee; the fee applies to governments by default."""
    on_time = late_fee(amount=Decimal(10800), period=date(2018, 9, 1), paid_on=date(2018, 10, 15))
    assert (on_time.amount, on_time.months_late) == (0, 0)
    late = late_fee(
        amount=Decimal(10800),
        period=date(2018, 9, 1),
        paid_on=date(2018, 10, 16),
        employer_kind="city_government",
    )
    assert (late.amount, late.months_late, late.applies) == (216, 1, True)
    assert "payment/late_fee_applies/city_government" in late.explanation.low_confidence


def test_simulate_names_no_account_for_jp_and_refuses_years_before_the_rules() -> None:
    """JP has no known budget account; 2014 is before the rules; 2015 starts in July."""
    result = simulate(workers=1, wage=WAGE, programs=["jp"], year=2020)
    assert result.programs[0].account_code is None
    assert any("JP" in note for note in result.explanation.notes)
    assert len(simulate(workers=1, wage=WAGE, programs=["jkm"], year=2015).programs[0].months) == 6
    with pytest.raises(RuleError, match="date_before_rules"):
        simulate(workers=1, wage=WAGE, programs=["jkm"], year=2014)


@pytest.mark.parametrize(
    ("day", "total", "partial"),
    [(date(2019, 12, 1), 112000000, 32000000), (date(2019, 12, 2), 112000000, 32000000)],
)
def test_disability_uses_80_wages_under_both_laws(day: date, total: int, partial: int) -> None:
    """Total disability 70% x 80 x wage; partial: the table percentage x 80 x wage."""
    wage = Decimal(2000000)
    assert jkk_disability_benefit(wage=wage, accident_date=day, total=True).total == total
    assert jkk_disability_benefit(wage=wage, accident_date=day, percent=Decimal(20)).total == (
        partial
    )


def test_disability_percentage_above_100_is_refused() -> None:
    """A table percentage is at most 100."""
    with pytest.raises(RuleError) as raised:
        jkk_disability_benefit(wage=WAGE, accident_date=date(2022, 1, 1), percent=Decimal(101))
    assert raised.value.code == "percent_out_of_range"


@pytest.mark.parametrize(
    ("day", "mode", "cap"),
    [
        (date(2019, 12, 1), "land", 1000000),
        (date(2019, 12, 2), "land", 5000000),
        (date(2019, 12, 1), "sea", 1500000),
        (date(2019, 12, 2), "sea", 2000000),
        (date(2019, 12, 1), "air", 2500000),
        (date(2019, 12, 2), "air", 10000000),
    ],
)
def test_transport_is_capped_by_the_law_of_the_accident_day(day: date, mode: str, cap: int) -> None:
    """Transport pays what was spent, at most the cap of the mode in force that day."""
    paid = jkk_transport(amount=Decimal(50000000), mode=mode, accident_date=day)
    assert paid.total == cap
    assert jkk_transport(amount=Decimal(700000), mode=mode, accident_date=day).total == 700000
    assert paid.explanation.low_confidence  # the caps are recalled, not read in the text


@pytest.mark.parametrize("day", [date(2019, 12, 1), date(2019, 12, 2)])
def test_medical_care_has_no_ceiling(day: date) -> None:
    """Medical care is paid as medically needed under both laws."""
    assert jkk_medical(amount=Decimal(250000000), accident_date=day).total == 250000000
