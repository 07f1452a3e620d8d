"""Typed shapes of the claims API."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from .models import (
    AccidentStatus,
    ClaimState,
    EventType,
    HeirRelation,
    Outcome,
    SchoolLevel,
    TransportMode,
)


class ClaimRefusalOut(Schema):
    code: str
    field: str
    message: str
    message_id: str
    message_en: str


class ClaimRefusedOut(ClaimRefusalOut):
    refusals: list[ClaimRefusalOut]


class ClaimEmployerOut(Schema):
    npp: str
    name: str


class ClaimReasonOut(Schema):
    code: str
    message: str


class ClaimLineOut(Schema):
    item: str
    amount: int
    basis: str


class ClaimBenefitOut(Schema):
    total: int
    lines: list[ClaimLineOut]


class ClaimAssessIn(Schema):
    nik: str
    event: EventType
    date: dt.date
    event_time: dt.time | None = None
    reported_at: dt.datetime | None = None
    children: int | None = None
    children_levels: list[SchoolLevel] = []


class ClaimAssessOut(Schema):
    covered: bool
    event: str
    date: dt.date
    program: str
    employer: ClaimEmployerOut | None
    wage: int | str | None
    paid_through: str | None
    employer_liable: bool
    reasons: list[ClaimReasonOut]
    benefit: ClaimBenefitOut
    report_deadline: dt.datetime | None


class ClaimRowOut(Schema):
    id: int
    event: str
    event_date: dt.date
    state: ClaimState
    worker: str
    employer: ClaimEmployerOut
    region: str
    covered: bool
    employer_liable: bool
    benefit_total: int
    paid_on: dt.date | None
    paid_amount: int | None
    is_synthetic: bool


class ClaimListOut(Schema):
    region: str | None
    state: str | None
    count: int
    claims: list[ClaimRowOut]


class ClaimHeirOut(Schema):
    name: str
    relation: HeirRelation
    rank: int


class ClaimDocumentOut(Schema):
    kind: str
    received_on: dt.date | None


class ClaimPaymentOut(Schema):
    paid_on: dt.date
    amount: int
    account_name: str
    bank: str


class ClaimAccidentStatusOut(Schema):
    decision: str
    decided_on: dt.date | None
    recorded_by: str | None
    note: str
    due: dt.datetime | None


class ClaimOut(ClaimRowOut):
    reported_at: dt.datetime | None
    report_deadline: dt.datetime | None
    children_levels: list[str]
    accident_status: ClaimAccidentStatusOut | None
    rejection_reason: str
    lines: list[ClaimLineOut]
    heirs: list[ClaimHeirOut]
    documents: list[ClaimDocumentOut]
    payment: ClaimPaymentOut | None
    reasons: list[ClaimReasonOut]


class ClaimIn(Schema):
    worker: int
    event: EventType
    date: dt.date
    event_time: dt.time | None = None
    children: int | None = None
    children_levels: list[SchoolLevel] = []
    place: str = ""
    activity: str = ""
    chronology: str = ""
    witnesses: str = ""
    injury: str = ""
    first_facility: str = ""


class ClaimStageTwoIn(Schema):
    outcome: Outcome
    doctor_statement_date: dt.date
    stmb_months: int | None = None
    disability_percent: Decimal | None = None
    medical_costs: Decimal | None = None
    transport_costs: Decimal | None = None
    transport_mode: TransportMode | None = None


class ClaimAccidentStatusIn(Schema):
    decision: AccidentStatus
    decided_on: dt.date
    note: str = ""


class ClaimRejectIn(Schema):
    reason: str


class ClaimPayIn(Schema):
    paid_on: dt.date
    amount: Decimal
    account_name: str
    account_number: str
    bank: str = ""


class ClaimHeirIn(Schema):
    name: str
    relation: HeirRelation
    nik: str = ""


class ClaimDocumentIn(Schema):
    kind: str
    received_on: dt.date | None = None


class OverdueClaimOut(ClaimRowOut):
    overdue: str
    due: dt.datetime


class RegionClaimsOut(Schema):
    region: str
    start: dt.date | None
    end: dt.date | None
    by_state: dict[str, int]
    claims: int
    paid: int
    paid_amount: int
    median_days_to_payment: int | None
