"""HTTP API: employers and their work units."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to
from payung.core.params import DatabaseId

from .models import Employer, WorkUnit

router = Router(tags=["employers"])


class EmployerOut(Schema):
    id: int
    kind: str
    region_id: str
    name: str
    npp: str | None
    risk_class: str
    branch_office_id: int | None
    is_synthetic: bool


class WorkUnitOut(Schema):
    id: int
    employer_id: int
    code: str
    name: str


@router.get("/employers", response=list[EmployerOut])
@paginate
def list_employers(request: HttpRequest, region: str | None = None, npp: str | None = None):  # type: ignore[no-untyped-def]
    """Employers the caller may see, by region code (exact) or NPP."""
    employers = visible_to(request.user, Employer.objects.all())
    if region:
        employers = employers.filter(region_id=region)
    if npp:
        employers = employers.filter(npp=npp)
    return employers


@router.get("/employers/{employer_id}", response=EmployerOut)
def get_employer(request: HttpRequest, employer_id: int) -> Employer:
    return get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)


@router.get("/units", response=list[WorkUnitOut])
@paginate
def list_units(request: HttpRequest, employer: DatabaseId | None = None):  # type: ignore[no-untyped-def]
    """Work units the caller may see, optionally of one employer."""
    units = visible_to(request.user, WorkUnit.objects.all())
    return units.filter(employer_id=employer) if employer else units


@router.get("/units/{unit_id}", response=WorkUnitOut)
def get_unit(request: HttpRequest, unit_id: int) -> WorkUnit:
    return get_visible_or_404(request.user, WorkUnit.objects.all(), pk=unit_id)
