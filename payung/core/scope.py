"""What part of the register a user may see, as plain data the querysets understand."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    """Region subtrees (by Kemendagri code) and, optionally, a set of work units.

    `everything` is the back office's scope; otherwise only objects under one of
    `region_codes` are visible, and when `unit_ids` is set, only those units' workers.
    """

    everything: bool = False
    region_codes: tuple[str, ...] = ()
    unit_ids: tuple[int, ...] | None = None
    can_write: bool = False

    @classmethod
    def nothing(cls) -> "Scope":
        """The scope of an anonymous or unassigned user."""
        return cls()


def region_subtree(field: str, code: str) -> Q:
    """Match `code` and every region below it, as an index-friendly range on the path."""
    # Codes are dotted paths: "74" > "74.71" > "74.71.01"; '/' sorts right after '.'.
    return Q(**{field: code}) | Q(**{f"{field}__gte": f"{code}.", f"{field}__lt": f"{code}/"})


def in_regions(field: str, scope: Scope) -> Q:
    """Match objects whose region code `field` lies under one of the scope's regions."""
    if scope.everything:
        return Q()
    if not scope.region_codes:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    for code in scope.region_codes:
        condition |= region_subtree(field, code)
    return condition


def in_scope(scope: Scope, *, region_field: str, unit_field: str | None = None) -> Q:
    """Match objects under the scope's regions and, for a unit-bound scope, in its units."""
    condition = in_regions(region_field, scope)
    if unit_field and scope.unit_ids is not None:
        condition &= Q(**{f"{unit_field}__in": scope.unit_ids})
    return condition
