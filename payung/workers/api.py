"""HTTP API: workers, searched by NIK or name."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to

from .models import Worker

router = Router(tags=["workers"])


class EmploymentOut(Schema):
    employer_id: int
    unit_id: int | None
    start_date: date
    end_date: date | None


class WorkerOut(Schema):
    id: int
    nik: str
    name: str
    birth_date: date
    sex: str
    category: str
    wage: Decimal | None
    is_synthetic: bool


class WorkerDetailOut(WorkerOut):
    employments: list[EmploymentOut]


@router.get("/", response=list[WorkerOut])
@paginate
def list_workers(request: HttpRequest, q: str = ""):  # type: ignore[no-untyped-def]
    """Workers the caller may see; `q` is a NIK prefix or part of a name."""
    return visible_to(request.user, Worker.objects.all()).search(q).order_by("name", "pk")


@router.get("/{worker_id}", response=WorkerDetailOut)
def get_worker(request: HttpRequest, worker_id: int) -> Worker:
    return get_visible_or_404(
        request.user, Worker.objects.prefetch_related("employments"), pk=worker_id
    )
