"""Coverage month by month: read from the tally in one query, the same as counting each month's
last day; drawn on region pages as an inline SVG with its figures in words and a table."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.core.scope import Scope
from payung.coverage.selectors import coverage_by_month, region_coverage
from payung.employers.models import WorkUnit
from payung.regions.models import Region
from payung.tests.crawl import client_for
from payung.tests.factories import EmployerFactory, EnrollmentFactory
from payung.web.charts import coverage_chart

pytestmark = pytest.mark.django_db

EVERYTHING = Scope(everything=True)


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def test_the_province_history_follows_the_2018_rollout_in_one_query():
    """Sultra: 1,136 (Kendari) from February 2018, 7,432 by the end of October, per program;
    the history is read in one query however many months it spans."""
    province = Region.objects.get(code="74")
    with CaptureQueriesContext(connection) as captured:
        history = coverage_by_month(region=province, on=date(2018, 12, 15), scope=EVERYTHING)
    assert len(captured) == 1
    assert history.months[0] == date(2018, 2, 1)
    assert history.months[-1] == date(2018, 12, 1)
    assert set(history.by_program) == {"jkk", "jkm"}
    figures = dict(zip(history.months, history.by_program["jkk"], strict=True))
    assert figures[date(2018, 2, 1)] == 1136
    assert figures[date(2018, 10, 1)] == 7432


def test_each_month_is_the_count_on_its_last_day():
    """Every month's figure equals the region's coverage on the month's last day."""
    region = Region.objects.get(code="74")
    history = coverage_by_month(region=region, on=date(2019, 3, 10), scope=EVERYTHING)
    for index, month in enumerate(history.months):
        day = min(month_end(month), date(2019, 3, 10))
        expected = region_coverage(region=region, on=day, scope=EVERYTHING).by_program
        got = {program: values[index] for program, values in history.by_program.items()}
        assert {k: v for k, v in got.items() if v} == expected, month


def test_a_worker_who_leaves_drops_out_the_month_after_and_counts_once():
    """A worker enrolled by two employers of one region in overlapping spans counts once; one
    who leaves on 20 May is no longer covered at the end of May."""
    region = Region.objects.get(code="74.13")
    first = EnrollmentFactory.create(
        employer=EmployerFactory.create(region=region),
        start_date=date(2021, 3, 10),
        end_date=date(2021, 4, 30),
        end_reason="employment_ended",
    )
    EnrollmentFactory.create(
        employer=EmployerFactory.create(region=region),
        worker=first.worker,
        start_date=date(2021, 4, 1),
        end_date=date(2021, 5, 20),
        end_reason="employment_ended",
    )
    region = Region.objects.get(code="74.13")
    history = coverage_by_month(region=region, on=date(2021, 7, 1), scope=EVERYTHING)
    assert history.months == [
        date(2021, 3, 1),
        date(2021, 4, 1),
        date(2021, 5, 1),
        date(2021, 6, 1),
        date(2021, 7, 1),
    ]
    assert history.by_program == {"jkk": [1, 1, 0, 0, 0]}


def test_a_unit_operator_sees_its_units_history_counted_from_its_enrolments(user_named):
    """A unit-bound scope does not read the tally; its history is its unit's workers, the same
    as the coverage its page shows on each month's last day."""
    from payung.core.access import scope_for

    scope = scope_for(user_named("damkar"))
    assert scope.unit_ids is not None
    kendari = Region.objects.get(code="74.71")
    history = coverage_by_month(region=kendari, on=date(2019, 1, 31), scope=scope)
    damkar = WorkUnit.objects.get(pk=scope.unit_ids[0])
    assert history.months
    assert history.by_program
    for index, month in enumerate(history.months):
        expected = region_coverage(region=kendari, on=month_end(month), scope=scope).by_program
        got = {program: values[index] for program, values in history.by_program.items()}
        assert {k: v for k, v in got.items() if v} == expected, (damkar.name, month)


def test_no_history_before_anyone_was_covered():
    history = coverage_by_month(
        region=Region.objects.get(code="74"), on=date(2017, 6, 1), scope=EVERYTHING
    )
    assert history.months == []
    assert coverage_chart(history) is None


def test_the_chart_scales_to_round_numbers_and_keeps_its_turning_points():
    history = coverage_by_month(
        region=Region.objects.get(code="74"), on=date(2018, 12, 31), scope=EVERYTHING
    )
    chart = coverage_chart(history)
    assert chart is not None
    assert [tick.value for tick in chart.y_ticks] == [0, 2000, 4000, 6000, 8000]
    jkk = next(series for series in chart.series if series.program == "jkk")
    assert jkk.last_value == 7432
    assert jkk.first_value == 1136
    # flat months are left out of the line: its ends and where it changes only
    assert len(jkk.points.split()) < len(history.months)


@pytest.mark.parametrize(
    ("language", "figure", "month"), [("id", "7.432", "Des 2018"), ("en", "7,432", "Dec 2018")]
)
def test_the_region_page_draws_the_history_as_an_accessible_svg(language, figure, month):
    """Inline SVG with a title and a description naming the figures in the page's language, a
    legend and a table of every month; no inline style (the CSP forbids them)."""
    page = client_for("provinsi", language).get("/wilayah/74/?on=2018-12-31")
    assert page.status_code == 200
    body = page.content.decode()
    chart = body[body.index('id="coverage-history"') :]
    chart = chart[: chart.index("</section>")]
    assert '<svg viewBox="0 0 480 260"' in chart
    assert 'role="img"' in chart
    desc = re.search(r'<desc id="chart-desc">([^<]*)</desc>', chart)
    assert desc
    assert f"{figure}" in desc.group(1)
    assert month in desc.group(1)
    assert "style=" not in chart
    assert "<script" not in chart
    assert 'id="coverage-history-table"' in chart
    assert chart.count('<tr><th scope="row">') == 11  # February to December 2018
    assert re.search(r'points="[\d. ,]+"', chart)  # coordinates never in the page's number format


def test_the_region_page_shows_unbilled_months_and_links_to_the_bills_where_allowed(user_named):
    """Per employer seated at a regency and per child region of the province: months never
    billed; a link to the employer's bills for roles that may open them; a unit operator, who
    may not, gets neither the figures nor the links."""
    cabang = client_for("cabang", "id")
    regency = cabang.get("/wilayah/74.71/?on=2019-01-31").content.decode()
    cell = re.search(r'data-unbilled="(\d+)"><a href="/tagihan/pemberi-kerja/(\d+)/">', regency)
    assert cell, "the seated employer's unbilled months link to its bills"
    assert int(cell.group(1)) > 0
    assert cabang.get(f"/tagihan/pemberi-kerja/{cell.group(2)}/").status_code == 200
    province = cabang.get("/wilayah/74/?on=2019-01-31").content.decode()
    assert 'id="stat-unbilled"' in province
    assert re.search(r'data-unbilled="\d+"><a href="/tagihan/tunggakan/74.71/', province)
    damkar = client_for("damkar", "id").get("/wilayah/74.71/?on=2019-01-31").content.decode()
    assert "data-unbilled" not in damkar
    assert "/tagihan/pemberi-kerja/" not in damkar
