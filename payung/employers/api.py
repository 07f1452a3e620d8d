"""HTTP API: employers and their work units."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to
from payung.core.api_schemas import RefusedOut, refused
from payung.core.errors import DomainError
from payung.core.params import DatabaseId

from .models import Employer, WorkUnit
from .schemas import (
    EmployerIn,
    EmployerOut,
    NewUnitIn,
    UnitIn,
    WorkUnitOut,
)
from .services import EmployerFields, create_employer, create_unit, update_employer, update_unit

router = Router(tags=["employers"])


def _fields(payload: EmployerIn) -> EmployerFields:
    return EmployerFields(
        kind=payload.kind,
        region_code=payload.region,
        name=payload.name,
        npp=payload.npp,
        risk_class=payload.risk_class,
    )


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


@router.post(
    "/employers",
    response={201: EmployerOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="create_employer",
    summary="Create an employer in a region the caller's scope covers",
)
def post_employer(request: HttpRequest, payload: EmployerIn) -> Any:
    """Officers only (not unit operators or viewers); the kind must fit the region's level."""
    try:
        return Status(201, create_employer(fields=_fields(payload), actor=request.user))
    except DomainError as error:
        return refused(error)


@router.put(
    "/employers/{employer_id}",
    response={200: EmployerOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="update_employer",
    summary="Edit an employer",
)
def put_employer(request: HttpRequest, employer_id: int, payload: EmployerIn) -> Any:
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    try:
        return Status(
            200, update_employer(employer=employer, fields=_fields(payload), actor=request.user)
        )
    except DomainError as error:
        return refused(error)


@router.post(
    "/units",
    response={201: WorkUnitOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="create_unit",
    summary="Create a work unit, with its own JKK risk class where its work differs",
)
def post_unit(request: HttpRequest, payload: NewUnitIn) -> Any:
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=payload.employer)
    try:
        unit = create_unit(
            employer=employer,
            code=payload.code,
            name=payload.name,
            risk_class=payload.risk_class,
            actor=request.user,
        )
    except DomainError as error:
        return refused(error)
    return Status(201, unit)


@router.put(
    "/units/{unit_id}",
    response={200: WorkUnitOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="update_unit",
    summary="Edit a work unit",
)
def put_unit(request: HttpRequest, unit_id: int, payload: UnitIn) -> Any:
    unit = get_visible_or_404(request.user, WorkUnit.objects.select_related("employer"), pk=unit_id)
    try:
        unit = update_unit(
            unit=unit,
            code=payload.code,
            name=payload.name,
            risk_class=payload.risk_class,
            actor=request.user,
        )
    except DomainError as error:
        return refused(error)
    return Status(200, unit)
