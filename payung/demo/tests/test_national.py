"""`payung demo --national --workers N`: a synthetic national register, set-based."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from payung.core.scope import Scope
from payung.coverage.selectors import direct_counts, region_coverage
from payung.employers.models import Employer, EmployerKind
from payung.regions.models import Level, Region
from payung.workers.models import Category, Worker
from payung.workers.nik import validate_nik

pytestmark = pytest.mark.django_db

EVERYTHING = Scope(everything=True)


def test_national_demo_covers_every_region_and_agrees_with_a_direct_count():
    """Every province and regency/city gets a government employer, N non-ASN workers with valid
    NIKs are spread over them, village governments employ officials, and the tally read by
    the coverage pages equals a direct count."""
    out = StringIO()
    call_command("demo", "--national", "--workers", "3000", stdout=out, stderr=StringIO())
    assert "Demo nasional" in out.getvalue()
    governed = set(Employer.objects.exclude(kind=EmployerKind.VILLAGE).values_list("region_id"))
    seats = Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY, Level.CITY])
    assert seats.count() >= 38 + 514
    assert {(code,) for code in seats.values_list("code", flat=True)} <= governed
    national = Worker.objects.filter(
        category=Category.NON_ASN, employments__employer__npp__startswith="N"
    )
    assert abs(national.count() - 3000) <= 300  # shares are rounded per region
    assert Worker.objects.filter(category=Category.VILLAGE_OFFICIAL).count() > 1000
    assert Worker.objects.filter(category=Category.VILLAGE_FACILITATOR).exists()
    for worker in Worker.objects.filter(category=Category.VILLAGE_OFFICIAL)[:50]:
        validate_nik(worker.nik, birth_date=worker.birth_date, sex=worker.sex)
    day = date(2025, 6, 30)
    for code in ("11", "31", "94", "32.01"):
        region = Region.objects.get(code=code)
        coverage = region_coverage(region=region, on=day, scope=EVERYTHING)
        participants, by_program, per_child = direct_counts(region, on=day, scope=EVERYTHING)
        assert coverage.participants == participants
        assert coverage.by_program == by_program
        children = {row.code: row.participants for row in coverage.children}
        assert children == {code: per_child.get(code, 0) for code in children}
