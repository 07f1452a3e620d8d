"""Typed shapes of the billing API: bills, payments and their voids, arrears, statements.

Amounts are Rupiah as decimal strings (`"13248990"`, or with cents `"2177053.50"`), as the
command line prints them, so that no client reads money as a float.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from payung.rules.schemas import ExplanationOut, UsedParameterOut

Money = Annotated[str, Field(description="Rupiah as a decimal string, e.g. 13248990")]


class BillIn(Schema):
    employer: str = Field(description="NPP or region code")
    period: str = Field(description="YYYY-MM")
    finalize: bool = False


class PaymentIn(Schema):
    employer: str = Field(description="NPP or region code")
    amount: Decimal
    date: dt.date
    reference: str
    channel: str = "bank_transfer"
    confirm: bool = Field(False, description="Needed above PAYUNG_PAYMENT_CONFIRM_ABOVE")


class ReasonIn(Schema):
    reason: str = Field(max_length=200, description="Why; kept in the history with the actor")


class LineOut(Schema):
    id: int
    kind: str
    worker_id: int | None
    program: str
    wage: Decimal | None
    rate: Decimal
    employer_amount: Decimal
    worker_amount: Decimal
    explanation_id: int | None
    description: str


class BillOut(Schema):
    """A bill as the command line gives it (`payung bill --json`)."""

    employer: str = Field(description="NPP, or the employer's id without one")
    period: str
    state: str
    participants: int
    lines: int
    total: Money
    payment_code: str | None
    id: int
    name: str
    employer_amount: Money
    worker_amount: Money
    paid: Money
    due_date: dt.date | None


class BillProgramOut(Schema):
    program: str
    kind: str
    lines: int
    employer: Money
    worker: Money


class BillExplanationOut(Schema):
    """The rules behind some of a bill's lines: a contribution's parameters, or a late fee."""

    id: int
    program: str | None = None
    parameters: list[UsedParameterOut] | None = None
    low_confidence: list[str] | None = None
    notes: list[str] | None = None
    amount: Money | None = Field(None, description="A late fee's amount")
    months_late: int | None = None
    due_date: dt.date | None = None
    applies: bool | None = None
    explanation: ExplanationOut | None = None


class WarningOut(Schema):
    code: str
    message: str


class BillDetailOut(BillOut):
    programs: list[BillProgramOut]
    explanations: list[BillExplanationOut]
    warnings: list[WarningOut]


class AllocationOut(Schema):
    period: str
    amount: Money
    months_late: int
    late_fee: Money
    bill_state: str


class PaymentOut(Schema):
    employer: str
    id: int
    date: dt.date
    amount: Money
    reference: str
    channel: str
    allocations: list[AllocationOut]
    credit: Money = Field(description="What the employer has paid that no bill has taken yet")


class VoidOut(Schema):
    """A request to void a payment: `done` once the reversing entry is written, `pending` while
    it waits for a second person (above PAYUNG_VOID_FOUR_EYES_ABOVE)."""

    id: int
    payment_id: int
    employer: str
    reference: str
    amount: Money
    state: str
    reason: str
    requested_by: str | None
    approved_by: str | None
    reversal_id: int | None = Field(description="The reversing payment, once written")


class DiscardedOut(Schema):
    id: int
    employer: str
    period: str
    reason: str


class BillRowOut(Schema):
    period: str
    state: str
    due_date: dt.date | None
    payment_code: str | None
    participants: int
    total: Money
    paid: Money
    unpaid: Money
    months_late: int
    late_fee: Money
    fees_charged: Money
    fees: Money


class EmployerArrearsOut(Schema):
    employer: str | None = Field(description="NPP")
    name: str
    region: str
    oldest_period: str
    unpaid: Money
    late_fees: Money
    bills: list[BillRowOut]
    unbilled_periods: list[str] = Field(description="YYYY-MM, oldest first")
    unbilled_estimate: Money


class ArrearsOut(Schema):
    region: str
    on: dt.date
    employers_in_arrears: int
    unpaid: Money
    late_fees: Money
    unbilled_months: int
    unbilled_estimate: Money
    employers: list[EmployerArrearsOut]


class StatementPaymentOut(Schema):
    date: dt.date
    reference: str
    channel: str
    amount: Money
    reverses: str | None = Field(description="The reference of the payment this one voids")


class StatementOut(Schema):
    employer: str | None = Field(description="NPP")
    name: str
    on: dt.date
    billed: Money
    paid: Money
    owed: Money
    fees: Money
    credit: Money
    unbilled_periods: list[str]
    unbilled_estimate: Money
    bills: list[BillRowOut]
    payments: list[StatementPaymentOut]
