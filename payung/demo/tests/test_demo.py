from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.coverage.models import ReportedFigure
from payung.employers.models import Employer, RiskClass
from payung.enrollments.models import Enrollment
from payung.workers.models import Worker
from payung.workers.nik import validate_nik

pytestmark = pytest.mark.django_db


def test_demo_tells_the_seed_story():
    """Seven employers, 7,432 synthetic workers, all JKK+JKM at the very-low risk class."""
    employers = Employer.objects.filter(is_synthetic=True)
    assert employers.count() == 7
    assert set(employers.values_list("risk_class", flat=True)) == {RiskClass.VERY_LOW}
    assert Worker.objects.filter(is_synthetic=True).count() == 7432
    assert (
        Enrollment.objects.filter(program="jkk").count()
        == Enrollment.objects.filter(program="jkm").count()
        == 7432
    )
    kendari = Employer.objects.get(npp="74710001")
    units = dict(
        kendari.units.values_list("code").annotate().values_list("code", "employments__worker")
    )
    assert set(units) == {"DLHK", "DAMKAR", "SATPOLPP", "SDA"}
    assert kendari.employments.filter(unit__code="DLHK").count() == 551


def test_demo_workers_have_valid_niks_and_declared_wages():
    """Every synthetic NIK passes the NIK rules; Pemprov's honorarium is Rp2,000,000."""
    for worker in Worker.objects.filter(is_synthetic=True)[:500]:
        validate_nik(worker.nik, birth_date=worker.birth_date, sex=worker.sex)
    pemprov = Worker.objects.filter(employments__employer__npp="74000001")
    assert set(pemprov.values_list("wage", flat=True)) == {Decimal("2000000")}


def test_reported_figures_keep_their_sources():
    """Both seed reports are kept: 7,431 total and Kendari's 1,135 vs 1,136 with the breakdown."""
    assert ReportedFigure.objects.get(region_id="74", employer__isnull=True).count == 7431
    kendari = ReportedFigure.objects.filter(region_id="74.71", employer__isnull=True)
    assert sorted(kendari.values_list("count", flat=True)) == [1135, 1136]
    units = ReportedFigure.objects.filter(unit__isnull=False).values_list("count", flat=True)
    assert sorted(units) == [10, 217, 358, 551]


def test_demo_command_is_idempotent(capsys):
    """Running `payung demo` again changes nothing and prints the demo logins."""
    call_command("demo")
    out = capsys.readouterr().out
    assert "already loaded" in out
    assert "cabang" in out
    assert "payung-sultra-2018" in out
    assert Worker.objects.filter(is_synthetic=True).count() == 7432
