"""HTTP API: workers, searched by NIK or name.

A read-only caller gets the NIK masked and no birth date or sex (`selectors.sees_full_identity`);
a worker's detail lists only the employments the caller's scope covers.
"""

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to
from payung.core.api_schemas import RefusedOut, refused
from payung.core.errors import DomainError
from payung.core.replica import reads_from_replica
from payung.employers.models import Employer

from .models import Employment, Wage, Worker
from .pagination import KeysetPagination
from .schemas import (
    IdentityIn,
    SearchIn,
    WageIn,
    WageOut,
    WorkerDetailOut,
    WorkerOut,
)
from .selectors import search_workers, wage_in_force
from .services import change_wage, correct_identity

router = Router(tags=["workers"])


@router.get("/", response=list[WorkerOut])
@reads_from_replica
@paginate(KeysetPagination)
def list_workers(request: HttpRequest, q: str = ""):  # type: ignore[no-untyped-def]
    """Workers the caller may see, by name and NIK; `q` is a NIK prefix or part of a name (the
    whole NIK for a read-only caller; a name search answers in registration order, the id).
    Pages: `limit` with `after` (the previous page's `next`);
    `count` stops at 1,000 (`more`). A query string is kept in proxies' logs: search by NIK with
    `POST /api/workers/search` instead."""
    return _with_wage(request, search_workers(request.user, q))


@router.post("/search", response=list[WorkerOut], operation_id="search_workers")
@reads_from_replica
@paginate(KeysetPagination)
def search(request: HttpRequest, payload: SearchIn):  # type: ignore[no-untyped-def]
    """The same search as `GET /api/workers/?q=`, with the query in the body, so that a NIK
    stays out of URLs and access logs."""
    return _with_wage(request, search_workers(request.user, payload.q))


@router.get("/{worker_id}", response=WorkerDetailOut)
def get_worker(request: HttpRequest, worker_id: int) -> Worker:
    today = timezone.localdate()
    employments = (
        visible_to(request.user, Employment.objects.all())
        .annotate(wage=wage_in_force(Coalesce(OuterRef("end_date"), Value(today))))
        .order_by("-start_date", "pk")
    )
    return get_visible_or_404(
        request.user,
        _with_wage(request, Worker.objects.prefetch_related(Prefetch("employments", employments))),
        pk=worker_id,
    )


def _with_wage(request: HttpRequest, workers: QuerySet[Worker]) -> QuerySet[Worker]:
    """Each worker's latest wage in force today, among the employers the caller may see."""
    employers = visible_to(request.user, Employer.objects.all()).values("pk")
    latest = (
        Wage.objects.filter(
            worker=OuterRef("pk"), employer__in=employers, start_date__lte=timezone.localdate()
        )
        .order_by("-start_date", "-pk")
        .values("amount")[:1]
    )
    return workers.annotate(wage=Subquery(latest))


@router.post(
    "/{worker_id}/identity",
    response={200: WorkerOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="correct_identity",
    summary="Correct a worker's name, birth date, sex or category",
)
def post_identity(request: HttpRequest, worker_id: int, payload: IdentityIn) -> Any:
    """Refused (403, `worker_outside_scope`) unless the caller may change every employment of
    the worker open today; the birth date and sex must agree with the NIK."""
    worker = get_visible_or_404(request.user, Worker.objects.all(), pk=worker_id)
    try:
        correct_identity(
            worker=worker,
            name=payload.name,
            birth_date=payload.birth_date,
            sex=payload.sex,
            category=payload.category,
            actor=request.user,
            on=timezone.localdate(),
        )
    except DomainError as error:
        return refused(error)
    return Status(200, _with_wage(request, Worker.objects.filter(pk=worker.pk)).get())


@router.post(
    "/{worker_id}/wages",
    response={200: WageOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="change_wage",
    summary="Declare a worker's wage with one employer from a date",
)
def post_wage(request: HttpRequest, worker_id: int, payload: WageIn) -> Any:
    """`changed` is 0 when the wage in force on `start` is already `amount`."""
    worker = get_visible_or_404(request.user, Worker.objects.all(), pk=worker_id)
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=payload.employer)
    try:
        changed = change_wage(
            worker=worker,
            employer=employer,
            amount=payload.amount,
            start=payload.start,
            actor=request.user,
        )
    except DomainError as error:
        return refused(error)
    return Status(200, {"changed": changed})
