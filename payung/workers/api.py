"""HTTP API: workers, searched by NIK or name."""

from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to
from payung.employers.models import Employer

from .models import Employment, Wage, Worker
from .selectors import wage_in_force

router = Router(tags=["workers"])


class EmploymentOut(Schema):
    employer_id: int
    unit_id: int | None
    start_date: date
    end_date: date | None
    wage: Decimal | None  # as this employer reports it, today or on the employment's last day


class WorkerOut(Schema):
    id: int
    nik: str
    name: str
    birth_date: date
    sex: str
    category: str
    wage: Decimal | None  # the latest in force today among the employers the caller may see
    is_synthetic: bool


class WorkerDetailOut(WorkerOut):
    employments: list[EmploymentOut]


@router.get("/", response=list[WorkerOut])
@paginate
def list_workers(request: HttpRequest, q: str = ""):  # type: ignore[no-untyped-def]
    """Workers the caller may see; `q` is a NIK prefix or part of a name."""
    workers = visible_to(request.user, Worker.objects.all()).search(q)
    return _with_wage(request, workers).order_by("name", "pk")


@router.get("/{worker_id}", response=WorkerDetailOut)
def get_worker(request: HttpRequest, worker_id: int) -> Worker:
    today = timezone.localdate()
    employments = visible_to(request.user, Employment.objects.all()).annotate(
        wage=wage_in_force(Coalesce(OuterRef("end_date"), Value(today)))
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
