"""HTTP API: the region tree."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from payung.core.access import get_visible_or_404, visible_to
from payung.core.params import PathText

from .models import Region
from .schemas import (
    RegionOut,
)

router = Router(tags=["regions"])


@router.get("/", response=list[RegionOut])
@paginate
def list_regions(request: HttpRequest, parent: str | None = None, level: str | None = None):  # type: ignore[no-untyped-def]
    """Regions the caller may see, filtered by parent code or level."""
    regions = visible_to(request.user, Region.objects.all())
    if parent:
        regions = regions.filter(parent_id=parent)
    if level:
        regions = regions.filter(level=level)
    return regions


@router.get("/{code}", response=RegionOut)
def get_region(request: HttpRequest, code: PathText) -> Region:
    """One region by Kemendagri code."""
    return get_visible_or_404(request.user, Region.objects.all(), code=code)
