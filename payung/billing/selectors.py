"""Reads of the billing app: arrears per region, an employer's statement, paid-through month."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum

from payung.core.scope import Scope, region_subtree
from payung.employers.models import Employer
from payung.enrollments.models import Enrollment
from payung.rules.explanation import json_ready
from payung.rules.formulas import late_fee
from payung.rules.loader import load_parameters
from payung.workers.models import Worker

from .continuity import (
    employer_unbilled,
    month_index,
    period_of,
    unbilled_estimates,
    unbilled_month_counts,
    unbilled_periods,
)
from .models import Allocation, Bill, BillLine, BillState, LineKind, Payment
from .services import parse_period


def money(value: Decimal) -> str:
    """A JSON amount: whole Rupiah without decimals, otherwise as a decimal string."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else json_ready(value)


@dataclass(frozen=True)
class BillRow:
    """A bill as of a day: what was paid by then, what is owed, and the late fees."""

    bill: Bill
    paid: Decimal
    unpaid: Decimal
    months_late: int
    late_fee: Decimal  # accrued on the part unpaid on the day
    fees_charged: Decimal  # on the parts paid late by the day

    @property
    def fees(self) -> Decimal:
        """The bill's late fees as of the day: charged on late payments plus still accruing."""
        return self.late_fee + self.fees_charged

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.bill.period,
            "state": self.bill.state,
            "due_date": self.bill.due_date.isoformat() if self.bill.due_date else None,
            "payment_code": self.bill.payment_code,
            "participants": self.bill.participants,
            "total": money(self.bill.total),
            "paid": money(self.paid),
            "unpaid": money(self.unpaid),
            "months_late": self.months_late,
            "late_fee": money(self.late_fee),
            "fees_charged": money(self.fees_charged),
            "fees": money(self.fees),
        }


def _rows(bills: Any, on: date, employer_kinds: dict[int, str]) -> list[BillRow]:
    """Each final bill as of `on` (payments dated after `on` not counted)."""
    by_day = Q(allocations__payment__date__lte=on)
    annotated = bills.annotate(
        paid_by=Sum("allocations__amount", filter=by_day),
        fees_by=Sum("allocations__late_fee", filter=by_day),
    )
    tree = load_parameters()
    rows = []
    for bill in annotated:
        paid = Decimal(bill.paid_by or 0)
        unpaid = Decimal(bill.total) - paid
        fee, months = Decimal(0), 0
        if unpaid > 0 and bill.due_date and bill.due_date < on:
            result = late_fee(
                amount=unpaid,
                period=parse_period(bill.period),
                paid_on=on,
                employer_kind=employer_kinds.get(bill.employer_id),
                parameters=tree,
            )
            fee, months = result.amount, result.months_late
        rows.append(BillRow(bill, paid, unpaid, months, fee, Decimal(bill.fees_by or 0)))
    return rows


@dataclass(frozen=True)
class EmployerArrears:
    """An employer's final bills unpaid after their due date, and its months never billed."""

    employer: Employer
    bills: list[BillRow]
    unbilled_periods: list[str] = field(default_factory=list)
    unbilled_estimate: Decimal = Decimal(0)

    @property
    def unpaid(self) -> Decimal:
        return sum((row.unpaid for row in self.bills), Decimal(0))

    @property
    def late_fees(self) -> Decimal:
        return sum((row.late_fee for row in self.bills), Decimal(0))

    @property
    def oldest_period(self) -> str:
        periods = [row.bill.period for row in self.bills[:1]] + self.unbilled_periods[:1]
        return min(periods)

    def as_dict(self) -> dict[str, Any]:
        return {
            "employer": self.employer.npp,
            "name": self.employer.name,
            "region": self.employer.region_id,
            "oldest_period": self.oldest_period,
            "unpaid": money(self.unpaid),
            "late_fees": money(self.late_fees),
            "bills": [row.as_dict() for row in self.bills],
            "unbilled_periods": self.unbilled_periods,
            "unbilled_estimate": money(self.unbilled_estimate),
        }


@dataclass(frozen=True)
class RegionArrears:
    region: str
    on: date
    employers: list[EmployerArrears] = field(default_factory=list)

    @property
    def unpaid(self) -> Decimal:
        return sum((row.unpaid for row in self.employers), Decimal(0))

    @property
    def late_fees(self) -> Decimal:
        return sum((row.late_fees for row in self.employers), Decimal(0))

    @property
    def unbilled_estimate(self) -> Decimal:
        return sum((row.unbilled_estimate for row in self.employers), Decimal(0))

    @property
    def unbilled_months(self) -> int:
        return sum(len(row.unbilled_periods) for row in self.employers)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "on": self.on.isoformat(),
            "employers_in_arrears": len(self.employers),
            "unpaid": money(self.unpaid),
            "late_fees": money(self.late_fees),
            "unbilled_months": self.unbilled_months,
            "unbilled_estimate": money(self.unbilled_estimate),
            "employers": [row.as_dict() for row in self.employers],
        }


def region_arrears(*, region_code: str, on: date, scope: Scope) -> RegionArrears:
    """Employers under the region with final bills unpaid after their due date on `on`, or with
    months never billed whose due date has passed (see `continuity`)."""
    bills = (
        Bill.objects.in_scope(scope)
        .filter(region_subtree("employer__region_id", region_code))
        .exclude(state=BillState.DRAFT)
        .filter(due_date__lt=on)
        .select_related("employer")
        .order_by("employer__region_id", "employer__name", "period")
    )
    kinds = dict(Employer.objects.filter(bills__in=bills).values_list("pk", "kind").distinct())
    grouped: dict[int, list[BillRow]] = {}
    employers: dict[int, Employer] = {}
    for row in _rows(bills, on, kinds):
        if row.unpaid <= 0:
            continue
        grouped.setdefault(row.bill.employer_id, []).append(row)
        employers[row.bill.employer_id] = row.bill.employer
    under = (
        Employer.objects.in_scope(scope)
        .filter(region_subtree("region_id", region_code))
        .values_list("pk", flat=True)
    )
    unbilled = {} if scope.unit_ids is not None else unbilled_periods(under, on=on)
    missing = [pk for pk in unbilled if pk not in employers]
    employers.update(Employer.objects.in_bulk(missing))
    estimates = unbilled_estimates(unbilled, employers)
    ordered = sorted(
        set(grouped) | set(unbilled),
        key=lambda pk: (employers[pk].region_id, employers[pk].name, pk),
    )
    return RegionArrears(
        region=region_code,
        on=on,
        employers=[
            EmployerArrears(
                employers[pk],
                grouped.get(pk, []),
                unbilled.get(pk, []),
                estimates.get(pk, Decimal(0)),
            )
            for pk in ordered
        ],
    )


@dataclass(frozen=True)
class UnbilledUnder:
    """How many months the employers under a region have never billed (see `continuity`)."""

    per_employer: dict[int, int]
    regions: dict[int, str]  # employer id → its region code, for the employers counted

    def months_under(self, code: str) -> int:
        """The unbilled months of the employers under region `code` (or seated in it)."""
        return sum(
            months
            for pk, months in self.per_employer.items()
            if self.regions[pk] == code or self.regions[pk].startswith(f"{code}.")
        )

    def employers_under(self, code: str) -> int:
        """How many employers under region `code` have at least one unbilled month."""
        return sum(
            1
            for pk in self.per_employer
            if self.regions[pk] == code or self.regions[pk].startswith(f"{code}.")
        )

    @property
    def months(self) -> int:
        return sum(self.per_employer.values())


def unbilled_under(*, region_code: str, on: date, scope: Scope) -> UnbilledUnder:
    """The unbilled months as of `on` of each employer under the region the scope sees whole (a
    unit-bound scope sees no employer's bills: none); three queries, whatever the employers."""
    if scope.unit_ids is not None:
        return UnbilledUnder(per_employer={}, regions={})
    regions = dict(
        Employer.objects.in_scope(scope)
        .filter(region_subtree("region_id", region_code))
        .values_list("pk", "region_id")
    )
    counts = unbilled_month_counts(list(regions), on=on) if regions else {}
    return UnbilledUnder(per_employer=counts, regions={pk: regions[pk] for pk in counts})


@dataclass(frozen=True)
class Statement:
    """What an employer was billed, paid and owes, and the late fees, as of a day."""

    employer: Employer
    on: date
    bills: list[BillRow]
    payments: list[Payment]
    unbilled_periods: list[str] = field(default_factory=list)
    unbilled_estimate: Decimal = Decimal(0)

    @property
    def billed(self) -> Decimal:
        return sum((Decimal(row.bill.total) for row in self.bills), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum((Decimal(p.amount) for p in self.payments), Decimal(0))

    @property
    def owed(self) -> Decimal:
        return sum((row.unpaid for row in self.bills), Decimal(0))

    @property
    def fees(self) -> Decimal:
        return sum((row.late_fee + row.fees_charged for row in self.bills), Decimal(0))

    @property
    def credit(self) -> Decimal:
        allocated = sum((row.paid for row in self.bills), Decimal(0))
        return self.paid - allocated

    def as_dict(self) -> dict[str, Any]:
        return {
            "employer": self.employer.npp,
            "name": self.employer.name,
            "on": self.on.isoformat(),
            "billed": money(self.billed),
            "paid": money(self.paid),
            "owed": money(self.owed),
            "fees": money(self.fees),
            "credit": money(self.credit),
            "unbilled_periods": self.unbilled_periods,
            "unbilled_estimate": money(self.unbilled_estimate),
            "bills": [row.as_dict() for row in self.bills],
            "payments": [
                {
                    "date": p.date.isoformat(),
                    "reference": p.reference,
                    "channel": p.channel,
                    "amount": money(p.amount),
                    "reverses": p.reverses.reference if p.reverses else None,
                }
                for p in self.payments
            ],
        }


def employer_statement(*, employer: Employer, on: date) -> Statement:
    """The employer's final bills for months up to `on`'s and payments dated up to `on`."""
    bills = (
        Bill.objects.filter(employer=employer)
        .exclude(state=BillState.DRAFT)
        .filter(period__lte=f"{on:%Y-%m}")
        .order_by("period")
    )
    payments = list(
        Payment.objects.filter(employer=employer, date__lte=on)
        .select_related("reverses")
        .order_by("date", "pk")
    )
    rows = _rows(bills, on, {employer.pk: employer.kind})
    unbilled, estimate = employer_unbilled(employer, on=on)
    return Statement(
        employer=employer,
        on=on,
        bills=rows,
        payments=payments,
        unbilled_periods=unbilled,
        unbilled_estimate=estimate,
    )


def bill_row(bill: Bill, on: date) -> BillRow | None:
    """A final bill as of `on` (paid, unpaid, late fees) as the statement computes it."""
    if bill.state == BillState.DRAFT:
        return None
    (row,) = _rows(Bill.objects.filter(pk=bill.pk), on, {bill.employer_id: bill.employer.kind})
    return row


def paid_through(*, worker: Worker, scope: Scope | None = None) -> str | None:
    """The last month before the first of the worker's enrolled months that is unbilled or unpaid.

    A month counts as paid when every employer that enrolled the worker in it has a paid final
    bill for it with the worker's contributions; a month with no final bill (never billed, or
    only a draft) ends the run like an unpaid one. Months in which the worker was not enrolled
    are skipped. With a `scope`, only the employers whose enrolments of the worker it covers
    count: a reader of Kendari is not told whether Konawe paid for the same worker.
    """
    scope = scope or Scope(everything=True)
    spans = list(
        Enrollment.objects.in_scope(scope)
        .filter(worker=worker)
        .values_list("employer_id", "start_date", "end_date")
        .distinct()
    )
    if not spans:
        return None
    on_bill = BillLine.objects.filter(
        bill=OuterRef("pk"), worker=worker, kind=LineKind.CONTRIBUTION
    )
    paid = set(
        Bill.objects.in_scope(scope)
        .filter(employer_id__in={employer_id for employer_id, _, _ in spans})
        .filter(state=BillState.PAID)
        .filter(Exists(on_bill))
        .values_list("employer_id", "period")
    )
    if not paid:
        return None
    through = max(month_index(parse_period(period)) for _, period in paid)
    owed: dict[int, set[int]] = {}
    for employer_id, months in _worker_months(spans, through=through).items():
        for month in months:
            owed.setdefault(month, set()).add(employer_id)
    last = None
    for month in sorted(owed):
        period = period_of(month)
        if any((employer_id, period) not in paid for employer_id in owed[month]):
            break
        last = period
    return last


def _worker_months(
    spans: list[tuple[int, date, date | None]], *, through: int
) -> dict[int, list[int]]:
    """Each employer's months (indexes up to `through`) in which one of the spans is active."""
    by_employer: dict[int, list[tuple[int, int]]] = {}
    for employer_id, start, end in spans:
        last = min(month_index(end), through) if end else through
        if month_index(start) <= last:
            by_employer.setdefault(employer_id, []).append((month_index(start), last))
    return {
        employer_id: sorted({m for first, last in ranges for m in range(first, last + 1)})
        for employer_id, ranges in by_employer.items()
    }


def allocations_of(bill: Bill) -> list[Allocation]:
    return list(bill.allocations.select_related("payment").order_by("payment__date", "pk"))


def bill_summary(bill: Bill) -> dict[str, Any]:
    """A bill as the CLI and the API give it."""
    return {
        "employer": bill.employer.npp or str(bill.employer_id),
        "period": bill.period,
        "state": bill.state,
        "participants": bill.participants,
        "lines": bill.line_count,
        "total": money(bill.total),
        "payment_code": bill.payment_code or None,
        "id": bill.pk,
        "name": bill.employer.name,
        "employer_amount": money(bill.employer_amount),
        "worker_amount": money(bill.worker_amount),
        "paid": money(bill.paid),
        "due_date": bill.due_date.isoformat() if bill.due_date else None,
    }


def payment_summary(payment: Payment) -> dict[str, Any]:
    """A payment and where it went, as the CLI and the API give it."""
    parts = payment.allocations.select_related("bill").order_by("bill__period", "pk")
    return {
        "employer": payment.employer.npp or str(payment.employer_id),
        "id": payment.pk,
        "date": payment.date.isoformat(),
        "amount": money(payment.amount),
        "reference": payment.reference,
        "channel": payment.channel,
        "allocations": [
            {
                "period": part.bill.period,
                "amount": money(part.amount),
                "months_late": part.months_late,
                "late_fee": money(part.late_fee),
                "bill_state": part.bill.state,
            }
            for part in parts
        ],
        "credit": money(employer_credit(payment.employer)),
    }


def employer_credit(employer: Employer) -> Decimal:
    """What the employer has paid that no bill has taken yet."""
    found = Payment.objects.filter(employer=employer).aggregate(
        amount=Sum("amount"), allocated=Sum("allocated")
    )
    return Decimal(found["amount"] or 0) - Decimal(found["allocated"] or 0)
