import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.core.scope import Scope
from payung.coverage.selectors import region_coverage
from payung.regions.models import Region
from payung.tests.factories import EnrollmentFactory, ReportedFigureFactory

pytestmark = pytest.mark.django_db

UNREGISTERED = {
    "74.03", "74.04", "74.07", "74.08", "74.09", "74.10",
    "74.12", "74.13", "74.14", "74.15", "74.72",
}  # fmt: skip


def coverage_json(*args: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("coverage", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_cli_reports_the_sultra_2018_figures():
    """`payung coverage --region 74 --on 2018-10-31 --json`: 7,432; Kendari 1,136; 11 gaps."""
    result = coverage_json("--region", "74", "--on", "2018-10-31")
    assert result["region"] == {"code": "74", "name": "Sulawesi Tenggara"}
    assert result["participants"] == 7432
    children = {child["code"]: child for child in result["children"]}
    assert len(children) == 17
    assert children["74.71"]["participants"] == 1136
    assert children["74.71"]["name"] == "Kota Kendari"
    assert set(result["unregistered"]) == UNREGISTERED
    assert result["reported"]["count"] == 7431
    assert result["reported"]["difference"] == 1
    assert children["74.71"]["reported"]["count"] == 1135


def test_before_the_first_enrolment_nobody_is_covered():
    """On 2018-01-31 no employer had enrolled anyone yet, so all 17 are unregistered."""
    result = coverage_json("--region", "74", "--on", "2018-01-31")
    assert result["participants"] == 0
    assert len(result["unregistered"]) == 17


def test_kendari_enrolled_first():
    """Kendari's MoU of 2018-02-05 makes it the only registered region in March 2018."""
    result = coverage_json("--region", "74", "--on", "2018-03-01")
    assert result["participants"] == 1136
    assert set(result["unregistered"]) == {c["code"] for c in result["children"]} - {"74.71"}


def test_reported_figure_is_the_latest_up_to_the_day():
    """Before October the Kendari figure shown is the MoU's 1,136; from 4 October, BPJS's 1,135."""
    march = coverage_json("--region", "74.71", "--on", "2018-03-01")
    october = coverage_json("--region", "74.71", "--on", "2018-10-31")
    assert march["reported"]["count"] == 1136
    assert march["reported"]["difference"] == 0
    assert october["reported"]["count"] == 1135
    assert october["reported"]["difference"] == 1


def test_unknown_region_is_a_clear_error():
    """An unknown region code exits with a message, not a traceback."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown region"):
        call_command("coverage", "--region", "99.99")


def test_ended_enrolment_no_longer_counts():
    """A worker whose only enrolment ended before the day is not a participant."""
    enrollment = EnrollmentFactory(
        start_date=date(2019, 1, 1), end_date=date(2019, 6, 30), end_reason="other"
    )
    konawe = Region.objects.get(code="74.02")
    scope = Scope(everything=True)
    inside = region_coverage(region=konawe, on=date(2019, 6, 30), scope=scope).participants
    after = region_coverage(region=konawe, on=date(2019, 7, 1), scope=scope).participants
    assert inside - after == 1
    assert enrollment.is_active_on(date(2019, 6, 30))


def test_a_scope_sees_only_its_own_part():
    """A scope limited to Kendari counts Kendari's workers even on the province's page."""
    province = Region.objects.get(code="74")
    cov = region_coverage(
        region=province, on=date(2018, 10, 31), scope=Scope(region_codes=("74.71",))
    )
    assert cov.participants == 1136
    assert [row.code for row in cov.children] == ["74.71"]


def test_region_coverage_takes_a_fixed_number_of_queries():
    """Coverage of the province costs the same few queries however many workers there are."""
    province = Region.objects.get(code="74")
    with CaptureQueriesContext(connection) as before:
        region_coverage(region=province, on=date(2018, 10, 31), scope=Scope(everything=True))
    ReportedFigureFactory(region=Region.objects.get(code="74.03"))
    EnrollmentFactory.create_batch(5)
    with CaptureQueriesContext(connection) as after:
        region_coverage(region=province, on=date(2018, 10, 31), scope=Scope(everything=True))
    assert len(before) == len(after) <= 8


def test_a_regency_lists_its_work_units_not_districts():
    """`payung coverage --region 74.71 --json`: no district is `unregistered` (districts hold no
    government employer); Kendari's work units are listed with their participants instead."""
    result = coverage_json("--region", "74.71", "--on", "2018-10-31")
    assert result["unregistered"] == []
    assert result["children"] == []
    units = {unit["name"]: unit["participants"] for unit in result["units"]}
    assert units, result
    assert sum(units.values()) == result["participants"] == 1136
    assert result["group"] == "non_asn"


def test_village_officials_are_counted_down_to_villages():
    """For village officials a district's children are its villages: a village government that
    enrolled its officials is registered, the other villages are not."""
    from payung.employers.models import EmployerKind
    from payung.tests.factories import EmployerFactory, WorkerFactory

    district = Region.objects.get(code="74.71.01")
    villages = [
        Region.objects.create(
            code=f"74.71.01.{2000 + n}", parent=district, level="village", name=f"Desa Uji {n}"
        )
        for n in (1, 2, 3)
    ]
    village = villages[0]
    government = EmployerFactory(kind=EmployerKind.VILLAGE, region=village)
    for _ in range(3):
        EnrollmentFactory(worker=WorkerFactory(category="village_official"), employer=government)
    result = coverage_json("--region", district.code, "--group", "village_official")
    assert result["participants"] == 3
    assert {child["code"] for child in result["children"]} == {v.code for v in villages}
    assert set(result["unregistered"]) == {v.code for v in villages[1:]}
    non_asn = coverage_json("--region", district.code)
    assert non_asn["unregistered"] == []
