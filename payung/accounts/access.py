"""How a user's role becomes a scope; registered as the gate's resolver in apps.py."""

from typing import Any

from payung.core.scope import Scope

from .models import Role, RoleAssignment


def compute_scope(user: Any) -> Scope:
    """Superusers see everything; others see what their one role assignment covers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope.nothing()
    if user.is_superuser:
        return Scope(everything=True, can_write=True)
    assignment = (
        RoleAssignment.objects.select_related("unit__employer").filter(user_id=user.pk).first()
    )
    if assignment is None:
        return Scope.nothing()
    match assignment.role:
        case Role.BRANCH_OFFICER:
            office = assignment.branch_office
            assert office is not None
            codes = tuple(office.regions.values_list("code", flat=True))
            return Scope(region_codes=codes, can_write=True)
        case Role.REGION_OFFICER:
            assert assignment.region_id is not None
            return Scope(region_codes=(assignment.region_id,), can_write=True)
        case Role.UNIT_OPERATOR:
            unit = assignment.unit
            assert unit is not None
            return Scope(
                region_codes=(unit.employer.region_id,), unit_ids=(unit.pk,), can_write=True
            )
        case _:
            if assignment.region_id:
                return Scope(region_codes=(assignment.region_id,))
            return Scope(everything=True)
