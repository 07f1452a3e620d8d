"""Writes to enrolments: enrol workers in programs, end an enrolment; each change in history."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from payung.core.errors import DomainError, Refusal
from payung.core.history import CHANGED, CREATED, record_bulk_history
from payung.employers.models import Employer

from .models import EndReason, Enrollment, Program
from .tally import reconciling_workers

_CHUNK = 10_000


class EnrollmentRefused(DomainError):
    """An enrolment change the rules do not allow."""


def enroll_workers(
    *,
    worker_ids: Iterable[int],
    employer: Employer,
    programs: Sequence[str],
    start: date,
    actor: Any,
    reason: str = "",
) -> int:
    """Enrol each worker in each program from `start`, unless an enrolment already overlaps.

    Returns the number of enrolments created; set-based (one bulk insert, one history insert
    per chunk of 10,000).
    """
    unknown = [program for program in programs if program not in Program.values]
    if unknown:
        raise EnrollmentRefused(
            Refusal(
                "program_unknown",
                f"Program tidak dikenal: {', '.join(unknown)}.",
                f"Unknown program: {', '.join(unknown)}.",
                field="programs",
            )
        )
    ids = sorted(set(worker_ids))
    with transaction.atomic(), reconciling_workers(ids):
        taken: set[tuple[int, str]] = set()
        for chunk in _chunks(ids):
            taken.update(
                Enrollment.objects.filter(
                    employer=employer, worker_id__in=chunk, program__in=programs
                )
                .overlapping(start=start, end=None)
                .values_list("worker_id", "program")
            )
        created = Enrollment.objects.bulk_create(
            (
                Enrollment(
                    worker_id=worker_id, employer=employer, program=program, start_date=start
                )
                for worker_id in ids
                for program in programs
                if (worker_id, program) not in taken
            ),
            batch_size=2000,
        )
        for chunk in _chunks([enrollment.pk for enrollment in created]):
            record_bulk_history(
                Enrollment.objects.filter(pk__in=chunk),
                history_type=CREATED,
                actor=actor,
                reason=reason,
            )
    return len(created)


def end_enrollment(*, enrollment: Enrollment, on: date, reason: str, actor: Any) -> Enrollment:
    """End one enrolment on `on` (the last day covered), for one of the `EndReason`s."""
    check_end_reason(reason)
    if on < enrollment.start_date:
        raise EnrollmentRefused(
            Refusal(
                "end_before_start",
                f"Tanggal berakhir {on:%d-%m-%Y} sebelum tanggal mulai "
                f"{enrollment.start_date:%d-%m-%Y}.",
                f"End date {on:%d-%m-%Y} is before the start date "
                f"{enrollment.start_date:%d-%m-%Y}.",
                field="on",
            )
        )
    if enrollment.end_date is not None and enrollment.end_date <= on:
        raise EnrollmentRefused(
            Refusal(
                "already_ended",
                f"Kepesertaan ini sudah berakhir pada {enrollment.end_date:%d-%m-%Y}.",
                f"This enrolment already ended on {enrollment.end_date:%d-%m-%Y}.",
                field="on",
            )
        )
    with transaction.atomic():
        enrollment.end_date = on
        enrollment.end_reason = reason
        enrollment._history_user = actor  # type: ignore[attr-defined]
        enrollment._change_reason = EndReason(reason).label  # type: ignore[attr-defined]
        enrollment.save(update_fields=["end_date", "end_reason"])
    return enrollment


def end_enrollments(*, enrollments: QuerySet[Enrollment], on: date, reason: str, actor: Any) -> int:
    """End on `on` every enrolment of the queryset that covers it and began by then (set-based)."""
    check_end_reason(reason)
    ending = enrollments.filter(Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on)
    ids = list(ending.order_by().values_list("pk", flat=True))
    workers = list(ending.order_by().values_list("worker_id", flat=True).distinct())
    with transaction.atomic(), reconciling_workers(workers):
        for chunk in _chunks(ids):
            Enrollment.objects.filter(pk__in=chunk).update(end_date=on, end_reason=reason)
            record_bulk_history(
                Enrollment.objects.filter(pk__in=chunk),
                history_type=CHANGED,
                actor=actor,
                reason=str(EndReason(reason).label),
            )
    return len(ids)


def check_end_reason(reason: str) -> None:
    """Refuse a reason that is not one of the `EndReason`s."""
    if reason not in EndReason.values:
        raise EnrollmentRefused(
            Refusal(
                "end_reason_unknown",
                f"Alasan berakhir tidak dikenal: {reason!r}.",
                f"Unknown end reason: {reason!r}.",
                field="reason",
            )
        )


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
