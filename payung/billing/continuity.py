"""Reads: which months an employer owes a bill for and has none final (unbilled), and estimates.

Every month from an employer's first enrolment to a day has either a final bill or is unbilled,
once its due date has passed and at least one enrolment was active in it (a month in which all
workers had left owes nothing). A draft does not count as billed: nobody can pay it.
"""

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import Count, OuterRef, Subquery

from payung.employers.models import Employer
from payung.enrollments.models import Enrollment
from payung.rules.formulas import contribution, due_date
from payung.rules.loader import load_parameters
from payung.workers.models import Wage

from .models import Bill, BillState
from .periods import month_end, parse_period


def month_index(day: date) -> int:
    """Months since year 0: consecutive months have consecutive indexes."""
    return day.year * 12 + day.month - 1


def month_of(index: int) -> date:
    """The first day of the month with `index`."""
    return date(index // 12, index % 12 + 1, 1)


def period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@cache
def _due(index: int) -> date:
    return due_date(period=month_of(index), parameters=load_parameters())


def last_due_month(on: date) -> int:
    """The index of the last month whose contribution was due before `on`."""
    index = month_index(on)
    while _due(index) >= on:
        index -= 1
    return index


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Month ranges (first, last) merged into disjoint ranges, oldest first."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def active_months(employer_ids: Iterable[int], *, through: int) -> dict[int, list[int]]:
    """Each employer's months (indexes, oldest first, up to `through`) with an active enrolment.

    One query reads the distinct (employer, start, end) combinations, far fewer than enrolments.
    """
    return {
        employer_id: [m for first, last in spans for m in range(first, last + 1)]
        for employer_id, spans in active_spans(employer_ids, through=through).items()
    }


def active_spans(employer_ids: Iterable[int], *, through: int) -> dict[int, list[tuple[int, int]]]:
    """`active_months` as disjoint ranges of month indexes (first, last), oldest first."""
    ranges: dict[int, list[tuple[int, int]]] = {}
    rows = (
        Enrollment.objects.filter(employer_id__in=list(employer_ids))
        .values_list("employer_id", "start_date", "end_date")
        .order_by()  # no default ordering: its columns would join the DISTINCT
        .distinct()
    )
    for employer_id, start, end in rows:
        last = min(month_index(end), through) if end else through
        if month_index(start) <= last:
            ranges.setdefault(employer_id, []).append((month_index(start), last))
    return {employer_id: _merged(spans) for employer_id, spans in ranges.items()}


def unbilled_periods(
    employer_ids: Iterable[int], *, on: date, through: str | None = None
) -> dict[int, list[str]]:
    """Each employer's unbilled months ("YYYY-MM", oldest first) as of `on`.

    Up to the last month due before `on`, or up to `through` when given. Employers without an
    unbilled month are left out.
    """
    ids = list(employer_ids)
    last = month_index(parse_period(through)) if through else last_due_month(on)
    final = set(
        Bill.objects.filter(employer_id__in=ids)
        .exclude(state=BillState.DRAFT)
        .values_list("employer_id", "period")
    )
    found: dict[int, list[str]] = {}
    for employer_id, months in active_months(ids, through=last).items():
        missing = [period_of(m) for m in months if (employer_id, period_of(m)) not in final]
        if missing:
            found[employer_id] = missing
    return found


def unbilled_month_counts(employer_ids: Iterable[int], *, on: date) -> dict[int, int]:
    """How many months each employer has unbilled as of `on` (`unbilled_periods`' lengths),
    counted over month ranges without listing the months: a province's page counts them for
    thousands of employers (village governments) over years."""
    ids = list(employer_ids)
    final: dict[int, set[int]] = {}
    for employer_id, period in (
        Bill.objects.filter(employer_id__in=ids)
        .exclude(state=BillState.DRAFT)
        .values_list("employer_id", "period")
    ):
        final.setdefault(employer_id, set()).add(month_index(parse_period(period)))
    counts: dict[int, int] = {}
    for employer_id, spans in active_spans(ids, through=last_due_month(on)).items():
        billed = final.get(employer_id, set())
        active = sum(last - first + 1 for first, last in spans)
        covered = sum(1 for m in billed if any(first <= m <= last for first, last in spans))
        if active > covered:
            counts[employer_id] = active - covered
    return counts


def _change_months(employer_ids: list[int]) -> dict[int, set[int]]:
    """Per employer, the months from which who is enrolled or at what wage may change: an
    enrolment's first month, the month after its last, a wage's first month."""
    changes: dict[int, set[int]] = {pk: set() for pk in employer_ids}
    spans = (
        Enrollment.objects.filter(employer_id__in=employer_ids)
        .values_list("employer_id", "start_date", "end_date")
        .order_by()  # no default ordering: its columns would join the DISTINCT
        .distinct()
    )
    for employer_id, start, end in spans:
        changes[employer_id].add(month_index(start))
        if end is not None:
            changes[employer_id].add(month_index(end) + 1)
    wages = (
        Wage.objects.filter(employer_id__in=employer_ids)
        .values_list("employer_id", "start_date")
        .order_by()  # no default ordering: its columns would join the DISTINCT
        .distinct()
    )
    for employer_id, start in wages:
        changes[employer_id].add(month_index(start))
    return changes


def _combinations(month: date, employer_ids: list[int]) -> dict[int, list[tuple[str, Any, int]]]:
    """Per employer, (program, wage, enrolments) active in the month at the wage in force on its
    last day; enrolments without a wage are left out (a bill does not charge them)."""
    wage = (
        Wage.objects.filter(
            employer_id=OuterRef("employer_id"),
            worker_id=OuterRef("worker_id"),
            start_date__lte=month_end(month),
        )
        .order_by("-start_date")
        .values("amount")[:1]
    )
    rows = (
        Enrollment.objects.filter(employer_id__in=employer_ids)
        .overlapping(start=month, end=month_end(month))
        .annotate(wage=Subquery(wage))
        .values_list("employer_id", "program", "wage")
        .annotate(count=Count("pk"))
        .order_by()
    )
    found: dict[int, list[tuple[str, Any, int]]] = {}
    for employer_id, program, amount, count in rows:
        if amount is not None:
            found.setdefault(employer_id, []).append((program, amount, count))
    return found


def unbilled_estimates(
    unbilled: dict[int, list[str]], employers: dict[int, Employer]
) -> dict[int, Decimal]:
    """What the unbilled months would come to, each by its own month's rules and wages.

    As the bill would compute: each enrolment active in the month at the wage in force on its
    last day. Who is enrolled at what wage is read once per stretch of months in which no
    enrolment starts or ends and no wage changes (one grouped query per such month, over every
    employer needing it); the rules are applied month by month.
    """
    ids = list(unbilled)
    changes = _change_months(ids)
    # For each employer and unbilled month, the month whose enrolments and wages it shares.
    anchors: dict[tuple[int, int], int] = {}
    needed: dict[int, list[int]] = {}
    for employer_id, periods in unbilled.items():
        points = sorted(changes[employer_id])
        for period in periods:
            index = month_index(parse_period(period))
            anchor = bisect_right(points, index) - 1
            key = (employer_id, points[anchor] if anchor >= 0 else -1)
            if key not in anchors:
                anchors[key] = index
                needed.setdefault(index, []).append(employer_id)
    snapshots: dict[tuple[int, int], list[tuple[str, Any, int]]] = {}
    for index, employer_ids in needed.items():
        found = _combinations(month_of(index), employer_ids)
        for employer_id in employer_ids:
            snapshots[(employer_id, index)] = found.get(employer_id, [])
    tree = load_parameters()
    # One worker's contribution for a (program, wage, risk class, kind) is the same in every
    # month of a stretch in which no parameter changes (`ParameterTree.era`): computed once.
    per_worker: dict[tuple[int, str, Any, str | None, str], Decimal] = {}
    totals = {employer_id: Decimal(0) for employer_id in unbilled}
    for employer_id, periods in unbilled.items():
        points = sorted(changes[employer_id])
        employer = employers[employer_id]
        for period in periods:
            month = parse_period(period)
            anchor = bisect_right(points, month_index(month)) - 1
            key = (employer_id, points[anchor] if anchor >= 0 else -1)
            for program, amount, count in snapshots[(employer_id, anchors[key])]:
                rule = (tree.era(month), program, amount, employer.risk_class, employer.kind)
                if rule not in per_worker:
                    line = contribution(
                        on=month,
                        wage=Decimal(str(amount)).quantize(Decimal("0.01")),
                        program=program,
                        risk_class=employer.risk_class,
                        employer_kind=employer.kind,
                        parameters=tree,
                    )
                    per_worker[rule] = line.employer + line.worker
                totals[employer_id] += per_worker[rule] * count
    return totals


def employer_unbilled(employer: Employer, *, on: date) -> tuple[list[str], Decimal]:
    """The employer's unbilled months as of `on` and what they would come to."""
    periods = unbilled_periods([employer.pk], on=on).get(employer.pk, [])
    if not periods:
        return [], Decimal(0)
    return periods, unbilled_estimates({employer.pk: periods}, {employer.pk: employer})[employer.pk]
