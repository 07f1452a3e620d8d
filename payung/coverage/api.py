"""HTTP API: coverage of a region, and the figures reported elsewhere."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, scope_for, visible_to
from payung.core.params import PathText
from payung.core.replica import reads_from_replica
from payung.core.scope import region_subtree
from payung.regions.models import Region

from .models import ReportedFigure
from .schemas import CoverageOut, ReportedFigureOut
from .selectors import region_coverage

router = Router(tags=["coverage"])


@router.get("/coverage/{code}", response=CoverageOut, operation_id="get_coverage")
@reads_from_replica
def coverage(
    request: HttpRequest,
    code: PathText,
    on: date | None = None,
    group: Literal["non_asn", "village_official", "village_facilitator"] | None = None,
) -> dict[str, Any]:
    """Participants under a region on a day (default today), by child region (a province's
    regencies and cities; for village officials, down to villages) or by a regency's work
    units, with the reported figures beside them and those with no participant."""
    region = get_visible_or_404(request.user, Region.objects.all(), code=code)
    day = on or timezone.localdate()
    scope = scope_for(request.user)
    return region_coverage(region=region, on=day, scope=scope, group=group).as_dict()


@router.get(
    "/reported-figures", response=list[ReportedFigureOut], operation_id="list_reported_figures"
)
@reads_from_replica
@paginate
def reported_figures(request: HttpRequest, region: str | None = None):  # type: ignore[no-untyped-def]
    """Figures published elsewhere, for a region and below."""
    figures = visible_to(request.user, ReportedFigure.objects.all())
    if region:
        figures = figures.filter(region_subtree("region_id", region))
    return figures.order_by("region_id", "-as_of", "pk")
