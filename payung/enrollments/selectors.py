"""Reads of what a life event will change, so that a page can show it before it is confirmed:
the employments and enrolments it ends, with their names."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from payung.workers.models import Employment, EmploymentQuerySet, Worker

from .models import Enrollment, EnrollmentQuerySet


def employments_open_after(*, worker: Worker, last_day: date) -> EmploymentQuerySet:
    """The worker's employments begun by `last_day` that run past it."""
    return Employment.objects.filter(worker=worker, start_date__lte=last_day).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=last_day)
    )


def enrollments_open_after(*, worker: Worker, last_day: date) -> EnrollmentQuerySet:
    """The worker's enrolments begun by `last_day` that run past it."""
    return Enrollment.objects.filter(worker=worker, start_date__lte=last_day).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=last_day)
    )


def enrollments_ending_with(*, employment: Employment, last_day: date) -> EnrollmentQuerySet:
    """The enrolments that end with `employment` on `last_day`: the worker's with its employer,
    unless another employment with that employer goes on."""
    goes_on = (
        Employment.objects.filter(worker_id=employment.worker_id, employer=employment.employer_id)
        .exclude(pk=employment.pk)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=last_day))
    )
    if goes_on.exists():
        return Enrollment.objects.none()
    return enrollments_open_after(worker=employment.worker, last_day=last_day).filter(
        employer_id=employment.employer_id
    )


@dataclass(frozen=True)
class Ending:
    """What a confirmation shows: the person, then each employment and enrolment by name."""

    worker: str
    last_day: date
    employments: list[str]
    enrollments: list[str]


def describe(
    *,
    worker: Worker,
    last_day: date,
    employments: EmploymentQuerySet,
    enrollments: EnrollmentQuerySet,
) -> Ending:
    """Names of the employments ("employer — unit") and enrolments ("JKK — employer, KPJ")."""
    jobs = [
        f"{employer} — {unit}" if unit else employer
        for employer, unit in employments.order_by("employer__name", "unit__name").values_list(
            "employer__name", "unit__name"
        )
    ]
    memberships = [
        f"{program.upper()} — {employer}" + (f", KPJ {kpj}" if kpj else "")
        for program, employer, kpj in enrollments.order_by("employer__name", "program").values_list(
            "program", "employer__name", "kpj"
        )
    ]
    return Ending(worker=worker.name, last_day=last_day, employments=jobs, enrollments=memberships)
