"""A worker's working life one at a time: join, correct, change wage, move, leave, die — each
scope-checked the way the import is, each with history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from payung.core.errors import DomainError
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.life_events import (
    add_worker,
    end_employment,
    end_one_enrollment,
    move_worker,
    record_death,
)
from payung.enrollments.models import Enrollment
from payung.tests.factories import valid_nik
from payung.workers.models import Employment, Wage, Worker
from payung.workers.services import change_wage, correct_identity

pytestmark = pytest.mark.django_db

BORN = date(1991, 3, 14)
START = date(2026, 1, 1)


def _kendari() -> Employer:
    return Employer.objects.get(npp="74710001")


def _unit(code: str, npp: str = "74710001") -> WorkUnit:
    return WorkUnit.objects.get(employer__npp=npp, code=code)


def _add(actor, *, unit_code: str = "DAMKAR", employer: Employer | None = None, **changes):
    employer = employer or _kendari()
    values = {
        "nik": valid_nik(birth_date=BORN, sex="P"),
        "name": "Wa Ode Uji",
        "birth_date": BORN,
        "sex": "P",
        "employer": employer,
        "unit": WorkUnit.objects.get(employer=employer, code=unit_code) if unit_code else None,
        "start": START,
        "wage": Decimal(2_500_000),
        "programs": ["jkk", "jkm"],
        "actor": actor,
        "kpj": "18001234567",
    }
    values.update(changes)
    return add_worker(**values)


def test_add_worker_places_wages_and_enrols_with_history(user_named):
    damkar = user_named("damkar")
    result = _add(damkar)
    worker = result.worker
    assert result.created
    assert result.enrolled == 2
    assert result.warnings == []
    employment = Employment.objects.get(worker=worker)
    assert (employment.unit.code, employment.start_date) == ("DAMKAR", START)
    assert Wage.objects.get(worker=worker).amount == Decimal(2_500_000)
    enrollments = Enrollment.objects.filter(worker=worker)
    assert {(e.program, e.start_date, e.kpj) for e in enrollments} == {
        ("jkk", START, "18001234567"),
        ("jkm", START, "18001234567"),
    }
    assert worker.history.get().history_user == damkar
    assert employment.history.get().history_user == damkar
    assert {h.history_user_id for h in Enrollment.history.filter(worker_id=worker.pk)} == {
        damkar.pk
    }


def test_add_worker_applies_the_import_nik_rules(user_named):
    with pytest.raises(DomainError) as refused:
        _add(user_named("damkar"), birth_date=date(1991, 3, 15))
    assert refused.value.code == "nik_birth_date_mismatch"
    with pytest.raises(DomainError) as refused:
        _add(user_named("damkar"), nik="7471011403910")
    assert refused.value.code == "nik_not_16_digits"
    assert not Worker.objects.filter(name="Wa Ode Uji").exists()


def test_a_unit_operator_adds_only_into_its_unit(user_named):
    damkar = user_named("damkar")
    with pytest.raises(DomainError) as refused:
        _add(damkar, unit_code="SATPOLPP")
    assert refused.value.code == "not_allowed"
    with pytest.raises(DomainError) as refused:
        _add(damkar, unit_code="")
    assert refused.value.code == "unit_required"
    with pytest.raises(DomainError) as refused:
        _add(user_named("pimpinan"))
    assert refused.value.code == "not_allowed"
    konawe = Employer.objects.get(npp="74020001")
    with pytest.raises(DomainError) as refused:
        _add(user_named("kendari"), employer=konawe, unit_code="")
    assert refused.value.code == "not_allowed"


def test_a_known_nik_is_placed_and_its_identity_left_as_it_is(user_named):
    first = _add(user_named("cabang"), employer=Employer.objects.get(npp="74020001"), unit_code="")
    again = _add(user_named("kendari"), nik=first.worker.nik, name="Nama Lain")
    assert not again.created
    assert again.worker.pk == first.worker.pk
    assert {w.code for w in again.warnings} == {"identity_left_unchanged", "nik_enrolled_elsewhere"}
    assert Worker.objects.get(pk=first.worker.pk).name == "Wa Ode Uji"
    with pytest.raises(DomainError) as refused:
        _add(user_named("kendari"), nik=first.worker.nik)
    assert refused.value.code == "worker_already_employed"


def test_identity_is_corrected_only_when_every_open_employment_is_in_scope(user_named):
    worker = _add(user_named("damkar")).worker
    correct_identity(
        worker=worker,
        name="Wa Ode Uji Koreksi",
        birth_date=BORN,
        sex="P",
        category="non_asn",
        actor=user_named("damkar"),
        on=START,
    )
    assert Worker.objects.get(pk=worker.pk).name == "Wa Ode Uji Koreksi"
    latest = worker.history.order_by("-history_id").first()
    assert latest.history_user == user_named("damkar")
    assert latest.history_type == "~"
    _add(
        user_named("cabang"),
        nik=worker.nik,
        employer=Employer.objects.get(npp="74020001"),
        unit_code="",
    )
    for outside in ("damkar", "kendari"):
        with pytest.raises(DomainError) as refused:
            correct_identity(
                worker=worker,
                name="Lain",
                birth_date=BORN,
                sex="P",
                category="non_asn",
                actor=user_named(outside),
                on=START,
            )
        assert refused.value.code == "worker_outside_scope"
        assert " / " in refused.value.refusals[0].message
    with pytest.raises(DomainError) as refused:
        correct_identity(
            worker=worker,
            name="Lain",
            birth_date=BORN,
            sex="L",
            category="non_asn",
            actor=user_named("cabang"),
            on=START,
        )
    assert refused.value.code == "nik_sex_mismatch"


def test_wage_changes_from_a_date_within_scope(user_named):
    worker = _add(user_named("damkar")).worker
    kendari = _kendari()
    assert change_wage(
        worker=worker,
        employer=kendari,
        amount=Decimal(3_000_000),
        start=date(2026, 7, 1),
        actor=user_named("damkar"),
    )
    assert list(
        Wage.objects.filter(worker=worker).order_by("start_date").values_list("amount", flat=True)
    ) == [Decimal(2_500_000), Decimal(3_000_000)]
    with pytest.raises(DomainError) as refused:
        change_wage(
            worker=worker,
            employer=kendari,
            amount=Decimal(1),
            start=date(2026, 8, 1),
            actor=user_named("pimpinan"),
        )
    assert refused.value.code == "not_allowed"


def test_a_transfer_to_another_employer_keeps_enrolments_continuous(user_named):
    cabang = user_named("cabang")
    worker = _add(cabang).worker
    employment = Employment.objects.get(worker=worker)
    konawe = Employer.objects.get(npp="74020001")
    on = date(2026, 6, 15)
    moved = move_worker(
        employment=employment, to_employer=konawe, to_unit=None, on=on, actor=cabang
    )
    employment.refresh_from_db()
    assert employment.end_date == on - timedelta(days=1)
    assert moved.start_date == on
    for program in ("jkk", "jkm"):
        old = Enrollment.objects.get(worker=worker, program=program, employer=_kendari())
        new = Enrollment.objects.get(worker=worker, program=program, employer=konawe)
        assert old.end_date + timedelta(days=1) == new.start_date == on
        assert old.end_reason == "transferred"
        assert new.end_date is None
        assert new.kpj == old.kpj == "18001234567"
    assert Wage.objects.get(worker=worker, employer=konawe).amount == Decimal(2_500_000)
    history = Enrollment.history.filter(worker_id=worker.pk, end_reason="transferred")
    assert {h.history_user_id for h in history} == {cabang.pk}


def test_a_move_within_an_employer_leaves_its_enrolments_running(user_named):
    kendari_officer = user_named("kendari")
    worker = _add(kendari_officer).worker
    employment = Employment.objects.get(worker=worker)
    on = date(2026, 3, 1)
    moved = move_worker(
        employment=employment,
        to_employer=_kendari(),
        to_unit=_unit("SATPOLPP"),
        on=on,
        actor=kendari_officer,
    )
    assert moved.unit.code == "SATPOLPP"
    assert moved.start_date == on
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_date", flat=True)) == {
        None
    }
    with pytest.raises(DomainError) as refused:
        move_worker(
            employment=moved,
            to_employer=_kendari(),
            to_unit=_unit("DAMKAR"),
            on=date(2026, 4, 1),
            actor=user_named("damkar"),
        )
    assert refused.value.code == "not_allowed"
    with pytest.raises(DomainError) as refused:
        move_worker(
            employment=moved,
            to_employer=_kendari(),
            to_unit=_unit("DAMKAR"),
            on=on,
            actor=kendari_officer,
        )
    assert refused.value.code == "end_before_start"


def test_a_unit_operator_cannot_move_a_worker_out_of_its_unit(user_named):
    worker = _add(user_named("damkar")).worker
    with pytest.raises(DomainError) as refused:
        move_worker(
            employment=Employment.objects.get(worker=worker),
            to_employer=_kendari(),
            to_unit=_unit("SATPOLPP"),
            on=date(2026, 3, 1),
            actor=user_named("damkar"),
        )
    assert refused.value.code == "not_allowed"
    assert Employment.objects.get(worker=worker).end_date is None


def test_ending_an_employment_ends_its_enrolments_with_the_reason(user_named):
    damkar = user_named("damkar")
    worker = _add(damkar).worker
    employment = Employment.objects.get(worker=worker)
    ended = end_employment(
        employment=employment, on=date(2026, 5, 31), reason="employment_ended", actor=damkar
    )
    assert ended == 2
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_date", "end_reason")) == {
        (date(2026, 5, 31), "employment_ended")
    }
    employment.refresh_from_db()
    assert employment.end_date == date(2026, 5, 31)
    assert employment.history.order_by("-history_id").first().history_user == damkar
    with pytest.raises(DomainError) as refused:
        end_employment(employment=employment, on=date(2026, 6, 30), reason="other", actor=damkar)
    assert refused.value.code == "already_ended"
    with pytest.raises(DomainError) as refused:
        end_employment(employment=employment, on=date(2026, 6, 30), reason="bosan", actor=damkar)
    assert refused.value.code == "end_reason_unknown"


def test_ending_one_enrolment_is_scope_checked(user_named):
    worker = _add(user_named("damkar")).worker
    jkm = Enrollment.objects.get(worker=worker, program="jkm")
    with pytest.raises(DomainError) as refused:
        end_one_enrollment(
            enrollment=jkm, on=date(2026, 5, 31), reason="other", actor=user_named("pimpinan")
        )
    assert refused.value.code == "not_allowed"
    end_one_enrollment(
        enrollment=jkm, on=date(2026, 5, 31), reason="other", actor=user_named("damkar")
    )
    assert Enrollment.objects.get(worker=worker, program="jkk").end_date is None


def test_a_death_ends_everything_the_day_after(user_named):
    cabang = user_named("cabang")
    worker = _add(cabang).worker
    _add(cabang, nik=worker.nik, employer=Employer.objects.get(npp="74020001"), unit_code="")
    died = date(2026, 8, 10)
    with pytest.raises(DomainError) as refused:
        record_death(worker=worker, died_on=died, actor=user_named("kendari"))
    assert refused.value.code == "worker_outside_scope"
    result = record_death(worker=worker, died_on=died, actor=cabang)
    assert (result.employments, result.enrollments) == (2, 4)
    day_after = date(2026, 8, 11)
    assert set(Employment.objects.filter(worker=worker).values_list("end_date", flat=True)) == {
        day_after
    }
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_date", "end_reason")) == {
        (day_after, "death")
    }
    assert (
        Enrollment.history.filter(
            worker_id=worker.pk, end_reason="death", history_user_id=cabang.pk
        ).count()
        == 4
    )
    with pytest.raises(DomainError) as refused:
        record_death(worker=worker, died_on=died, actor=cabang)
    assert refused.value.code == "nothing_to_end"
