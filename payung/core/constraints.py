"""Database checks of the bounds in `payung.core.bounds`, for the models' Meta.constraints.

Each carries the stable code and a bilingual message, which the back office shows when a form
would break it.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from .bounds import HEAD_COUNT_MAX, YEAR_MAX, YEAR_MIN, Code
from .money import rupiah


def _with_null(condition: Q, field: str, nullable: bool) -> Q:
    return condition | Q(**{f"{field}__isnull": True}) if nullable else condition


def count_in_bounds(field: str, *, name: str, nullable: bool = False) -> models.CheckConstraint:
    """`field`, a count of people, is within 0..HEAD_COUNT_MAX (or null when `nullable`)."""
    condition = Q(**{f"{field}__gte": 0, f"{field}__lte": HEAD_COUNT_MAX})
    maximum_id = f"{HEAD_COUNT_MAX:,}".replace(",", ".")
    return models.CheckConstraint(
        name=name,
        condition=_with_null(condition, field, nullable),
        violation_error_code=Code.COUNT_OUT_OF_RANGE,
        violation_error_message=f"{field}: jumlah harus antara 0 dan {maximum_id} / "
        f"the count must be between 0 and {HEAD_COUNT_MAX:,}",
    )


def amount_in_bounds(
    field: str, *, name: str, minimum: Decimal, maximum: Decimal, nullable: bool = False
) -> models.CheckConstraint:
    """`field`, an amount of Rupiah, is within minimum..maximum (or null when `nullable`)."""
    condition = Q(**{f"{field}__gte": minimum, f"{field}__lte": maximum})
    return models.CheckConstraint(
        name=name,
        condition=_with_null(condition, field, nullable),
        violation_error_code=Code.AMOUNT_OUT_OF_RANGE,
        violation_error_message=f"{field}: jumlah harus antara {rupiah(minimum)} dan "
        f"{rupiah(maximum)} / the amount must be between Rp{minimum:,} and Rp{maximum:,}",
    )


def year_in_bounds(field: str, *, name: str) -> models.CheckConstraint:
    """`field`, a year, is within YEAR_MIN..YEAR_MAX."""
    return models.CheckConstraint(
        name=name,
        condition=Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX}),
        violation_error_code=Code.YEAR_OUT_OF_RANGE,
        violation_error_message=f"{field}: tahun harus antara {YEAR_MIN} dan {YEAR_MAX} / "
        f"the year must be between {YEAR_MIN} and {YEAR_MAX}",
    )
