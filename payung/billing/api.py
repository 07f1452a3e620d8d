"""HTTP API of the billing app (mounted under /api/billing/): the same bills, payments, arrears
and statements as the CLI and the pages, behind the access gate."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from payung.core.access import can_write, get_visible_or_404, scope_for, visible_to
from payung.core.api_schemas import PDF_RESPONSE, RefusedOut
from payung.core.errors import DomainError, Refusal, refusal_body
from payung.employers.models import Employer
from payung.employers.selectors import resolve_employer
from payung.regions.models import Region

from . import exports
from .models import Bill, BillLine, Payment, PaymentVoid
from .schemas import (
    ArrearsOut,
    BillDetailOut,
    BillIn,
    BillOut,
    DiscardedOut,
    LineOut,
    PaymentIn,
    PaymentOut,
    ReasonIn,
    StatementOut,
    VoidOut,
)
from .selectors import (
    bill_summary,
    employer_statement,
    money,
    payment_summary,
    region_arrears,
)
from .services import (
    approve_void,
    discard_draft,
    finalize_bill,
    issue_bills,
    record_payment,
    void_payment,
)
from .wage_checks import warnings_as_dicts

router = Router(tags=["billing"])
WRITE: dict[int, Any] = {400: RefusedOut, 403: RefusedOut}


def _refused(error: DomainError) -> dict[str, object]:
    return refusal_body(*error.refusals)


def _forbidden() -> dict[str, object]:
    return refusal_body(Refusal("forbidden", "Tidak berwenang", "Not allowed"))


def _may_bill(request: HttpRequest) -> bool:
    """Writers whose scope is regions (not a single work unit) may issue, finalise and pay."""
    return can_write(request.user) and scope_for(request.user).unit_ids is None


def _employer(request: HttpRequest, text: str) -> Employer:
    found = resolve_employer(text)
    return get_visible_or_404(request.user, Employer.objects.all(), pk=found.pk)


def _known(text: str) -> Employer:
    """The employer an NPP or region code names; an unknown one is a 404."""
    try:
        return resolve_employer(text)
    except DomainError as error:
        raise Http404 from error


@router.get("/bills", response=list[BillOut])
@paginate
def list_bills(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    employer: str | None = None,
    period: str | None = None,
    state: str | None = None,
):
    """Bills the caller may see, by employer (NPP or region code), period or state."""
    bills = visible_to(request.user, Bill.objects.select_related("employer")).order_by(
        "employer_id", "period"
    )
    if employer:
        bills = bills.filter(employer=_known(employer))
    if period:
        bills = bills.filter(period=period)
    if state:
        bills = bills.filter(state=state)
    return [bill_summary(bill) for bill in bills]


@router.post(
    "/bills",
    response={200: BillOut, **WRITE},
    operation_id="issue_bill",
    summary="Issue (and optionally finalise) an employer's bill for a month",
)
def post_bill(request: HttpRequest, payload: BillIn) -> Any:
    """A draft is recomputed from the enrolments; a final bill is returned as it is."""
    if not _may_bill(request):
        return Status(403, _forbidden())
    try:
        employer = _employer(request, payload.employer)
        bill = issue_bills(employer=employer, period=payload.period, actor=request.user)
        if payload.finalize and not bill.is_locked:
            bill = finalize_bill(bill=bill, actor=request.user)
    except DomainError as error:
        return Status(400, _refused(error))
    return Status(200, bill_summary(bill))


@router.get("/bills/{bill_id}", response=BillDetailOut, exclude_unset=True)
def get_bill(request: HttpRequest, bill_id: int) -> dict[str, Any]:
    """A bill with its per-program totals and the rule explanations behind its lines."""
    bill = get_visible_or_404(request.user, Bill.objects.select_related("employer"), pk=bill_id)
    return {
        **bill_summary(bill),
        "programs": [
            {
                "program": row["program"],
                "kind": row["kind"],
                "lines": row["lines"],
                "employer": str(row["employer"] or 0),
                "worker": str(row["worker"] or 0),
            }
            for row in exports.program_totals(bill)
        ],
        "explanations": [
            {"id": found.pk, **found.content} for found in exports.bill_explanations(bill)
        ],
        "warnings": warnings_as_dicts(bill),
    }


@router.post(
    "/bills/{bill_id}/finalize", response={200: BillOut, **WRITE}, operation_id="finalize_bill"
)
def post_finalize(request: HttpRequest, bill_id: int) -> Any:
    """Lock a draft bill and give it a payment code."""
    bill = get_visible_or_404(request.user, Bill.objects.all(), pk=bill_id)
    if not _may_bill(request):
        return Status(403, _forbidden())
    try:
        bill = finalize_bill(bill=bill, actor=request.user)
    except DomainError as error:
        return Status(400, _refused(error))
    return Status(200, bill_summary(bill))


@router.get("/bills/{bill_id}/lines", response=list[LineOut], operation_id="list_bill_lines")
@paginate
def list_lines(request: HttpRequest, bill_id: int):  # type: ignore[no-untyped-def]
    """A bill's lines, one per participant and program (and adjustments)."""
    bill = get_visible_or_404(request.user, Bill.objects.all(), pk=bill_id)
    return BillLine.objects.filter(bill=bill).order_by("pk")


@router.get(
    "/bills/{bill_id}/pdf",
    response={200: None},
    openapi_extra={"responses": {200: PDF_RESPONSE}},
    operation_id="get_bill_pdf",
    summary="The bill as PDF",
)
def bill_pdf(request: HttpRequest, bill_id: int) -> HttpResponse:
    bill = get_visible_or_404(request.user, Bill.objects.select_related("employer"), pk=bill_id)
    response = HttpResponse(exports.bill_pdf(bill), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tagihan-{bill.pk}-{bill.period}.pdf"'
    return response


@router.post("/payments", response={200: PaymentOut, **WRITE}, operation_id="record_payment")
def post_payment(request: HttpRequest, payload: PaymentIn) -> Any:
    """Record a payment: oldest open bills first, the rest kept as credit."""
    if not _may_bill(request):
        return Status(403, _forbidden())
    try:
        payment = record_payment(
            employer=_employer(request, payload.employer),
            amount=payload.amount,
            paid_on=payload.date,
            reference=payload.reference,
            channel=payload.channel,
            actor=request.user,
            confirmed=payload.confirm,
        )
    except DomainError as error:
        return Status(400, _refused(error))
    return Status(200, payment_summary(payment))


@router.get("/payments", response=list[PaymentOut])
@paginate
def list_payments(request: HttpRequest, employer: str | None = None):  # type: ignore[no-untyped-def]
    """Payments the caller may see, optionally of one employer."""
    payments = visible_to(request.user, Payment.objects.select_related("employer"))
    if employer:
        payments = payments.filter(employer=_known(employer))
    return [payment_summary(payment) for payment in payments.order_by("date", "pk")]


@router.get("/arrears", response=ArrearsOut, operation_id="get_arrears")
def get_arrears(request: HttpRequest, region: str, on: date | None = None) -> dict[str, Any]:
    """Employers under the region with bills unpaid after their due date, with late fees."""
    found = get_visible_or_404(request.user, Region.objects.all(), code=region)
    day = on or date.today()
    return region_arrears(region_code=found.code, on=day, scope=scope_for(request.user)).as_dict()


@router.get("/statement", response=StatementOut, operation_id="get_statement")
def get_statement(request: HttpRequest, employer: str, on: date | None = None) -> dict[str, Any]:
    """What the employer was billed, paid and owes, and its late fees, as of a day."""
    found = get_visible_or_404(request.user, Employer.objects.all(), pk=_known(employer).pk)
    if scope_for(request.user).unit_ids is not None:
        raise Http404  # a unit operator sees no employer's money
    return employer_statement(employer=found, on=on or date.today()).as_dict()


def _void_out(request: PaymentVoid) -> dict[str, Any]:
    payment = request.payment
    reversal = Payment.objects.filter(reverses=payment).values_list("pk", flat=True).first()
    return {
        "id": request.pk,
        "payment_id": payment.pk,
        "employer": payment.employer.npp or str(payment.employer_id),
        "reference": payment.reference,
        "amount": money(payment.amount),
        "state": request.state,
        "reason": request.reason,
        "requested_by": request.requested_by.username if request.requested_by else None,
        "approved_by": request.approved_by.username if request.approved_by else None,
        "reversal_id": reversal,
    }


def _void(void_id: int) -> PaymentVoid:
    return PaymentVoid.objects.select_related(
        "payment__employer", "requested_by", "approved_by"
    ).get(pk=void_id)


@router.post(
    "/payments/{payment_id}/void",
    response={200: VoidOut, **WRITE},
    operation_id="void_payment",
    summary="Void a payment by a reversing entry, with a reason",
)
def post_void(request: HttpRequest, payment_id: int, payload: ReasonIn) -> Any:
    """At or under PAYUNG_VOID_FOUR_EYES_ABOVE the reversing entry is written at once
    (`state` done); above it the void waits (`pending`) until another officer approves it
    (`POST /api/billing/voids/{id}/approve`)."""
    payment = get_visible_or_404(request.user, Payment.objects.all(), pk=payment_id)
    if not _may_bill(request):
        return Status(403, _forbidden())
    try:
        found = void_payment(payment=payment, reason=payload.reason, actor=request.user)
    except DomainError as error:
        return Status(400, _refused(error))
    return Status(200, _void_out(_void(found.pk)))


@router.post(
    "/voids/{void_id}/approve",
    response={200: VoidOut, **WRITE},
    operation_id="approve_void",
    summary="Approve another officer's pending void (four eyes)",
)
def post_approve_void(request: HttpRequest, void_id: int) -> Any:
    """Refused (400 `four_eyes`) to the officer who asked for the void."""
    payment = get_visible_or_404(request.user, Payment.objects.all(), void__pk=void_id)
    found = PaymentVoid.objects.get(payment=payment)
    if not _may_bill(request):
        return Status(403, _forbidden())
    try:
        approve_void(request=found, actor=request.user)
    except DomainError as error:
        return Status(400, _refused(error))
    return Status(200, _void_out(_void(found.pk)))


@router.post(
    "/bills/{bill_id}/discard",
    response={200: DiscardedOut, **WRITE},
    operation_id="discard_bill",
    summary="Discard a draft bill, with a reason",
)
def post_discard(request: HttpRequest, bill_id: int, payload: ReasonIn) -> Any:
    """Only a draft without adjustments; a final bill is corrected by an adjustment on a later
    bill (400 `bill_not_draft`). The history keeps the bill, the actor and the reason."""
    bill = get_visible_or_404(request.user, Bill.objects.select_related("employer"), pk=bill_id)
    if not _may_bill(request):
        return Status(403, _forbidden())
    answer = {
        "id": bill.pk,
        "employer": bill.employer.npp or str(bill.employer_id),
        "period": bill.period,
        "reason": payload.reason.strip(),
    }
    try:
        discard_draft(bill=bill, reason=payload.reason, actor=request.user)
    except DomainError as error:
        return Status(400, _refused(error))
    return Status(200, answer)
