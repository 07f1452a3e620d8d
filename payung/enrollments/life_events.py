"""Writes of a worker's working life, one at a time from the pages, the API and the CLI: a
worker joins, moves to another unit or employer, leaves, or dies. Each is one atomic service,
checked against what the actor may change (the import's rules), with history.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from payung.core.access import writer_scope
from payung.core.errors import Refusal
from payung.core.history import CHANGED, record_bulk_history
from payung.employers.models import Employer, WorkUnit
from payung.workers.models import Category, Employment, Wage, Worker
from payung.workers.services import (
    WorkerRefused,
    check_dates,
    check_identity,
    check_wage,
    check_whole_worker,
    declare_wage,
    not_allowed,
    writable_employments,
)

from .models import EndReason, Enrollment, Program
from .selectors import employments_open_after, enrollments_open_after
from .services import (
    EnrollmentRefused,
    check_end_reason,
    end_enrollment,
    end_enrollments,
    enroll_workers,
)

DEATH_ENDS_AFTER = timedelta(days=1)
"""A death ends employments and enrolments the day after it (that day is their last)."""


@dataclass
class AddResult:
    """The worker added (or found by NIK and placed), and what the office should know."""

    worker: Worker
    created: bool
    enrolled: int
    warnings: list[Refusal] = field(default_factory=list)


def writable_employer(*, employer: Employer, actor: Any) -> None:
    """Refuse unless `actor` may change the register of `employer`."""
    scope = writer_scope(actor)
    if not (scope.can_write and Employer.objects.in_scope(scope).filter(pk=employer.pk).exists()):
        raise not_allowed("mengubah data pemberi kerja ini", "change this employer", "employer")


def writable_unit(*, employer: Employer, unit: WorkUnit | None, actor: Any) -> None:
    """Refuse a unit of another employer, one outside the actor's scope, or no unit for an
    operator bound to its unit (the import's rule, `imports.services.allowed_unit`)."""
    scope = writer_scope(actor)
    if unit is None:
        if scope.unit_ids is not None:
            raise WorkerRefused(
                Refusal(
                    "unit_required",
                    "Pilih unit kerja Anda: operator unit hanya boleh mengubah unitnya sendiri.",
                    "Choose your work unit: a unit operator may change only its own unit.",
                    field="unit",
                )
            )
        return
    if unit.employer_id != employer.pk:
        raise WorkerRefused(
            Refusal(
                "unit_unknown",
                f"{unit.name} bukan unit kerja {employer.name}.",
                f"{unit.name} is not a work unit of {employer.name}.",
                field="unit",
            )
        )
    if not WorkUnit.objects.in_scope(scope).filter(pk=unit.pk).exists():
        raise not_allowed("mengubah unit kerja ini", "change this work unit", "unit")


def _check_programs(programs: Sequence[str]) -> None:
    unknown = [program for program in programs if program not in Program.values]
    if unknown or not programs:
        raise EnrollmentRefused(
            Refusal(
                "program_unknown",
                f"Program tidak dikenal: {', '.join(unknown) or '(kosong)'}.",
                f"Unknown program: {', '.join(unknown) or '(none)'}.",
                field="programs",
            )
        )


def add_worker(
    *,
    nik: str,
    name: str,
    birth_date: date,
    sex: str,
    employer: Employer,
    unit: WorkUnit | None,
    start: date,
    wage: Decimal | None,
    programs: Sequence[str],
    actor: Any,
    category: str = Category.NON_ASN,
    kpj: str = "",
) -> AddResult:
    """Add one worker to `employer` (in `unit`) from `start`: employment, wage, enrolments.

    The NIK is checked as the import checks it (`nik.validate_nik`: 16 digits, a province, a
    birth date and sex that agree). A NIK already in the register is that worker: they are
    placed with this employer and their identity is left as it is (a warning says so when the
    form differs), as a roster import does.
    """
    check_dates(birth_date=birth_date, start=start)
    writable_employer(employer=employer, actor=actor)
    writable_unit(employer=employer, unit=unit, actor=actor)
    _check_programs(programs)
    name, info = check_identity(
        nik=nik, name=name, birth_date=birth_date, sex=sex, category=category
    )
    if wage is not None:
        wage = check_wage(wage)
    warnings: list[Refusal] = []
    with transaction.atomic():
        worker = Worker.objects.select_for_update().filter(nik=info.nik).first()
        created = worker is None
        if worker is None:
            worker = Worker(
                nik=info.nik, name=name, birth_date=info.birth_date, sex=info.sex, category=category
            )
            worker._history_user = actor  # type: ignore[attr-defined]
            worker._change_reason = "Pekerja ditambahkan"  # type: ignore[attr-defined]
            worker.save()
        else:
            current = Employment.objects.filter(worker=worker, employer=employer).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=start)
            )
            if current.exists():
                raise WorkerRefused(
                    Refusal(
                        "worker_already_employed",
                        f"Pekerja dengan NIK ini sudah bekerja pada {employer.name}; gunakan "
                        "halaman pekerja untuk memindahkan atau mengubahnya.",
                        f"The worker with this NIK already works for {employer.name}; use the "
                        "worker's page to move or change them.",
                        field="nik",
                    )
                )
            if (worker.name, worker.birth_date, worker.sex, worker.category) != (
                name,
                info.birth_date,
                info.sex,
                category,
            ):
                warnings.append(
                    Refusal(
                        "identity_left_unchanged",
                        "NIK ini sudah terdaftar: pekerja ditempatkan, tetapi nama, tanggal "
                        "lahir, jenis kelamin dan kategori di register tidak diubah (perbaiki "
                        "di halaman pekerja).",
                        "This NIK is already registered: the worker was placed, but the name, "
                        "birth date, sex and category in the register were left as they are "
                        "(correct them on the worker's page).",
                        field="name",
                    )
                )
        employment = Employment(worker=worker, employer=employer, unit=unit, start_date=start)
        employment._history_user = actor  # type: ignore[attr-defined]
        employment._change_reason = "Pekerja ditambahkan"  # type: ignore[attr-defined]
        employment.save()
        if wage is not None:
            declare_wage(
                worker=worker,
                employer=employer,
                amount=wage,
                start=start,
                actor=actor,
                reason="Pekerja ditambahkan",
            )
        enrolled = _enrol(
            worker=worker, employer=employer, programs=programs, start=start, kpj=kpj, actor=actor
        )
    if not created:
        others = (
            Enrollment.objects.active_on(start)
            .filter(worker=worker)
            .exclude(employer=employer)
            .values_list("employer__name", flat=True)
            .distinct()
        )
        visible = set(
            Employer.objects.in_scope(writer_scope(actor))
            .filter(enrollments__in=Enrollment.objects.filter(worker=worker))
            .values_list("name", flat=True)
        )
        names = sorted({name if name in visible else "pemberi kerja lain" for name in others})
        if names:
            names_en = [n if n in visible else "another employer" for n in names]
            warnings.append(
                Refusal(
                    "nik_enrolled_elsewhere",
                    f"Pekerja ini juga terdaftar sebagai peserta pada {', '.join(names)}.",
                    f"This worker is also enrolled with {', '.join(names_en)}.",
                    field="nik",
                )
            )
    return AddResult(worker=worker, created=created, enrolled=enrolled, warnings=warnings)


def _enrol(
    *,
    worker: Worker,
    employer: Employer,
    programs: Sequence[str],
    start: date,
    kpj: str,
    actor: Any,
    reason: str = "Pekerja ditambahkan",
) -> int:
    """Enrol one worker in `programs` from `start`, with the KPJ number when there is one."""
    before = set(Enrollment.objects.filter(worker=worker, employer=employer).values_list("pk"))
    enrolled = enroll_workers(
        worker_ids=[worker.pk],
        employer=employer,
        programs=programs,
        start=start,
        actor=actor,
        reason=reason,
    )
    if kpj:
        new = Enrollment.objects.filter(worker=worker, employer=employer).exclude(
            pk__in=[pk for (pk,) in before]
        )
        ids = list(new.values_list("pk", flat=True))
        Enrollment.objects.filter(pk__in=ids).update(kpj=kpj)
        record_bulk_history(
            Enrollment.objects.filter(pk__in=ids),
            history_type=CHANGED,
            actor=actor,
            reason="Nomor KPJ",
        )
    return enrolled


def _writable_employment(*, employment: Employment, actor: Any) -> None:
    if not writable_employments(worker=employment.worker, actor=actor).filter(pk=employment.pk):
        raise not_allowed(
            "mengubah hubungan kerja ini", "change this employment", field="employment"
        )


def move_worker(
    *,
    employment: Employment,
    to_employer: Employer,
    to_unit: WorkUnit | None,
    on: date,
    actor: Any,
    wage: Decimal | None = None,
) -> Employment:
    """Move a worker to another unit or employer from `on`; returns the new employment.

    The old employment's last day is the day before `on` and the new one starts on `on`: no day
    uncovered, none covered twice. Moving to another employer ends the old employer's enrolments
    the same day (reason `transferred`) and enrols the worker with the new employer in the same
    programs from `on`, keeping the KPJ number; the wage is the one given, else the old
    employer's. Within one employer the enrolments (the employer's) simply go on.
    """
    check_dates(on=on)
    _writable_employment(employment=employment, actor=actor)
    writable_employer(employer=to_employer, actor=actor)
    writable_unit(employer=to_employer, unit=to_unit, actor=actor)
    if (to_employer.pk, getattr(to_unit, "pk", None)) == (
        employment.employer_id,
        employment.unit_id,
    ):
        raise WorkerRefused(
            Refusal(
                "move_same_place",
                "Pekerja sudah bekerja di unit kerja ini.",
                "The worker already works in this work unit.",
                field="unit",
            )
        )
    last_day = on - timedelta(days=1)
    _check_open(employment, last_day, field="on")
    if wage is not None:
        wage = check_wage(wage)
    worker = employment.worker
    other_employer = to_employer.pk != employment.employer_id
    with transaction.atomic():
        employment.end_date = last_day
        employment._history_user = actor  # type: ignore[attr-defined]
        employment._change_reason = str(EndReason.TRANSFERRED.label)  # type: ignore[attr-defined]
        employment.save(update_fields=["end_date"])
        moved = Employment(worker=worker, employer=to_employer, unit=to_unit, start_date=on)
        moved._history_user = actor  # type: ignore[attr-defined]
        moved._change_reason = str(EndReason.TRANSFERRED.label)  # type: ignore[attr-defined]
        moved.save()
        if other_employer:
            enrollments = Enrollment.objects.filter(
                worker=worker, employer_id=employment.employer_id
            ).active_on(on)
            carried = list(enrollments.values_list("program", "kpj"))
            end_enrollments(
                enrollments=enrollments, on=last_day, reason=EndReason.TRANSFERRED, actor=actor
            )
            if carried:
                _enrol(
                    worker=worker,
                    employer=to_employer,
                    programs=sorted({program for program, _ in carried}),
                    start=on,
                    kpj=next((number for _, number in carried if number), ""),
                    actor=actor,
                    reason=str(EndReason.TRANSFERRED.label),
                )
            amount = wage or _wage_on(worker, employment.employer_id, last_day)
            if amount is not None:
                declare_wage(
                    worker=worker,
                    employer=to_employer,
                    amount=amount,
                    start=on,
                    actor=actor,
                    reason=str(EndReason.TRANSFERRED.label),
                )
        elif wage is not None:
            declare_wage(
                worker=worker,
                employer=to_employer,
                amount=wage,
                start=on,
                actor=actor,
                reason=str(EndReason.TRANSFERRED.label),
            )
    return moved


def _wage_on(worker: Worker, employer_id: int, day: date) -> Decimal | None:
    found = (
        Wage.objects.filter(worker=worker, employer_id=employer_id)
        .in_force_on(day)
        .values_list("amount", flat=True)
        .first()
    )
    return found


def _check_open(employment: Employment, last_day: date, *, field: str) -> None:
    """Refuse ending `employment` on `last_day` before it began or after it already ended."""
    if last_day < employment.start_date:
        raise WorkerRefused(
            Refusal(
                "end_before_start",
                f"Hubungan kerja ini baru mulai {employment.start_date:%d-%m-%Y}: tanggal "
                "berakhirnya tidak boleh sebelum itu.",
                f"This employment began on {employment.start_date:%d-%m-%Y}: it cannot end "
                "before that.",
                field=field,
            )
        )
    if employment.end_date is not None and employment.end_date <= last_day:
        raise WorkerRefused(
            Refusal(
                "already_ended",
                f"Hubungan kerja ini sudah berakhir pada {employment.end_date:%d-%m-%Y}.",
                f"This employment already ended on {employment.end_date:%d-%m-%Y}.",
                field=field,
            )
        )


def end_employment(*, employment: Employment, on: date, reason: str, actor: Any) -> int:
    """End an employment on `on` (its last day) with one of the `EndReason`s, and with it the
    worker's enrolments with that employer unless another employment there goes on.

    Returns the number of enrolments ended.
    """
    check_dates(on=on)
    _writable_employment(employment=employment, actor=actor)
    check_end_reason(reason)
    _check_open(employment, on, field="on")
    with transaction.atomic():
        employment.end_date = on
        employment._history_user = actor  # type: ignore[attr-defined]
        employment._change_reason = str(EndReason(reason).label)  # type: ignore[attr-defined]
        employment.save(update_fields=["end_date"])
        goes_on = (
            Employment.objects.filter(
                worker_id=employment.worker_id, employer=employment.employer_id
            )
            .exclude(pk=employment.pk)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
            .exists()
        )
        if goes_on:
            return 0
        return end_enrollments(
            enrollments=Enrollment.objects.filter(
                worker_id=employment.worker_id, employer_id=employment.employer_id
            ),
            on=on,
            reason=reason,
            actor=actor,
        )


def end_one_enrollment(*, enrollment: Enrollment, on: date, reason: str, actor: Any) -> Enrollment:
    """End one enrolment (one program) on `on`, if `actor` may change it."""
    check_dates(on=on)
    scope = writer_scope(actor)
    if not (scope.can_write and Enrollment.objects.in_scope(scope).filter(pk=enrollment.pk)):
        raise not_allowed("mengubah kepesertaan ini", "change this enrolment", "enrollment")
    return end_enrollment(enrollment=enrollment, on=on, reason=reason, actor=actor)


@dataclass(frozen=True)
class DeathResult:
    last_day: date
    employments: int
    enrollments: int


def check_death(*, worker: Worker, died_on: date, actor: Any) -> date:
    """Refuse a death `actor` may not record, or one that ends nothing; else the last day.

    Like a correction of identity, refused unless `actor` may change every employment of the
    worker open on that day: a death is the person's, not one employer's.
    """
    check_dates(died_on=died_on)
    check_whole_worker(worker=worker, actor=actor, on=died_on)
    last_day = died_on + DEATH_ENDS_AFTER
    if (
        not employments_open_after(worker=worker, last_day=last_day).exists()
        and not enrollments_open_after(worker=worker, last_day=last_day).exists()
    ):
        raise WorkerRefused(
            Refusal(
                "nothing_to_end",
                f"Tidak ada hubungan kerja atau kepesertaan yang masih berjalan pada "
                f"{died_on:%d-%m-%Y}.",
                f"No employment or enrolment is still running on {died_on:%d-%m-%Y}.",
                field="died_on",
            )
        )
    return last_day


def record_death(*, worker: Worker, died_on: date, actor: Any) -> DeathResult:
    """Record a death: every employment and enrolment open then ends the day after, reason
    `death` (see `check_death` for who may)."""
    last_day = check_death(worker=worker, died_on=died_on, actor=actor)
    employments = employments_open_after(worker=worker, last_day=last_day)
    enrollments = enrollments_open_after(worker=worker, last_day=last_day)
    reason = str(EndReason.DEATH.label)
    with transaction.atomic():
        ids = list(employments.values_list("pk", flat=True))
        Employment.objects.filter(pk__in=ids).update(end_date=last_day)
        record_bulk_history(
            Employment.objects.filter(pk__in=ids), history_type=CHANGED, actor=actor, reason=reason
        )
        ended = end_enrollments(
            enrollments=enrollments, on=last_day, reason=EndReason.DEATH, actor=actor
        )
    return DeathResult(last_day=last_day, employments=len(ids), enrollments=ended)


__all__ = [
    "AddResult",
    "DeathResult",
    "EnrollmentRefused",
    "WorkerRefused",
    "add_worker",
    "check_death",
    "end_employment",
    "end_one_enrollment",
    "move_worker",
    "record_death",
]
