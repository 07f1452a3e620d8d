"""Reads of what a life event will change, so that a page can show it before it is confirmed
(the employments and enrolments it ends, with their names), and of the worker list: who works
where and whether they are covered."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from payung.core.scope import Scope
from payung.workers.models import Employment, EmploymentQuerySet, Worker, WorkerQuerySet

from .models import Enrollment, EnrollmentQuerySet, Program


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


# -- the worker list: who works where, and whether they are covered ---------------------------


class WorkerStatus(models.TextChoices):
    """Whether a worker is covered on a day by an enrolment the reader sees."""

    ACTIVE = "active", _("Aktif")
    ENDED = "ended", _("Berhenti")
    NONE = "none", _("Belum didaftarkan")


@dataclass(frozen=True)
class WorkerFilters:
    """What the worker list is narrowed to (none: everyone the reader sees)."""

    employer_id: int | None = None
    unit_id: int | None = None
    status: str = ""
    category: str = ""


def filter_workers(
    workers: WorkerQuerySet, *, scope: Scope, filters: WorkerFilters, on: date
) -> WorkerQuerySet:
    """`workers` narrowed to an employer, a unit, a status on `on` and a category, each judged
    by the employments and enrolments the scope sees (the status by the employer's, if one is
    chosen)."""
    employments = Employment.objects.in_scope(scope).filter(worker=OuterRef("pk"))
    enrolments = Enrollment.objects.in_scope(scope).filter(worker=OuterRef("pk"))
    if filters.employer_id is not None:
        workers = workers.filter(Exists(employments.filter(employer_id=filters.employer_id)))
        enrolments = enrolments.filter(employer_id=filters.employer_id)
    if filters.unit_id is not None:
        workers = workers.filter(Exists(employments.filter(unit_id=filters.unit_id)))
    if filters.category:
        workers = workers.filter(category=filters.category)
    active = Exists(enrolments.active_on(on))
    match filters.status:
        case WorkerStatus.ACTIVE:
            workers = workers.filter(active)
        case WorkerStatus.ENDED:
            workers = workers.filter(Exists(enrolments)).exclude(active)
        case WorkerStatus.NONE:
            workers = workers.exclude(Exists(enrolments))
    return workers


@dataclass(frozen=True)
class WorkerRow:
    """One line of the worker list: where the worker works and what covers it on the day."""

    worker: Worker
    employer_name: str
    unit_name: str
    status: str
    programs: list[str]
    since: date | None

    @property
    def status_label(self) -> str:
        return str(WorkerStatus(self.status).label)


def worker_rows(
    workers: Sequence[Worker], *, scope: Scope, on: date, filters: WorkerFilters = WorkerFilters()
) -> list[WorkerRow]:
    """The list's lines for `workers` (a page): two queries, whatever their number. The
    employment shown is the chosen employer's or unit's, else the one in force on `on`, else the
    latest; the status and programs are those of the enrolments the scope sees."""
    ids = [worker.pk for worker in workers]
    employments = (
        Employment.objects.in_scope(scope)
        .filter(worker_id__in=ids)
        .select_related("employer", "unit")
        .order_by("worker_id", "-start_date", "-pk")
    )
    if filters.employer_id is not None:
        employments = employments.filter(employer_id=filters.employer_id)
    if filters.unit_id is not None:
        employments = employments.filter(unit_id=filters.unit_id)
    shown: dict[int, Employment] = {}
    for employment in employments:
        if employment.worker_id not in shown or (
            _in_force(employment, on) and not _in_force(shown[employment.worker_id], on)
        ):
            shown[employment.worker_id] = employment
    enrolments = Enrollment.objects.in_scope(scope).filter(worker_id__in=ids)
    if filters.employer_id is not None:
        enrolments = enrolments.filter(employer_id=filters.employer_id)
    enrolled: set[int] = set()
    programs: dict[int, set[str]] = {}
    since: dict[int, date] = {}
    for worker_id, program, start, end in enrolments.order_by().values_list(
        "worker_id", "program", "start_date", "end_date"
    ):
        enrolled.add(worker_id)
        if start <= on and (end is None or end >= on):
            programs.setdefault(worker_id, set()).add(program)
            since[worker_id] = min(since.get(worker_id, start), start)
    rows = []
    for worker in workers:
        place = shown.get(worker.pk)
        status = (
            WorkerStatus.ACTIVE
            if worker.pk in programs
            else WorkerStatus.ENDED
            if worker.pk in enrolled
            else WorkerStatus.NONE
        )
        rows.append(
            WorkerRow(
                worker=worker,
                employer_name=place.employer.name if place else "",
                unit_name=place.unit.name if place and place.unit else "",
                status=status,
                programs=sorted(programs.get(worker.pk, ()), key=_PROGRAM_ORDER.index),
                since=since.get(worker.pk),
            )
        )
    return rows


_PROGRAM_ORDER = [program.value for program in Program]


def _in_force(employment: Employment, on: date) -> bool:
    return employment.start_date <= on and (
        employment.end_date is None or employment.end_date >= on
    )
