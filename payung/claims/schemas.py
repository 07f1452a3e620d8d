"""Typed shapes of the claims API."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from .models import ClaimState, EventType, HeirRelation, Outcome, TransportMode


class RefusalOut(Schema):
    code: str
    field: str
    message: str
    message_id: str
    message_en: str


class RefusedOut(RefusalOut):
    refusals: list[RefusalOut]


class EmployerOut(Schema):
    npp: str
    name: str


class ReasonOut(Schema):
    code: str
    message: str


class LineOut(Schema):
    item: str
    amount: int
    basis: str


class BenefitOut(Schema):
    total: int
    lines: list[LineOut]


class AssessIn(Schema):
    nik: str
    event: EventType
    date: dt.date
    event_time: dt.time | None = None
    reported_at: dt.datetime | None = None
    children: int | None = None


class AssessOut(Schema):
    covered: bool
    event: str
    date: dt.date
    program: str
    employer: EmployerOut | None
    wage: int | str | None
    paid_through: str | None
    employer_liable: bool
    reasons: list[ReasonOut]
    benefit: BenefitOut
    report_deadline: dt.datetime | None


class ClaimRowOut(Schema):
    id: int
    event: str
    event_date: dt.date
    state: ClaimState
    worker: str
    employer: EmployerOut
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


class HeirOut(Schema):
    name: str
    relation: HeirRelation
    rank: int


class DocumentOut(Schema):
    kind: str
    received_on: dt.date | None


class PaymentOut(Schema):
    paid_on: dt.date
    amount: int
    account_name: str
    bank: str


class ClaimOut(ClaimRowOut):
    reported_at: dt.datetime | None
    report_deadline: dt.datetime | None
    rejection_reason: str
    lines: list[LineOut]
    heirs: list[HeirOut]
    documents: list[DocumentOut]
    payment: PaymentOut | None
    reasons: list[ReasonOut]


class ClaimIn(Schema):
    worker: int
    event: EventType
    date: dt.date
    event_time: dt.time | None = None
    children: int | None = None
    place: str = ""
    activity: str = ""
    chronology: str = ""
    witnesses: str = ""
    injury: str = ""
    first_facility: str = ""


class StageTwoIn(Schema):
    outcome: Outcome
    doctor_statement_date: dt.date
    stmb_months: int | None = None
    disability_percent: Decimal | None = None
    medical_costs: Decimal | None = None
    transport_costs: Decimal | None = None
    transport_mode: TransportMode | None = None


class RejectIn(Schema):
    reason: str


class PayIn(Schema):
    paid_on: dt.date
    amount: Decimal
    account_name: str
    account_number: str
    bank: str = ""


class HeirIn(Schema):
    name: str
    relation: HeirRelation
    nik: str = ""


class DocumentIn(Schema):
    kind: str
    received_on: dt.date | None = None


class OverdueOut(ClaimRowOut):
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
