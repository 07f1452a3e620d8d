"""Writes of workers' wages: an employer declares a wage from a date; each change in history."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from payung.core.errors import DomainError, Refusal
from payung.core.history import CHANGED, CREATED, record_bulk_history
from payung.employers.models import Employer

from .models import WAGE_MAX, Wage, Worker


def check_wage(amount: Decimal) -> Decimal:
    """The amount in whole cents, or a refusal when it is not a wage (zero, negative, absurd)."""
    if not amount.is_finite() or not 0 < amount <= WAGE_MAX:
        raise DomainError(
            Refusal(
                "wage_out_of_range",
                f"Upah harus lebih dari nol dan paling banyak Rp{WAGE_MAX:,.0f}.".replace(",", "."),
                f"The wage must be greater than zero and at most Rp{WAGE_MAX:,.0f}.",
                field="wage",
            )
        )
    return amount.quantize(Decimal("0.01"))


def declare_wages(
    *,
    workers: QuerySet[Worker],
    employer: Employer,
    amount: Decimal,
    start: date,
    actor: Any,
    reason: str = "",
) -> int:
    """`employer` declares `amount` as the wage of `workers` from `start`; returns how many changed.

    Set-based: a worker whose wage in force on `start` is already `amount` is left alone; one
    whose wage row starts that very day has it corrected; the others get a new row from `start`.
    Earlier rows stay, so a bill for an earlier month still finds the wage of its month.
    """
    amount = check_wage(amount)
    ids = workers.values("pk")
    with transaction.atomic():
        same = Wage.objects.filter(employer=employer, worker_id__in=ids).in_force_on(start)
        unchanged = same.filter(amount=amount).values("worker_id")
        corrected = Wage.objects.filter(employer=employer, worker_id__in=ids, start_date=start)
        corrected = corrected.exclude(worker_id__in=unchanged)
        corrected_ids = list(corrected.values_list("pk", flat=True))
        Wage.objects.filter(pk__in=corrected_ids).update(amount=amount)
        record_bulk_history(
            Wage.objects.filter(pk__in=corrected_ids),
            history_type=CHANGED,
            actor=actor,
            reason=reason,
        )
        new_for = (
            Worker.objects.filter(pk__in=ids)
            .exclude(pk__in=unchanged)
            .exclude(wages__employer=employer, wages__start_date=start)
            .values_list("pk", flat=True)
        )
        created = Wage.objects.bulk_create(
            (
                Wage(employer=employer, worker_id=pk, start_date=start, amount=amount)
                for pk in new_for.iterator()
            ),
            batch_size=2000,
        )
        record_bulk_history(
            Wage.objects.filter(pk__in=[wage.pk for wage in created]),
            history_type=CREATED,
            actor=actor,
            reason=reason,
        )
    return len(corrected_ids) + len(created)


def declare_wage(
    *,
    worker: Worker,
    employer: Employer,
    amount: Decimal,
    start: date,
    actor: Any,
    reason: str = "",
) -> int:
    """One worker's wage from `start` (see `declare_wages`); 0 when it was already that."""
    return declare_wages(
        workers=Worker.objects.filter(pk=worker.pk),
        employer=employer,
        amount=amount,
        start=start,
        actor=actor,
        reason=reason,
    )
