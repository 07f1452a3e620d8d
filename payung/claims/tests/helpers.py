"""Demo workers and officers the claims tests act on."""

from typing import Any

from django.contrib.auth import get_user_model

from payung.accounts.models import Role, RoleAssignment
from payung.regions.models import BranchOffice
from payung.workers.models import Worker


def worker_of(npp: str, unit: str | None = None) -> Worker:
    """The first demo worker of an employer (and unit) enrolled in JKK and JKM, without a claim
    in the demo."""
    workers = Worker.objects.filter(claims__isnull=True).filter(
        employments__employer__npp=npp, enrollments__program="jkm", enrollments__employer__npp=npp
    )
    if unit:
        workers = workers.filter(employments__unit__code=unit)
    found = workers.filter(enrollments__program="jkk").order_by("pk").first()
    assert found is not None
    return found


def second_branch_officer() -> Any:
    """Another officer of the demo branch office, for the four-eyes rule."""
    user, _ = get_user_model().objects.get_or_create(username="cabang2")
    RoleAssignment.objects.update_or_create(
        user=user,
        defaults={"role": Role.BRANCH_OFFICER, "branch_office": BranchOffice.objects.first()},
    )
    return user
