"""Eligibility and benefits on the event's date, under the law in force that day."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from payung.claims.assessment import StageTwo, assess
from payung.workers.models import Wage

from .helpers import worker_of

pytestmark = pytest.mark.django_db
KENDARI = "74710001"
KOLAKA = "74010001"  # billed and paid from its first enrolment through 2018-12
KOLAKA_TIMUR = "74110001"  # the demo employer in arrears


def _wage(worker, npp: str) -> Decimal:
    wage = Wage.objects.filter(worker=worker, employer__npp=npp).order_by("start_date").first()
    assert wage is not None
    return wage.amount


def _items(result) -> dict[str, int]:
    return {line.item: int(line.amount) for line in result.lines}


def test_jkm_death_on_2019_12_01_pays_24_million():
    """PP 44/2015: 16.2 jt + 24 x 200,000 + 3 jt, as the Kendari heirs received in 2019."""
    result = assess(worker=worker_of(KENDARI), event="jkm-death", event_date=date(2019, 12, 1))
    assert result.covered
    assert _items(result) == {"lump_sum": 16200000, "periodic": 4800000, "funeral": 3000000}
    assert result.total == 24000000
    assert all("PP 44/2015" in line.basis for line in result.lines)


def test_jkm_death_on_2019_12_02_pays_42_million():
    """PP 82/2019: 20 jt + 24 x 500,000 + 10 jt."""
    result = assess(worker=worker_of(KENDARI), event="jkm-death", event_date=date(2019, 12, 2))
    assert _items(result) == {"lump_sum": 20000000, "periodic": 12000000, "funeral": 10000000}
    assert result.total == 42000000
    assert all("PP 82/2019" in line.basis for line in result.lines)


@pytest.mark.parametrize(
    ("day", "periodic", "funeral", "scholarship"),
    [
        (date(2019, 12, 1), 4800000, 3000000, 12000000),
        (date(2019, 12, 2), 12000000, 10000000, 174000000),
    ],
)
def test_jkk_death_either_side_of_pp82_2019(day, periodic, funeral, scholarship):
    """48 x wage under both; periodic, funeral and scholarship by the law of the day."""
    worker = worker_of(KENDARI)
    result = assess(worker=worker, event="jkk-death", event_date=day, children=2)
    items = _items(result)
    assert items["lump_sum"] == int(48 * _wage(worker, KENDARI))
    assert items["periodic"] == periodic
    assert items["funeral"] == funeral
    assert items["scholarship"] == scholarship
    assert result.total == sum(items.values())


def test_scholarship_only_when_children_are_given():
    """Without --children the scholarship is left out of the total."""
    result = assess(worker=worker_of(KENDARI), event="jkk-death", event_date=date(2019, 12, 1))
    assert "scholarship" not in _items(result)


def test_jkm_scholarship_needs_the_years_of_contributions():
    """Under PP 44/2015 a JKM scholarship needs 5 years: a 2018 enrolment gives none."""
    result = assess(
        worker=worker_of(KENDARI), event="jkm-death", event_date=date(2019, 12, 1), children=1
    )
    assert "scholarship" not in _items(result)
    assert "no_scholarship" in [reason.code for reason in result.reasons]


def test_not_enrolled_on_the_date_is_not_covered():
    """Before the enrolment began: not covered, total 0, reason not_enrolled."""
    result = assess(worker=worker_of(KENDARI), event="jkm-death", event_date=date(2016, 1, 1))
    assert not result.covered
    assert result.total == 0
    assert result.as_dict()["benefit"] == {"total": 0, "lines": []}
    assert [reason.code for reason in result.reasons] == ["not_enrolled"]


def _accident(hours_late: float):
    event = time(8, 0)
    moment = timezone.make_aware(datetime.combine(date(2019, 3, 1), event))
    return assess(
        worker=worker_of(KOLAKA),  # not in arrears: only the late report can make it liable
        event="jkk-accident",
        event_date=date(2019, 3, 1),
        event_time=event,
        reported_at=moment + timedelta(hours=hours_late),
        today=date(2020, 1, 1),
    )


def test_stage_one_after_48_hours_is_late_and_the_employer_bears_it():
    """A report 49 hours after the accident is `report_late`; the employer is liable."""
    result = _accident(49)
    assert "report_late" in [reason.code for reason in result.reasons]
    assert result.employer_liable


def test_stage_one_within_48_hours_is_on_time():
    """47 hours is on time."""
    result = _accident(47)
    assert "report_late" not in [reason.code for reason in result.reasons]
    assert not result.employer_liable


def test_employer_in_arrears_bears_the_benefit():
    """Kolaka Timur never paid its 2018 bills: three months in arrears by March 2019."""
    worker = worker_of(KOLAKA_TIMUR)
    result = assess(worker=worker, event="jkm-death", event_date=date(2019, 3, 1))
    assert result.covered
    assert result.paid_through is None
    assert "employer_in_arrears" in [reason.code for reason in result.reasons]
    assert result.employer_liable


def test_paid_employer_is_not_liable():
    """Kolaka was billed and paid every month from its first enrolment to December 2018 (Kendari
    was not billed before October 2018: those months are unbilled, so it is paid through none)."""
    result = assess(worker=worker_of(KOLAKA), event="jkm-death", event_date=date(2019, 2, 1))
    assert result.paid_through == "2018-12"
    assert not result.employer_liable


@pytest.mark.parametrize(
    ("day", "stmb_total", "transport"),
    # 8 months: PP 44/2015 pays 6 at 100% and 2 at 75%; PP 82/2019 all 8 at 100%.
    [(date(2019, 12, 1), Decimal("7.5"), 1000000), (date(2019, 12, 2), Decimal(8), 5000000)],
)
def test_accident_lines_either_side_of_pp82_2019(day, stmb_total, transport):
    """STMB, medical care without ceiling and transport at the cap of the day."""
    worker = worker_of(KENDARI)
    wage = _wage(worker, KENDARI)
    result = assess(
        worker=worker,
        event="jkk-accident",
        event_date=day,
        stage_two=StageTwo(stmb_months=8, medical=Decimal(90000000), transport=Decimal(9000000)),
        today=date(2020, 1, 1),
    )
    items = _items(result)
    assert abs(items["stmb"] - int(stmb_total * wage)) <= 8  # each month truncated
    assert items["medical"] == 90000000
    assert items["transport"] == transport


@pytest.mark.parametrize("day", [date(2019, 12, 1), date(2019, 12, 2)])
def test_disability_lines_either_side(day):
    """Total disability 70% x 80 x wage; partial 10% x 80 x wage."""
    worker = worker_of(KENDARI)
    wage = _wage(worker, KENDARI)
    total = assess(
        worker=worker,
        event="jkk-accident",
        event_date=day,
        stage_two=StageTwo(total_disability=True),
        today=date(2020, 1, 1),
    )
    assert _items(total)["permanent_total"] == int(Decimal("0.7") * 80 * wage)
    partial = assess(
        worker=worker,
        event="jkk-accident",
        event_date=day,
        stage_two=StageTwo(disability_percent=Decimal(10)),
        today=date(2020, 1, 1),
    )
    assert _items(partial)["permanent_partial"] == int(Decimal("0.1") * 80 * wage)


def test_accident_claimed_after_five_years_is_flagged_lapsed():
    """The right to JKK lapses five years after the accident."""
    result = assess(
        worker=worker_of(KENDARI),
        event="jkk-death",
        event_date=date(2019, 3, 1),
        today=date(2024, 3, 2),
    )
    assert "claim_lapsed" in [reason.code for reason in result.reasons]
    early = assess(
        worker=worker_of(KENDARI),
        event="jkk-death",
        event_date=date(2019, 3, 1),
        today=date(2024, 3, 1),
    )
    assert "claim_lapsed" not in [reason.code for reason in early.reasons]
