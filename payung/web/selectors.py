"""Reads the pages share: where a user starts, and the regions a user can pick."""

from collections import Counter
from collections.abc import Iterable

from django.db.models import Q

from payung.core.scope import Scope
from payung.employers.models import Employer
from payung.regions.models import BranchOffice, Level, Region


def common_region(codes: Iterable[str]) -> str | None:
    """The narrowest region holding every code (74.71 and 74.02 → 74).

    Codes in several provinces have none; then the province holding the most codes is taken.
    """
    paths = [code.split(".") for code in codes]
    if not paths:
        return None
    shared: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    if shared:
        return ".".join(shared)
    provinces = Counter(parts[0] for parts in paths)
    return min(provinces, key=lambda code: (-provinces[code], code))


def widest_region(scope: Scope) -> str | None:
    """The region a user starts from: the narrowest one holding every employer it may see.

    A scope of named regions starts from the first of them. A scope of everything starts from
    the employers' common region, else the branch offices' regions, else the first province.
    """
    if not scope.everything:
        return scope.region_codes[0] if scope.region_codes else None
    employer_regions = Employer.objects.in_scope(scope).order_by().values_list("region_id")
    found = common_region(code for (code,) in employer_regions.distinct())
    if found is not None:
        return found
    office_regions = BranchOffice.regions.through.objects.order_by("region_id")
    found = common_region(office_regions.values_list("region_id", flat=True).distinct())
    if found is not None:
        return found
    return Region.objects.filter(level=Level.PROVINCE).values_list("code", flat=True).first()


def pickable_regions(scope: Scope) -> list[Region]:
    """The regions a user can pick on a form: its starting regions and the ones just below."""
    if scope.everything:
        start = widest_region(scope)
        roots: tuple[str, ...] = (start,) if start else ()
    else:
        roots = scope.region_codes
    if not roots:
        return []
    return list(
        Region.objects.in_scope(scope)
        .filter(Q(code__in=roots) | Q(parent_id__in=roots))
        .order_by("code")
    )
