"""Reads of the claims app: lists in the reader's scope, what is overdue, and claims per region."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from payung.core.scope import Scope
from payung.rules.formulas import Rules

from .assessment import event_moment
from .models import Claim, ClaimQuerySet, ClaimState, EventType


def claims_in(
    scope: Scope, *, region: str | None = None, state: str | None = None
) -> ClaimQuerySet:
    """Claims the scope sees, of employers under `region`, in `state`."""
    claims = Claim.objects.in_scope(scope)
    if region:
        claims = claims.in_region(region)
    if state:
        claims = claims.filter(state=state)
    return claims.select_related("worker", "employer", "unit", "payment")


def claim_row(claim: Claim) -> dict[str, Any]:
    """A claim as the CLI and the API list it."""
    payment = getattr(claim, "payment", None)
    return {
        "id": claim.pk,
        "event": claim.event_type,
        "event_date": claim.event_date.isoformat(),
        "state": claim.state,
        "worker": claim.worker.name,
        "employer": {"npp": claim.employer.npp, "name": claim.employer.name},
        "region": claim.employer.region_id,
        "covered": claim.covered,
        "employer_liable": claim.employer_liable,
        "benefit_total": int(claim.benefit_total),
        "paid_on": payment.paid_on.isoformat() if payment else None,
        "paid_amount": int(payment.amount) if payment else None,
        "is_synthetic": claim.is_synthetic,
    }


@dataclass(frozen=True)
class Overdue:
    """A claim waiting past a deadline: the stage I or II report, or BPJS's decision."""

    claim: Claim
    what: str
    due: datetime

    def as_dict(self) -> dict[str, Any]:
        return {**claim_row(self.claim), "overdue": self.what, "due": self.due.isoformat()}


STAGE_ONE_HOURS = "claims/jkk/stage1_report_hours"
STAGE_TWO_HOURS = "claims/jkk/stage2_report_hours"
DECISION_DAYS = "claims/jkk/status_decision_days"


def stage_one_deadline(claim: Claim) -> datetime | None:
    """When the stage I report of a work accident is due (None for a JKM death)."""
    if claim.program != "jkk":
        return None
    hours = Rules().decimal("claims/jkk/stage1_report_hours", claim.event_date)
    return event_moment(claim.event_date, claim.event_time) + timedelta(hours=int(hours))


def _shortest(path: str) -> int:
    """The smallest value a deadline parameter ever had (hours or days): a claim that is not
    past it under the smallest cannot be past it under the one in force."""
    values = [v.value for v in Rules().tree[path].values if isinstance(v.value, Decimal)]
    return int(min(values)) if values else 0


def overdue_claims(scope: Scope, now: datetime | None = None) -> list[Overdue]:
    """Open claims past a deadline: stage I not reported, stage II not reported after the
    doctor's statement, or no decision within the days the rules give.

    The database keeps only the claims that may be past a deadline under the shortest value
    each rule ever had; the deadline in force on each one's date is then checked exactly."""
    now = now or timezone.now()
    stage_one = timezone.localtime(now - timedelta(hours=_shortest(STAGE_ONE_HOURS))).date()
    stage_two = timezone.localtime(now - timedelta(hours=_shortest(STAGE_TWO_HOURS))).date()
    decision = now - timedelta(days=_shortest(DECISION_DAYS))
    accidents = Q(event_type__in=(EventType.JKK_ACCIDENT, EventType.JKK_DEATH))
    candidates = claims_in(scope).filter(
        Q(state__in=(ClaimState.DRAFT, ClaimState.SUBMITTED, ClaimState.VERIFIED))
        & (
            (accidents & Q(reported_at__isnull=True, event_date__lte=stage_one))
            | Q(doctor_statement_date__lte=stage_two, stage2_reported_at__isnull=True)
            | (accidents & Q(reported_at__lt=decision, accident_status=""))
        )
    )
    found = []
    for claim in candidates:
        if claim.program == "jkk" and claim.reported_at is None:
            due = stage_one_deadline(claim)
            if due is not None and due < now:
                found.append(Overdue(claim, "stage_one", due))
                continue
        due = stage_two_deadline(claim)
        if due is not None and due < now:
            found.append(Overdue(claim, "stage_two", due))
            continue
        due = decision_deadline(claim)
        if due is not None and due < now:
            found.append(Overdue(claim, "decision", due))
    return found


def stage_two_deadline(claim: Claim) -> datetime | None:
    """When the stage II report is due: hours after the doctor's statement, while not made."""
    if claim.doctor_statement_date is None or claim.stage2_reported_at is not None:
        return None
    hours = Rules().decimal("claims/jkk/stage2_report_hours", claim.doctor_statement_date)
    return event_moment(claim.doctor_statement_date, None) + timedelta(hours=int(hours))


def decision_deadline(claim: Claim) -> datetime | None:
    """When BPJS's decision on the work-accident status is due, while it is not recorded: the
    rule's days after the stage I report (None before the rule or for a JKM claim)."""
    if claim.program != "jkk" or claim.reported_at is None or claim.accident_status:
        return None
    days = Rules().optional("claims/jkk/status_decision_days", claim.reported_at.date())
    if not isinstance(days, Decimal):
        return None
    return claim.reported_at + timedelta(days=int(days))


@dataclass(frozen=True)
class RegionClaims:
    """Claims of one region and period: counts by state, amounts paid, days event → payment."""

    region: str
    start: date | None
    end: date | None
    by_state: dict[str, int]
    paid_count: int
    paid_amount: Decimal
    median_days_to_payment: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "by_state": self.by_state,
            "claims": sum(self.by_state.values()),
            "paid": self.paid_count,
            "paid_amount": int(self.paid_amount),
            "median_days_to_payment": self.median_days_to_payment,
        }


def region_claims(
    scope: Scope, region: str, *, start: date | None = None, end: date | None = None
) -> RegionClaims:
    """The claims of employers under `region` with events in [start, end]."""
    claims = Claim.objects.in_scope(scope).in_region(region)
    if start:
        claims = claims.filter(event_date__gte=start)
    if end:
        claims = claims.filter(event_date__lte=end)
    by_state = dict(
        claims.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    paid = claims.filter(state=ClaimState.PAID, payment__isnull=False)
    total = paid.aggregate(total=Sum("payment__amount"))["total"] or Decimal(0)
    days = sorted(
        (paid_on - event).days
        for event, paid_on in paid.annotate(paid_on=F("payment__paid_on")).values_list(
            "event_date", "paid_on"
        )
    )
    median = days[len(days) // 2] if days else None
    return RegionClaims(
        region=region,
        start=start,
        end=end,
        by_state={state: by_state.get(state, 0) for state in ClaimState.values},
        paid_count=len(days),
        paid_amount=Decimal(total),
        median_days_to_payment=median,
    )


def claim_detail(claim: Claim) -> dict[str, Any]:
    """One claim with its lines, heirs, documents, payment and the reasons of its assessment."""
    payment = getattr(claim, "payment", None)
    return {
        **claim_row(claim),
        "reported_at": claim.reported_at,
        "report_deadline": stage_one_deadline(claim),
        "children_levels": list(claim.children_levels or []),
        "accident_status": None
        if claim.program != "jkk"
        else {
            "decision": claim.accident_status,
            "decided_on": claim.accident_status_on,
            "recorded_by": claim.accident_status_by.get_username()
            if claim.accident_status_by
            else None,
            "note": claim.accident_status_note,
            "due": decision_deadline(claim),
        },
        "rejection_reason": claim.rejection_reason,
        "lines": [
            {"item": line.item, "amount": int(line.amount), "basis": line.basis}
            for line in claim.lines.all()
        ],
        "heirs": [
            {"name": heir.name, "relation": heir.relation, "rank": heir.rank}
            for heir in claim.heirs.all()
        ],
        "documents": [
            {"kind": doc.kind, "received_on": doc.received_on} for doc in claim.documents.all()
        ],
        "payment": None
        if payment is None
        else {
            "paid_on": payment.paid_on,
            "amount": int(payment.amount),
            "account_name": payment.account_name,
            "bank": payment.bank,
        },
        "reasons": claim.assessment.get("reasons", []),
    }


@dataclass
class RegionFigures:
    """One child region's claims: how many, how many paid, how much, days event → payment."""

    code: str
    name: str
    claims: int = 0
    open: int = 0
    paid: int = 0
    rejected: int = 0
    paid_amount: Decimal = Decimal(0)
    days: list[int] | None = None

    @property
    def median_days(self) -> int | None:
        if not self.days:
            return None
        ordered = sorted(self.days)
        return ordered[len(ordered) // 2]


def claims_by_region(
    scope: Scope, code: str, *, start: date | None = None, end: date | None = None
) -> list[RegionFigures]:
    """The figures of `code` itself and of each of its child regions, in two queries."""
    from payung.regions.models import Region

    region = Region.objects.get(code=code)
    rows = [RegionFigures(region.code, region.name)]
    rows += [
        RegionFigures(child.code, child.name)
        for child in Region.objects.filter(parent_id=code).order_by("code")
    ]

    def row_of(region_id: str) -> RegionFigures:
        for row in rows[1:]:
            if region_id == row.code or region_id.startswith(f"{row.code}."):
                return row
        return rows[0]

    claims = Claim.objects.in_scope(scope).in_region(code)
    if start:
        claims = claims.filter(event_date__gte=start)
    if end:
        claims = claims.filter(event_date__lte=end)
    counted = claims.order_by().values_list("employer__region_id", "state").annotate(n=Count("pk"))
    for region_id, state, count in counted:
        row = row_of(region_id)
        row.claims += count
        if state == ClaimState.PAID:
            row.paid += count
        elif state == ClaimState.REJECTED:
            row.rejected += count
        else:
            row.open += count
    paid = claims.filter(state=ClaimState.PAID, payment__isnull=False).values_list(
        "employer__region_id", "event_date", "payment__paid_on", "payment__amount"
    )
    for region_id, event, paid_on, amount in paid:
        row = row_of(region_id)
        row.paid_amount += Decimal(amount)
        row.days = [*(row.days or []), (paid_on - event).days]
    return rows


def stage_one_due(scope: Scope) -> list[tuple[Claim, datetime]]:
    """Work accidents in the scope whose stage I report is not made yet, with its deadline,
    soonest first (past deadlines included: they are on the overdue list too)."""
    waiting = claims_in(scope).filter(
        event_type__in=(EventType.JKK_ACCIDENT, EventType.JKK_DEATH),
        state=ClaimState.DRAFT,
        reported_at__isnull=True,
    )
    found = []
    for claim in waiting:
        due = stage_one_deadline(claim)
        if due is not None:
            found.append((claim, due))
    return sorted(found, key=lambda item: item[1])


@dataclass(frozen=True)
class ReportDue:
    """A work accident's report still to be made: stage I or stage II, and its deadline."""

    claim: Claim
    stage: str
    due: datetime


def reports_due(scope: Scope, *, employer_id: int | None = None) -> list[ReportDue]:
    """Open work-accident claims in the scope (of one employer) whose stage I or stage II
    report is still to be made, soonest deadline first (past ones included)."""
    waiting = claims_in(scope).filter(
        event_type__in=(EventType.JKK_ACCIDENT, EventType.JKK_DEATH),
        state__in=(ClaimState.DRAFT, ClaimState.SUBMITTED, ClaimState.VERIFIED),
    )
    if employer_id is not None:
        waiting = waiting.filter(employer_id=employer_id)
    found = []
    for claim in waiting.filter(reported_at__isnull=True) | waiting.filter(
        doctor_statement_date__isnull=False, stage2_reported_at__isnull=True
    ):
        if claim.reported_at is None:
            due = stage_one_deadline(claim)
            if due is not None:
                found.append(ReportDue(claim, "stage_one", due))
        if (due := stage_two_deadline(claim)) is not None:
            found.append(ReportDue(claim, "stage_two", due))
    return sorted(found, key=lambda item: item.due)
