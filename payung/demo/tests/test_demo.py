from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.core.scope import Scope
from payung.coverage.models import ReportedFigure
from payung.coverage.selectors import region_coverage
from payung.employers.models import Employer, RiskClass
from payung.enrollments.models import Enrollment
from payung.outreach.models import Agreement, TargetPopulation
from payung.regions.models import Region
from payung.workers.models import Wage, Worker
from payung.workers.nik import validate_nik

pytestmark = pytest.mark.django_db
EVERYTHING = Scope(everything=True)
MUNA_BARAT = "74.13"


def test_demo_tells_the_seed_story():
    """Seven employers in 2018 with 7,432 synthetic workers, and Muna Barat from 2022 with 308;
    all JKK+JKM at the very-low risk class."""
    employers = Employer.objects.filter(is_synthetic=True)
    assert employers.count() == 8
    assert set(employers.values_list("risk_class", flat=True)) == {RiskClass.VERY_LOW}
    assert Worker.objects.filter(is_synthetic=True).count() == 7432 + 308
    in_2018 = Enrollment.objects.active_on(date(2018, 10, 31))
    assert in_2018.filter(program="jkk").count() == in_2018.filter(program="jkm").count() == 7432
    assert (
        Enrollment.objects.filter(program="jkk").count()
        == Enrollment.objects.filter(program="jkm").count()
        == 7432 + 308
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
    pemprov = Wage.objects.filter(employer__npp="74000001")
    assert pemprov.count() == 977
    assert set(pemprov.values_list("amount", flat=True)) == {Decimal("2000000")}


def test_reported_figures_keep_their_sources():
    """Both seed reports are kept: 7,431 total and Kendari's 1,135 vs 1,136 with the breakdown."""
    assert ReportedFigure.objects.get(region_id="74", employer__isnull=True).count == 7431
    kendari = ReportedFigure.objects.filter(region_id="74.71", employer__isnull=True)
    assert sorted(kendari.values_list("count", flat=True)) == [1135, 1136]
    units = ReportedFigure.objects.filter(unit__isnull=False).values_list("count", flat=True)
    assert sorted(units) == [10, 217, 358, 551]


def test_muna_barat_registered_nobody_in_2018_and_enrolled_from_january_2022():
    """Still one of the eleven regions without participants on 2018-10-31; from 2022-01-01 its
    308 synthetic workers declare Rp2,552,014, against the 3,080 it reported for January 2022."""
    province = Region.objects.get(code="74")
    in_2018 = region_coverage(region=province, on=date(2018, 10, 31), scope=EVERYTHING)
    assert in_2018.participants == 7432
    assert MUNA_BARAT in {row.code for row in in_2018.unregistered}
    assert len(in_2018.unregistered) == 11
    muna_barat = Region.objects.get(code=MUNA_BARAT)
    assert (
        region_coverage(region=muna_barat, on=date(2021, 12, 31), scope=EVERYTHING).participants
        == 0
    )
    in_2022 = region_coverage(region=muna_barat, on=date(2022, 1, 31), scope=EVERYTHING)
    assert in_2022.participants == 308
    assert in_2022.reported is not None
    assert in_2022.reported.figure.count == 3080
    workers = Worker.objects.filter(employments__employer__npp="74130001")
    wages = Wage.objects.filter(employer__npp="74130001")
    assert set(wages.values_list("amount", "start_date")) == {(Decimal(2552014), date(2022, 1, 1))}
    assert set(workers.values_list("employments__start_date", flat=True)) == {date(2022, 1, 1)}
    figure = ReportedFigure.objects.get(region_id=MUNA_BARAT)
    assert (figure.as_of, figure.count) == (date(2022, 1, 31), 3080)
    assert figure.source_publisher == "berita daerah (keyakinan sedang)"  # no research-note names
    agreement = Agreement.objects.get(region_id=MUNA_BARAT)
    assert agreement.signed_on < date(2022, 1, 1) <= agreement.expires_on
    assert (agreement.workers_planned, agreement.contribution_per_person) == (3080, 13780)
    target = TargetPopulation.objects.filter(region_id=MUNA_BARAT).latest("as_of")
    assert (target.head_count, target.as_of, target.is_synthetic) == (
        3080,
        date(2022, 1, 31),
        False,
    )


def test_demo_command_is_idempotent(capsys):
    """Running `payung demo` again changes nothing and prints the demo logins."""
    call_command("demo")
    out = capsys.readouterr().out
    assert "already loaded" in out
    assert "cabang" in out
    assert "payung-sultra-2018" in out
    assert Worker.objects.filter(is_synthetic=True).count() == 7432 + 308
    assert Employer.objects.filter(npp="74130001").count() == 1


def test_the_demo_marks_its_accounts():
    """The six demo accounts (the superuser among them) are marked as the demo's."""
    from payung.accounts.models import SyntheticAccount

    marked = set(SyntheticAccount.objects.values_list("user__username", flat=True))
    assert marked == {"admin", "cabang", "provinsi", "kendari", "damkar", "pimpinan"}


def _refused_demo() -> str:
    from django.core.management import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("demo")
    assert refused.value.returncode == 2
    return str(refused.value)


def test_demo_refuses_a_database_with_a_real_account(django_user_model):
    """Finding 8: `payung demo` ran anywhere, creating `admin` with the published password."""
    django_user_model.objects.create_user("lurah", password="rahasia-sungguhan-123")
    message = _refused_demo()
    assert "bukan dari demo (1 akun pengguna)" in message
    assert "the demo did not make (1 users)" in message
    assert not django_user_model.objects.get(username="lurah").check_password("payung-sultra-2018")


def test_demo_refuses_a_database_with_a_real_employer():
    Employer.objects.create(
        kind="city_government",
        region_id="74.71",
        name="Pemerintah Kota Sungguhan",
        npp="74719999",
        risk_class=RiskClass.VERY_LOW,
    )
    assert "1 pemberi kerja" in _refused_demo()


def test_a_demo_database_from_before_the_marks_is_recognised(django_user_model):
    """Accounts made by an earlier demo are adopted when they still open with the published
    password; one whose password was changed is someone's real account: refused."""
    from payung.accounts.models import SyntheticAccount

    SyntheticAccount.objects.all().delete()
    call_command("demo")
    assert SyntheticAccount.objects.count() == 6
    SyntheticAccount.objects.filter(user__username="admin").delete()
    admin = django_user_model.objects.get(username="admin")
    admin.set_password("kata-sandi-kantor-yang-baru")
    admin.save()
    assert "1 akun pengguna" in _refused_demo()
