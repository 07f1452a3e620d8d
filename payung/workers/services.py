"""Writes of workers: their wages (an employer declares one from a date) and the correction of
their identity; each change in history, each checked against what the actor may change."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from payung.core.access import writer_scope
from payung.core.bounds import date_refusal
from payung.core.errors import DomainError, Refusal
from payung.core.history import CHANGED, CREATED, record_bulk_history
from payung.core.scope import Scope
from payung.employers.models import Employer

from . import nik as nik_rules
from .models import WAGE_MAX, Category, Employment, EmploymentQuerySet, Wage, Worker


class WorkerRefused(DomainError):
    """A change to a worker that the rules or the actor's scope do not allow."""


def check_dates(**dates: date | None) -> None:
    """Refuse dates whose year is outside the bounds people may type (`core.bounds`)."""
    refusals = [
        refusal
        for name, value in dates.items()
        if (refusal := date_refusal(value, name)) is not None
    ]
    if refusals:
        raise WorkerRefused(*refusals)


def not_allowed(what_id: str, what_en: str, field: str = "") -> WorkerRefused:
    """The refusal of a change outside what the actor may change."""
    return WorkerRefused(
        Refusal(
            "not_allowed",
            f"Anda tidak berhak {what_id}.",
            f"You may not {what_en}.",
            field=field,
        )
    )


def writable_employments(*, worker: Worker, actor: Any) -> EmploymentQuerySet:
    """The worker's employments `actor` may change (none for a read-only actor)."""
    scope = writer_scope(actor)
    if not scope.can_write:
        return Employment.objects.none()
    return Employment.objects.in_scope(scope).filter(worker=worker)


def open_outside(*, worker: Worker, scope: Scope, on: date) -> EmploymentQuerySet:
    """The worker's employments open on or after `on` that `scope` may not change."""
    return (
        Employment.objects.filter(worker=worker)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(pk__in=Employment.objects.in_scope(scope).values("pk"))
    )


def check_whole_worker(*, worker: Worker, actor: Any, on: date) -> None:
    """Refuse unless `actor` may change every employment of the worker open on or after `on`.

    The import's rule for a worker's identity: a person who also works where the actor may not
    change is shared, and only an officer whose scope covers all their employers changes them.
    """
    scope = writer_scope(actor)
    if not writable_employments(worker=worker, actor=actor).exists():
        raise not_allowed("mengubah pekerja ini", "change this worker")
    if open_outside(worker=worker, scope=scope, on=on).exists():
        raise WorkerRefused(
            Refusal(
                "worker_outside_scope",
                "Pekerja ini juga bekerja di luar wewenang Anda: data dirinya hanya dapat diubah "
                "oleh petugas yang wewenangnya mencakup semua pemberi kerjanya.",
                "This worker also works outside what you may change: only an officer whose "
                "scope covers all their employers may change them.",
            )
        )


def check_identity(
    *, nik: str, name: str, birth_date: date, sex: str, category: str
) -> tuple[str, nik_rules.NikInfo]:
    """The name with its spaces tidied and what the NIK says, or every refusal of the identity
    at once: a blank name, an unknown category, a NIK the birth date or sex contradict (the
    import's rules, `nik.validate_nik`)."""
    name = " ".join(name.split())
    refusals: list[Refusal] = []
    if not name:
        refusals.append(
            Refusal("name_blank", "Nama wajib diisi.", "The name is required.", field="name")
        )
    if category not in Category.values:
        refusals.append(
            Refusal(
                "category_unknown",
                f"Kategori tidak dikenal: {category!r}.",
                f"Unknown category: {category!r}.",
                field="category",
            )
        )
    info = None
    try:
        info = nik_rules.validate_nik(nik, birth_date=birth_date, sex=sex)
    except DomainError as error:
        refusals.extend(error.refusals)
    if refusals or info is None:
        raise WorkerRefused(*refusals)
    return name, info


def correct_identity(
    *,
    worker: Worker,
    name: str,
    birth_date: date,
    sex: str,
    category: str,
    actor: Any,
    on: date,
    reason: str = "",
) -> Worker:
    """Correct a worker's name, birth date, sex or category (the NIK stays: it is the key).

    Refused unless `actor` may change every employment of the worker open on `on`, or when the
    birth date or sex contradict the NIK (the import's rules, `nik.validate_nik`).
    """
    check_dates(birth_date=birth_date, on=on)
    check_whole_worker(worker=worker, actor=actor, on=on)
    name, _ = check_identity(
        nik=worker.nik, name=name, birth_date=birth_date, sex=sex, category=category
    )
    changed = [
        field
        for field, value in (
            ("name", name),
            ("birth_date", birth_date),
            ("sex", sex.upper()),
            ("category", category),
        )
        if getattr(worker, field) != value
    ]
    if not changed:
        return worker
    with transaction.atomic():
        worker.name, worker.birth_date, worker.sex, worker.category = (
            name,
            birth_date,
            sex.upper(),
            category,
        )
        worker._history_user = actor  # type: ignore[attr-defined]
        worker._change_reason = reason or "Koreksi data diri"  # type: ignore[attr-defined]
        worker.save(update_fields=changed)
    return worker


def change_wage(
    *, worker: Worker, employer: Employer, amount: Decimal, start: date, actor: Any
) -> int:
    """`employer` declares the worker's wage from `start`, if `actor` may change that employment."""
    check_dates(start=start)
    if not writable_employments(worker=worker, actor=actor).filter(employer=employer).exists():
        raise not_allowed(
            "mengubah upah pekerja ini pada pemberi kerja ini",
            "change this worker's wage with this employer",
            field="employer",
        )
    return declare_wage(
        worker=worker,
        employer=employer,
        amount=amount,
        start=start,
        actor=actor,
        reason="Perubahan upah",
    )


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
