"""Reads of workers' wages."""

from typing import Any

from django.db.models import DecimalField, OuterRef, Subquery

from .models import Wage


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
