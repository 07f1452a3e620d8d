"""HTTP API of the outreach app (mounted under /api/outreach/)."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from payung.core.access import get_visible_or_404, scope_for
from payung.core.errors import DomainError
from payung.core.params import PathText
from payung.regions.models import Region

from .models import Group
from .reminders import open_reminders
from .schemas import (
    ActivityIn,
    AgreementIn,
    CreatedOut,
    PipelineOut,
    RefusedOut,
    ReminderOut,
    TimelineOut,
)
from .selectors import pipeline, region_for_outreach, timeline
from .services import record_activity, record_agreement

router = Router(tags=["outreach"])


@router.get("/regions", response=PipelineOut, operation_id="get_outreach_pipeline")
def regions(
    request: HttpRequest,
    region: str = "74",
    on: dt.date | None = None,
    group: Group = Group.NON_ASN,
) -> dict[str, Any]:
    """The child regions of `region` with their outreach stage, as `payung outreach --json`."""
    scope = scope_for(request.user)
    found = region_for_outreach(region, scope)
    if found is None:
        raise Http404
    day = on or timezone.localdate()
    return pipeline(region=found, on=day, scope=scope, group=group).as_dict()


@router.get("/regions/{code}/timeline", response=TimelineOut, operation_id="get_outreach_timeline")
def region_timeline(
    request: HttpRequest, code: PathText, on: dt.date | None = None
) -> dict[str, Any]:
    """A region's stages per group, activities, agreements, targets and cost to cover."""
    found = get_visible_or_404(request.user, Region.objects.all(), code=code)
    day = on or timezone.localdate()
    return timeline(region=found, on=day, scope=scope_for(request.user)).as_dict()


@router.get("/reminders", response=list[ReminderOut], operation_id="list_outreach_reminders")
def reminders(request: HttpRequest, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Open items (overdue next steps, agreements expiring or without participants) on a day."""
    day = on or timezone.localdate()
    return [item.as_dict() for item in open_reminders(on=day, scope=scope_for(request.user))]


@router.post(
    "/activities", response={201: CreatedOut, 400: RefusedOut}, operation_id="record_activity"
)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status:
    """Record an activity (without attachment; attach files in the page)."""
    try:
        activity = record_activity(
            actor=request.user,
            region_code=payload.region,
            on=payload.date,
            kind=payload.kind,
            group=payload.group,
            people_met=payload.people_met,
            attendance=payload.attendance,
            notes=payload.notes,
            next_step=payload.next_step,
            due=payload.due,
            owner=request.user if payload.next_step else None,
        )
    except DomainError as error:
        return Status(400, {"refusals": [r.as_dict() for r in error.refusals]})
    return Status(201, {"id": activity.pk, "region": activity.region_id})


@router.post(
    "/agreements", response={201: CreatedOut, 400: RefusedOut}, operation_id="record_agreement"
)
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Status:
    """Record a signed agreement (attach the signed document in the page)."""
    try:
        agreement = record_agreement(
            actor=request.user,
            region_code=payload.region,
            signed_on=payload.signed_on,
            parties=payload.parties,
            workers_planned=payload.workers_planned,
            budget_year=payload.budget_year,
            kind=payload.kind,
            group=payload.group,
            number=payload.number,
            programs=payload.programs,
            contribution_per_person=payload.contribution_per_person,
            expires_on=payload.expires_on,
            notes=payload.notes,
            create_employer=payload.create_employer,
            employer_npp=payload.employer_npp,
        )
    except DomainError as error:
        return Status(400, {"refusals": [r.as_dict() for r in error.refusals]})
    return Status(201, {"id": agreement.pk, "region": agreement.region_id})
