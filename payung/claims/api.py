"""HTTP API of the claims app (mounted under /api/claims/): the same assessment, lists and
workflow as the CLI and the pages, behind the access gate."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from payung.core.access import get_visible_or_404, scope_for, visible_to
from payung.core.errors import DomainError, refusal_body
from payung.core.params import PathText
from payung.regions.models import Region
from payung.workers.models import Worker

from . import services
from .assessment import assess
from .models import Claim, ClaimState
from .schemas import (
    ClaimAccidentStatusIn,
    ClaimAssessIn,
    ClaimAssessOut,
    ClaimDocumentIn,
    ClaimHeirIn,
    ClaimIn,
    ClaimListOut,
    ClaimOut,
    ClaimPayIn,
    ClaimRefusedOut,
    ClaimRejectIn,
    ClaimStageTwoIn,
    OverdueClaimOut,
    RegionClaimsOut,
)
from .selectors import claim_detail, claim_row, claims_in, overdue_claims, region_claims

router = Router(tags=["claims"])
WRITE = {200: ClaimOut, 400: ClaimRefusedOut}


def _claim(request: HttpRequest, claim_id: int) -> Claim:
    return get_visible_or_404(request.user, Claim.objects.all(), pk=claim_id)


def _step(request: HttpRequest, claim_id: int, action: Callable[[Claim], Any]) -> Status:
    claim = _claim(request, claim_id)
    try:
        action(claim)
    except DomainError as error:
        return Status(400, refusal_body(*error.refusals))
    return Status(200, claim_detail(_claim(request, claim_id)))


@router.get("/", response=ClaimListOut, summary="Claims of a region, as `payung claims list`")
def list_claims(
    request: HttpRequest, region: str | None = None, state: ClaimState | None = None
) -> dict[str, Any]:
    scope = scope_for(request.user)
    if region and not visible_to(request.user, Region.objects.filter(code=region)).exists():
        raise Http404
    rows = [claim_row(claim) for claim in claims_in(scope, region=region, state=state)]
    return {"region": region, "state": state, "count": len(rows), "claims": rows}


@router.post(
    "/assess",
    response={200: ClaimAssessOut, 400: ClaimRefusedOut},
    operation_id="assess_claim",
    summary="Assess an event without saving anything",
)
def assess_event(request: HttpRequest, payload: ClaimAssessIn) -> Status:
    worker = get_visible_or_404(request.user, Worker.objects.all(), nik=payload.nik)
    reported = payload.reported_at
    if reported is not None and timezone.is_naive(reported):
        reported = timezone.make_aware(reported)
    try:
        children, levels = services.check_children_levels(
            payload.children, [str(level) for level in payload.children_levels]
        )
        result = assess(
            worker=worker,
            event=payload.event,
            event_date=payload.date,
            event_time=payload.event_time,
            reported_at=reported,
            children=children,
            children_levels=levels,
            scope=scope_for(request.user),
        )
    except DomainError as error:
        return Status(400, refusal_body(*error.refusals))
    return Status(200, result.as_dict())


@router.get(
    "/overdue",
    response=list[OverdueClaimOut],
    operation_id="list_overdue_claims",
    summary="Open claims past a deadline",
)
def overdue(request: HttpRequest) -> list[dict[str, Any]]:
    return [item.as_dict() for item in overdue_claims(scope_for(request.user))]


@router.get(
    "/regions/{code}",
    response=RegionClaimsOut,
    operation_id="get_region_claims",
    summary="Claims per region and period",
)
def per_region(
    request: HttpRequest, code: PathText, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    get_visible_or_404(request.user, Region.objects.all(), code=code)
    return region_claims(scope_for(request.user), code, start=start, end=end).as_dict()


@router.get("/{claim_id}", response=ClaimOut, summary="One claim with lines, heirs, documents")
def get_claim(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    return claim_detail(_claim(request, claim_id))


@router.post("/", response={201: ClaimOut, 400: ClaimRefusedOut}, summary="File a claim (draft)")
def file_claim(request: HttpRequest, payload: ClaimIn) -> Status:
    worker = get_visible_or_404(request.user, Worker.objects.all(), pk=payload.worker)
    stage_one = {
        name: getattr(payload, name)
        for name in ("place", "activity", "chronology", "witnesses", "injury", "first_facility")
    }
    try:
        claim = services.file_claim(
            actor=request.user,
            worker=worker,
            event=payload.event,
            event_date=payload.date,
            event_time=payload.event_time,
            children=payload.children,
            children_levels=[str(level) for level in payload.children_levels],
            stage_one=stage_one,
        )
    except DomainError as error:
        return Status(400, refusal_body(*error.refusals))
    return Status(201, claim_detail(claim))


@router.post(
    "/{claim_id}/submit",
    response=WRITE,
    operation_id="submit_claim",
    summary="Submit (the employer)",
)
def submit(request: HttpRequest, claim_id: int) -> Status:
    return _step(request, claim_id, lambda c: services.submit_claim(actor=request.user, claim=c))


@router.post(
    "/{claim_id}/stage-two",
    response=WRITE,
    operation_id="record_claim_stage_two",
    summary="Stage II report of an accident",
)
def stage_two(request: HttpRequest, claim_id: int, payload: ClaimStageTwoIn) -> Status:
    return _step(
        request,
        claim_id,
        lambda c: services.record_stage_two(
            actor=request.user,
            claim=c,
            outcome=payload.outcome,
            doctor_statement_date=payload.doctor_statement_date,
            stmb_months=payload.stmb_months,
            disability_percent=payload.disability_percent,
            medical_costs=payload.medical_costs,
            transport_costs=payload.transport_costs,
            transport_mode=payload.transport_mode or "",
        ),
    )


@router.post(
    "/{claim_id}/accident-status",
    response=WRITE,
    operation_id="record_claim_accident_status",
    summary="BPJS's decision on the work-accident status (the branch office)",
)
def accident_status(request: HttpRequest, claim_id: int, payload: ClaimAccidentStatusIn) -> Status:
    return _step(
        request,
        claim_id,
        lambda c: services.record_accident_status(
            actor=request.user,
            claim=c,
            decision=payload.decision,
            decided_on=payload.decided_on,
            note=payload.note,
        ),
    )


@router.post(
    "/{claim_id}/heirs",
    response=WRITE,
    operation_id="add_claim_heir",
    summary="Add an heir (ahli waris)",
)
def heirs(request: HttpRequest, claim_id: int, payload: ClaimHeirIn) -> Status:
    return _step(
        request,
        claim_id,
        lambda c: services.add_heir(
            actor=request.user,
            claim=c,
            name=payload.name,
            relation=payload.relation,
            nik=payload.nik,
        ),
    )


@router.post(
    "/{claim_id}/documents",
    response=WRITE,
    operation_id="mark_claim_document",
    summary="Mark a document received",
)
def documents(request: HttpRequest, claim_id: int, payload: ClaimDocumentIn) -> Status:
    return _step(
        request,
        claim_id,
        lambda c: services.mark_document(
            actor=request.user, claim=c, kind=payload.kind, received_on=payload.received_on
        ),
    )


@router.post(
    "/{claim_id}/verify",
    response=WRITE,
    operation_id="verify_claim",
    summary="Verify (the branch office)",
)
def verify(request: HttpRequest, claim_id: int) -> Status:
    return _step(request, claim_id, lambda c: services.verify_claim(actor=request.user, claim=c))


@router.post(
    "/{claim_id}/approve",
    response=WRITE,
    operation_id="approve_claim",
    summary="Approve (another branch officer)",
)
def approve(request: HttpRequest, claim_id: int) -> Status:
    return _step(request, claim_id, lambda c: services.approve_claim(actor=request.user, claim=c))


@router.post(
    "/{claim_id}/reject",
    response=WRITE,
    operation_id="reject_claim",
    summary="Reject with a reason",
)
def reject(request: HttpRequest, claim_id: int, payload: ClaimRejectIn) -> Status:
    return _step(
        request,
        claim_id,
        lambda c: services.reject_claim(actor=request.user, claim=c, reason=payload.reason),
    )


@router.post(
    "/{claim_id}/pay", response=WRITE, operation_id="pay_claim", summary="Record the payment"
)
def pay(request: HttpRequest, claim_id: int, payload: ClaimPayIn) -> Status:
    return _step(
        request,
        claim_id,
        lambda c: services.record_claim_payment(
            actor=request.user,
            claim=c,
            paid_on=payload.paid_on,
            amount=payload.amount,
            account_name=payload.account_name,
            account_number=payload.account_number,
            bank=payload.bank,
        ),
    )
