"""Enrolment services: enrol set-based, end one or many; every change in history."""

from datetime import date

import pytest

from payung.enrollments.models import Enrollment
from payung.enrollments.services import (
    EnrollmentRefused,
    end_enrollment,
    end_enrollments,
    enroll_workers,
)
from payung.tests.factories import EmployerFactory, EnrollmentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def test_enroll_workers_skips_overlapping_and_records_history(user_named):
    employer = EmployerFactory()
    workers = WorkerFactory.create_batch(3)
    EnrollmentFactory(
        worker=workers[0], employer=employer, program="jkk", start_date=date(2018, 1, 1)
    )
    admin = user_named("admin")
    created = enroll_workers(
        worker_ids=[w.pk for w in workers],
        employer=employer,
        programs=["jkk", "jkm"],
        start=date(2018, 10, 1),
        actor=admin,
        reason="test",
    )
    assert created == 5
    assert Enrollment.objects.filter(employer=employer).count() == 6
    history = Enrollment.history.filter(employer_id=employer.pk, start_date=date(2018, 10, 1))
    assert history.count() == 5
    assert set(history.values_list("history_type", "history_user_id")) == {("+", admin.pk)}
    again = enroll_workers(
        worker_ids=[w.pk for w in workers],
        employer=employer,
        programs=["jkk", "jkm"],
        start=date(2018, 10, 1),
        actor=None,
    )
    assert again == 0


def test_enroll_workers_refuses_an_unknown_program():
    with pytest.raises(EnrollmentRefused) as refused:
        enroll_workers(
            worker_ids=[],
            employer=EmployerFactory(),
            programs=["jkx"],
            start=date(2018, 1, 1),
            actor=None,
        )
    assert refused.value.code == "program_unknown"


def test_end_enrollment_sets_end_and_reason_with_history(user_named):
    enrolment = EnrollmentFactory(start_date=date(2018, 1, 1))
    admin = user_named("admin")
    end_enrollment(enrollment=enrolment, on=date(2018, 12, 31), reason="death", actor=admin)
    enrolment.refresh_from_db()
    assert (enrolment.end_date, enrolment.end_reason) == (date(2018, 12, 31), "death")
    latest = enrolment.history.first()
    assert (latest.history_type, latest.history_user) == ("~", admin)


@pytest.mark.parametrize(
    ("on", "reason", "code"),
    [
        (date(2017, 12, 31), "death", "end_before_start"),
        (date(2018, 6, 1), "because", "end_reason_unknown"),
    ],
)
def test_end_enrollment_refusals(on, reason, code):
    enrolment = EnrollmentFactory(start_date=date(2018, 1, 1))
    with pytest.raises(EnrollmentRefused) as refused:
        end_enrollment(enrollment=enrolment, on=on, reason=reason, actor=None)
    assert refused.value.code == code


def test_an_ended_enrolment_cannot_be_ended_again_later():
    enrolment = EnrollmentFactory(
        start_date=date(2018, 1, 1), end_date=date(2018, 3, 1), end_reason="other"
    )
    with pytest.raises(EnrollmentRefused) as refused:
        end_enrollment(enrollment=enrolment, on=date(2018, 6, 1), reason="death", actor=None)
    assert refused.value.code == "already_ended"


def test_end_enrollments_is_set_based_and_skips_those_not_covering_the_day():
    employer = EmployerFactory()
    covering = [EnrollmentFactory(employer=employer, start_date=date(2018, 1, 1)) for _ in range(3)]
    later = EnrollmentFactory(employer=employer, start_date=date(2019, 1, 1))
    ended = end_enrollments(
        enrollments=Enrollment.objects.filter(employer=employer),
        on=date(2018, 12, 31),
        reason="not_in_roster",
        actor=None,
    )
    assert ended == 3
    assert set(
        Enrollment.objects.filter(pk__in=[e.pk for e in covering]).values_list(
            "end_date", "end_reason"
        )
    ) == {(date(2018, 12, 31), "not_in_roster")}
    later.refresh_from_db()
    assert later.end_date is None
    assert Enrollment.history.filter(employer_id=employer.pk, history_type="~").count() == 3
