"""Typed shapes of the outreach API (the same JSON as `payung outreach --json`)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from payung.core.api_schemas import RefusalOut

from .models import ActivityKind, AgreementKind, Group


class StageRowOut(Schema):
    code: str
    name: str
    stage: str
    participants: int
    target: int | None
    next_step: str | None
    due: dt.date | None


class OutreachRegionOut(Schema):
    code: str
    name: str


class PipelineOut(Schema):
    region: OutreachRegionOut
    on: dt.date
    group: str
    regions: list[StageRowOut]


class TimelineGroupOut(StageRowOut):
    """The region's stage for one group of workers, against its target and cost."""

    group: str
    coverage_percent: str | None = Field(description="Register ÷ target in percent, e.g. 42.5")
    uncovered: int | None
    cost_yearly: str | None = Field(description="Rupiah a year to cover the uncovered")


class TimelineActivityOut(Schema):
    id: int
    date: dt.date
    kind: str
    group: str
    people_met: str
    attendance: int | None
    notes: str
    next_step: str
    due: dt.date | None
    owner: str | None
    is_synthetic: bool


class TimelineAgreementOut(Schema):
    id: int
    kind: str
    group: str
    number: str
    parties: str
    signed_on: dt.date
    programs: str
    workers_planned: int
    contribution_per_person: str | None
    budget_year: int
    expires_on: dt.date | None
    is_synthetic: bool


class TimelineTargetOut(Schema):
    group: str
    head_count: int
    covered_threshold: int | None
    source: str
    as_of: dt.date
    is_synthetic: bool


class TimelineOut(Schema):
    region: OutreachRegionOut
    on: dt.date
    groups: list[TimelineGroupOut]
    activities: list[TimelineActivityOut]
    agreements: list[TimelineAgreementOut]
    targets: list[TimelineTargetOut]


class ReminderOut(Schema):
    kind: str
    region: str
    region_name: str
    text: str
    date: dt.date
    activity_id: int | None
    agreement_id: int | None
    recipients: list[str]


class ActivityIn(Schema):
    region: str
    date: dt.date
    kind: ActivityKind
    group: Group = Group.NON_ASN
    people_met: str = ""
    attendance: int | None = None
    notes: str = ""
    next_step: str = ""
    due: dt.date | None = None


class AgreementIn(Schema):
    region: str
    signed_on: dt.date
    parties: str
    workers_planned: int
    budget_year: int
    kind: AgreementKind = AgreementKind.MOU
    group: Group = Group.NON_ASN
    number: str = ""
    programs: str = "jkk,jkm"
    contribution_per_person: Decimal | None = None
    expires_on: dt.date | None = None
    notes: str = ""
    create_employer: bool = False
    employer_npp: str = ""


class CreatedOut(Schema):
    id: int
    region: str


class RefusedOut(Schema):
    refusals: list[RefusalOut]
