"""Reads of workers: the wage in force, who sees a worker's full identity, and the search each
reader may make.

Roles that may change the register (officers, unit operators, the back office) see the full NIK,
birth date and sex of the workers in their scope: they check them against ID cards and BPJS's
records. A read-only viewer sees the NIK masked (`nik.mask_nik`) and never the birth date or sex
beside it, which together give back digits 7-12 of the NIK. See docs/security.md.
"""

from typing import Any

from django.db.models import DecimalField, OuterRef, Subquery

from payung.core.access import scope_for
from payung.core.scope import Scope

from .models import Wage, Worker, WorkerQuerySet
from .nik import mask_nik


def wage_in_force(
    on: Any, *, employer_ref: str = "employer_id", worker_ref: str = "worker_id"
) -> Subquery:
    """The wage the outer row's employer reports for its worker on `on` (a date or expression).

    For annotating a queryset of rows that name an employer and a worker (employments,
    enrolments): None where no wage was declared by then.
    """
    latest = (
        Wage.objects.filter(
            employer_id=OuterRef(employer_ref), worker_id=OuterRef(worker_ref), start_date__lte=on
        )
        .order_by("-start_date")
        .values("amount")[:1]
    )
    return Subquery(latest, output_field=DecimalField(max_digits=14, decimal_places=2))


def sees_full_identity(scope: Scope) -> bool:
    """Whether the reader sees full NIKs, birth dates and sexes: only roles that may write."""
    return scope.can_write


def shown_nik(scope: Scope, nik: str) -> str:
    """The NIK as this reader may see it: full for writers, masked for read-only roles."""
    return nik if sees_full_identity(scope) else mask_nik(nik)


def search_workers(user: Any, text: str) -> WorkerQuerySet:
    """Workers the user may see that match `text` (a name part, or NIK digits).

    A read-only reader finds a worker by the whole NIK only: answering NIK prefixes would let it
    read any NIK digit by digit from the result counts.
    """
    scope = scope_for(user)
    visible = Worker.objects.in_scope(scope)
    return visible.search(text, nik_prefix=sees_full_identity(scope))
