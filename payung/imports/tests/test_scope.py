"""An import writes only inside its uploader's scope (issue 11, finding 1).

As `damkar`, the operator of Pemkot Kendari's Damkar unit: a Konawe worker's NIK in the file
must not rename them nor change the wage Konawe reports (and bills); `unit_kerja` naming Satpol
PP is refused; a Satpol PP worker is not moved into Damkar, so a replacing Damkar roster never
ends Satpol PP's enrolments; warnings name no employer `damkar` cannot see.
"""

from datetime import date
from decimal import Decimal

import pytest

from payung.billing.services import issue_bills
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.imports.services import import_roster
from payung.workers.models import Employment, Wage, Worker

from .rosters import person, write_csv

pytestmark = pytest.mark.django_db

ON = date(2026, 1, 1)
KENDARI, KONAWE = "74710001", "74020001"


def _run(path, user, *, unit="DAMKAR", mode="add"):
    return import_roster(
        path=path,
        employer=Employer.objects.get(npp=KENDARI),
        unit_code=unit,
        mode=mode,
        on=ON,
        actor=user,
    )


def _row_of(worker: Worker, **extra):
    return {
        "nik": worker.nik,
        "nama": worker.name,
        "tanggal_lahir": f"{worker.birth_date:%d-%m-%Y}",
        "jenis_kelamin": worker.sex,
        **extra,
    }


def test_another_employers_worker_keeps_identity_and_that_employers_wage(tmp_path, user_named):
    konawe = Employer.objects.get(npp=KONAWE)
    worker = Worker.objects.filter(employments__employer=konawe).order_by("pk").first()
    konawe_wage = Wage.objects.filter(worker=worker, employer=konawe).in_force_on(ON).get().amount
    # The same month before and after (its draft recomputed): an earlier month's bill would
    # differ by the late fee the first draft after a late payment carries.
    before = issue_bills(employer=konawe, period="2026-01").total
    row = _row_of(worker, nama="Nama Diganti Damkar", upah="9.999.999")
    path = write_csv(tmp_path / "r.csv", [row])

    result = _run(path, user_named("damkar"))

    worker.refresh_from_db()
    assert worker.name != "Nama Diganti Damkar"
    assert Wage.objects.filter(worker=worker, employer=konawe).in_force_on(ON).get().amount == (
        konawe_wage
    )
    assert issue_bills(employer=konawe, period="2026-01").total == before
    codes = {issue.code for issue in result.warnings}
    assert {"identity_left_unchanged", "nik_enrolled_elsewhere"} <= codes
    elsewhere = next(w for w in result.warnings if w.code == "nik_enrolled_elsewhere")
    assert "Konawe" not in elsewhere.message, "damkar cannot see Konawe: never name it"
    assert "pemberi kerja lain" in elsewhere.message
    assert "another employer" in elsewhere.message
    # The row is applied for damkar's own employer: its employment, enrolments and wage.
    kendari = Employer.objects.get(npp=KENDARI)
    assert Employment.objects.get(worker=worker, employer=kendari).unit.code == "DAMKAR"
    assert Wage.objects.get(worker=worker, employer=kendari).amount == Decimal(9_999_999)
    assert Enrollment.objects.filter(worker=worker, employer=kendari).count() == 2


def test_an_officer_whose_scope_covers_every_employment_changes_identity(tmp_path, user_named):
    konawe = Employer.objects.get(npp=KONAWE)
    worker = Worker.objects.filter(employments__employer=konawe).order_by("pk").first()
    path = write_csv(tmp_path / "r.csv", [_row_of(worker, nama="Nama Dibetulkan")])
    result = import_roster(path=path, employer=konawe, on=ON, actor=user_named("provinsi"))
    worker.refresh_from_db()
    assert worker.name == "Nama Dibetulkan"
    assert result.updated == 1
    assert "identity_left_unchanged" not in {issue.code for issue in result.warnings}


def test_a_unit_outside_the_operators_scope_is_refused_on_the_row(tmp_path, user_named):
    newcomer = person("Orang Baru", unit_kerja="SATPOLPP")
    named = person("Orang Baru Dua", unit_kerja="Satuan Polisi Pamong Praja")
    own = person("Orang Damkar", unit_kerja="DAMKAR")
    path = write_csv(tmp_path / "r.csv", [newcomer, named, own])

    result = _run(path, user_named("damkar"))

    assert [(e.row, e.code) for e in result.errors] == [
        (2, "unit_not_allowed"),
        (3, "unit_not_allowed"),
    ]
    assert not Worker.objects.filter(nik__in=[newcomer["nik"], named["nik"]]).exists()
    assert Employment.objects.get(worker__nik=own["nik"]).unit.code == "DAMKAR"


def test_a_satpol_pp_worker_is_not_moved_and_a_replace_never_ends_satpol_pp(tmp_path, user_named):
    satpol = WorkUnit.objects.get(employer__npp=KENDARI, code="SATPOLPP")
    worker = Worker.objects.filter(employments__unit=satpol).order_by("pk").first()
    satpol_open = Enrollment.objects.filter(
        worker__employments__unit=satpol, end_date__isnull=True
    ).count()
    path = write_csv(tmp_path / "r.csv", [_row_of(worker), person("Baru", unit_kerja="DAMKAR")])

    result = _run(path, user_named("damkar"), mode="replace")

    assert [(e.row, e.code) for e in result.errors] == [(2, "worker_in_other_unit")]
    job = Employment.objects.get(worker=worker)
    assert job.unit == satpol
    still_open = Enrollment.objects.filter(
        worker__employments__unit=satpol, end_date__isnull=True
    ).count()
    assert still_open == satpol_open
    # What the replace did end is Damkar's own roster, absent from the file.
    assert result.ended == 217


def test_the_command_line_without_an_account_acts_on_the_whole_register(tmp_path):
    """No actor is the operator at the server's shell: the import is not narrowed."""
    satpol = WorkUnit.objects.get(employer__npp=KENDARI, code="SATPOLPP")
    worker = Worker.objects.filter(employments__unit=satpol).order_by("pk").first()
    path = write_csv(tmp_path / "r.csv", [_row_of(worker, unit_kerja="DAMKAR")])
    result = _run(path, None, unit=None)
    assert result.errors == []
    assert Employment.objects.get(worker=worker).unit.code == "DAMKAR"
