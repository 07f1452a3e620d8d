"""HTTP API: enrolments per program, and a worker's life events (join, move, end, death)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to
from payung.core.api_schemas import RefusedOut, refused
from payung.core.errors import DomainError, Refusal
from payung.core.params import DatabaseId
from payung.employers.models import Employer, WorkUnit
from payung.workers.models import Employment, Worker

from . import life_events
from .models import Enrollment
from .schemas import (
    AddWorkerIn,
    AddWorkerOut,
    DeathIn,
    DeathOut,
    EndedOut,
    EndIn,
    EnrollmentOut,
    MovedOut,
    MoveIn,
)

router = Router(tags=["enrollments"])


@router.get("/", response=list[EnrollmentOut])
@paginate
def list_enrollments(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    worker: DatabaseId | None = None,
    employer: DatabaseId | None = None,
    program: str | None = None,
    active_on: date | None = None,
):
    """Enrolments the caller may see, filtered by worker, employer, program or a day."""
    enrollments = visible_to(request.user, Enrollment.objects.all()).order_by("pk")
    if worker:
        enrollments = enrollments.filter(worker_id=worker)
    if employer:
        enrollments = enrollments.filter(employer_id=employer)
    if program:
        enrollments = enrollments.filter(program=program)
    if active_on:
        enrollments = enrollments.active_on(active_on)
    return enrollments


def _visible_unit(request: HttpRequest, unit_id: int | None) -> WorkUnit | None:
    if unit_id is None:
        return None
    return get_visible_or_404(request.user, WorkUnit.objects.all(), pk=unit_id)


def _visible_worker(request: HttpRequest, worker_id: int) -> Worker:
    return get_visible_or_404(request.user, Worker.objects.all(), pk=worker_id)


@router.post(
    "/workers",
    response={201: AddWorkerOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="add_worker",
    summary="Add one worker to an employer: employment, wage and enrolments",
)
def post_worker(request: HttpRequest, payload: AddWorkerIn) -> Any:
    """The NIK rules of the import; a NIK already registered is placed, its identity kept
    (`warnings` says so)."""
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=payload.employer)
    try:
        result = life_events.add_worker(
            nik=payload.nik,
            name=payload.name,
            birth_date=payload.birth_date,
            sex=payload.sex,
            category=payload.category,
            employer=employer,
            unit=_visible_unit(request, payload.unit),
            start=payload.start,
            wage=payload.wage,
            programs=payload.programs,
            kpj=payload.kpj,
            actor=request.user,
        )
    except DomainError as error:
        return refused(error)
    return Status(
        201,
        {
            "worker_id": result.worker.pk,
            "created": result.created,
            "enrolled": result.enrolled,
            "warnings": [warning.as_dict() for warning in result.warnings],
        },
    )


@router.post(
    "/workers/{worker_id}/move",
    response={200: MovedOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="move_worker",
    summary="Move a worker to another unit or employer from a date",
)
def post_move(request: HttpRequest, worker_id: int, payload: MoveIn) -> Any:
    """The old employment ends the day before `on`; with another employer, the enrolments
    follow (same programs and KPJ from `on`)."""
    worker = _visible_worker(request, worker_id)
    employment = get_visible_or_404(
        request.user, Employment.objects.filter(worker=worker), pk=payload.employment
    )
    to_employer = get_visible_or_404(request.user, Employer.objects.all(), pk=payload.to_employer)
    try:
        moved = life_events.move_worker(
            employment=employment,
            to_employer=to_employer,
            to_unit=_visible_unit(request, payload.to_unit),
            on=payload.on,
            wage=payload.wage,
            actor=request.user,
        )
    except DomainError as error:
        return refused(error)
    return Status(
        200,
        {
            "employment_id": moved.pk,
            "employer_id": moved.employer_id,
            "unit_id": moved.unit_id,
            "start_date": moved.start_date,
        },
    )


@router.post(
    "/workers/{worker_id}/end",
    response={200: EndedOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="end_employment",
    summary="End an employment (with its enrolments) or one enrolment, with a reason",
)
def post_end(request: HttpRequest, worker_id: int, payload: EndIn) -> Any:
    """Give `employment` or `enrollment` (one of them)."""
    worker = _visible_worker(request, worker_id)
    try:
        if payload.employment is not None and payload.enrollment is None:
            employment = get_visible_or_404(
                request.user, Employment.objects.filter(worker=worker), pk=payload.employment
            )
            ended = life_events.end_employment(
                employment=employment, on=payload.on, reason=payload.reason, actor=request.user
            )
            return Status(200, {"employments": 1, "enrollments": ended})
        if payload.enrollment is not None and payload.employment is None:
            enrollment = get_visible_or_404(
                request.user, Enrollment.objects.filter(worker=worker), pk=payload.enrollment
            )
            life_events.end_one_enrollment(
                enrollment=enrollment, on=payload.on, reason=payload.reason, actor=request.user
            )
            return Status(200, {"employments": 0, "enrollments": 1})
    except DomainError as error:
        return refused(error)
    return refused(
        DomainError(
            Refusal(
                "end_target_required",
                "Sebutkan satu: employment atau enrollment.",
                "Give one of employment or enrollment.",
                field="employment",
            )
        )
    )


@router.post(
    "/workers/{worker_id}/death",
    response={200: DeathOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="record_death",
    summary="Record a death: everything open ends the day after, reason death",
)
def post_death(request: HttpRequest, worker_id: int, payload: DeathIn) -> Any:
    """Refused (403) unless the caller may change every employment of the worker open then."""
    worker = _visible_worker(request, worker_id)
    try:
        result = life_events.record_death(
            worker=worker, died_on=payload.died_on, actor=request.user
        )
    except DomainError as error:
        return refused(error)
    return Status(
        200,
        {
            "last_day": result.last_day,
            "employments": result.employments,
            "enrollments": result.enrollments,
        },
    )
