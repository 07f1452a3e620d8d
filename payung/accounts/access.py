"""How a user's role becomes a scope; registered as the gate's resolver in apps.py."""

from enum import StrEnum
from typing import Any

from payung.core.access import scope_for
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


class Action(StrEnum):
    """What a page or a button lets a user do; `can` says whether this user may."""

    VIEW_REGION = "view_region"  # obj: a region code (or a Region)
    VIEW_OUTREACH = "view_outreach"
    RECORD_OUTREACH = "record_outreach"
    VIEW_BILLING = "view_billing"
    BILL = "bill"  # issue, finalise, record payments
    IMPORT = "import"
    ISSUE_CERTIFICATE = "issue_certificate"
    PRINT_CARDS = "print_cards"
    BACK_OFFICE = "back_office"


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """Whether `user` may do `action` (on `obj`): the one answer for links, buttons and views.

    Views still narrow every read through the scope gate; this says what to *offer*, and views
    that refuse use it too, so a page never offers what its target refuses.
    """
    scope = scope_for(user)
    whole_employers = scope.unit_ids is None  # a unit operator sees its unit, not the employer
    sees_something = scope.everything or bool(scope.region_codes)
    match Action(action):
        case Action.VIEW_REGION:
            code = getattr(obj, "code", obj)
            return scope.everything or any(
                code == mine or str(code).startswith(f"{mine}.") for mine in scope.region_codes
            )
        case Action.VIEW_OUTREACH | Action.VIEW_BILLING:
            return sees_something and whole_employers
        case Action.RECORD_OUTREACH | Action.BILL | Action.ISSUE_CERTIFICATE:
            return scope.can_write and whole_employers
        case Action.IMPORT | Action.PRINT_CARDS:
            return scope.can_write
        case Action.BACK_OFFICE:
            return bool(getattr(user, "is_staff", False))
