"""HTTP API: enrolments per program."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from payung.core.access import visible_to
from payung.core.params import DatabaseId

from .models import Enrollment

router = Router(tags=["enrollments"])


class EnrollmentOut(Schema):
    id: int
    worker_id: int
    employer_id: int
    program: str
    start_date: date
    end_date: date | None
    end_reason: str
    kpj: str


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
