"""Demo bills: October to December 2018 for every registered employer, some paid, one in arrears,
and the later bills of the reported Sultra cases.

Payments are synthetic. The bills reproduce the contributions reported for Sultra (regulation-facts
§1): Pemprov Sultra's October 2018 bill comes out at Rp10,800 per person (honorarium Rp2,000,000,
JKK very low + JKM), the figure its 2018 MoU budgeted; Konawe Selatan's January 2019 bill at
Rp12,699 per person on the 2019 UMP of Rp2,351,870 (reported as Rp12,700: 0.54% of the wage as one
rate, where Payung truncates each program's line; docs/rules.md); Muna Barat's January 2022 bill,
its first, at Rp13,780 per person on a declared Rp2,552,014.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from payung.billing.models import Bill
from payung.billing.services import finalize_bill, issue_bills, parse_period, record_payment
from payung.employers.models import Employer
from payung.workers.models import Worker
from payung.workers.services import declare_wages

from . import data

PERIODS = ("2018-10", "2018-11", "2018-12")
IN_ARREARS = "74110001"  # Kolaka Timur: no payment at all

# (NPP, [(date, share of which bills, reference)]): a payment pays the listed months in full,
# plus `extra` (credit) or only `part` of the last month.
PAYMENTS: dict[str, list[tuple[date, tuple[str, ...], str, Decimal]]] = {
    "74000001": [
        (date(2018, 11, 12), ("2018-10",), "SP2D-PROV-2018-1101", Decimal(1)),
        (date(2018, 12, 12), ("2018-11",), "SP2D-PROV-2018-1201", Decimal(1)),
        (date(2019, 1, 11), ("2018-12",), "SP2D-PROV-2019-0101", Decimal(1)),
    ],
    "74710001": [
        (date(2018, 11, 14), ("2018-10",), "SP2D-KDI-2018-0451", Decimal(1)),
        (date(2019, 1, 3), ("2018-11",), "SP2D-KDI-2019-0007", Decimal(1)),
        (date(2019, 1, 15), ("2018-12",), "SP2D-KDI-2019-0020", Decimal(1)),
    ],
    "74060001": [
        (date(2018, 11, 15), ("2018-10",), "SP2D-BMB-2018-0310", Decimal(1)),
        (date(2019, 1, 14), ("2018-11", "2018-12"), "SP2D-BMB-2019-0012", Decimal("0.75")),
    ],
    "74020001": [
        (date(2018, 11, 15), ("2018-10",), "SP2D-KNW-2018-0777", Decimal(1)),
        (date(2019, 1, 14), ("2018-11", "2018-12"), "SP2D-KNW-2019-0021", Decimal("1.01")),
    ],
    "74050001": [
        (date(2018, 11, 13), ("2018-10", "2018-11", "2018-12"), "SP2D-KNS-2018-0190", Decimal(1)),
    ],
    "74010001": [
        (date(2018, 11, 15), ("2018-10",), "SP2D-KLK-2018-0230", Decimal(1)),
        (date(2018, 12, 17), ("2018-11",), "SP2D-KLK-2018-0288", Decimal(1)),
        (date(2019, 1, 15), ("2018-12",), "SP2D-KLK-2019-0009", Decimal(1)),
    ],
}


@dataclass(frozen=True)
class LaterBill:
    """A reported case's month after 2018: the wage declared from then on, the bill, its payment."""

    npp: str
    period: str
    wage: Decimal
    paid_on: date
    reference: str


# Konawe Selatan declared the 2019 UMP for its workers from January 2019; its 2018 bills keep
# the 2018 wages (a bill reads the wage in force in its month). Muna Barat's workers declare
# their wage from their start in January 2022.
LATER_BILLS = (
    LaterBill("74050001", "2019-01", data.UMP_2019, date(2019, 2, 13), "SP2D-KNS-2019-0042"),
    LaterBill(
        "74130001", "2022-01", data.MUNA_BARAT_WAGE[0], date(2022, 2, 14), "SP2D-MUBAR-2022-0057"
    ),
)


def build_demo_bills() -> int:
    """Issue, finalise and pay the demo's bills once; return how many bills were made."""
    return _build_2018_bills() + _build_later_bills()


def _build_2018_bills() -> int:
    employers = list(Employer.objects.filter(npp__in=[spec.npp for spec in data.EMPLOYERS]))
    if not employers or Bill.objects.filter(employer__in=employers).exists():
        return 0
    bills = {}
    for employer in employers:
        for period in PERIODS:
            bill = finalize_bill(bill=issue_bills(employer=employer, period=period))
            bills[(employer.npp, period)] = bill
    by_npp = {employer.npp: employer for employer in employers}
    for npp, payments in PAYMENTS.items():
        for paid_on, periods, reference, share in payments:
            amount = sum((bills[(npp, period)].total for period in periods), Decimal(0))
            record_payment(
                employer=by_npp[npp],
                amount=(amount * share).quantize(Decimal(1)),
                paid_on=paid_on,
                reference=reference,
                channel="sp2d",
            )
    return len(bills)


def _build_later_bills() -> int:
    """Each later bill once, after the 2018 ones (a demo loaded before they existed gets them)."""
    made = 0
    for case in LATER_BILLS:
        employer = Employer.objects.filter(npp=case.npp).first()
        if employer is None or Bill.objects.filter(employer=employer, period=case.period).exists():
            continue
        _declare_wage(employer=employer, wage=case.wage, period=case.period)
        bill = finalize_bill(bill=issue_bills(employer=employer, period=case.period))
        record_payment(
            employer=employer,
            amount=bill.total,
            paid_on=case.paid_on,
            reference=case.reference,
            channel="sp2d",
        )
        made += 1
    return made


def _declare_wage(*, employer: Employer, wage: Decimal, period: str) -> None:
    """The employer declares `wage` for its synthetic workers from the first day of `period`."""
    declare_wages(
        workers=Worker.objects.filter(is_synthetic=True, employments__employer=employer).distinct(),
        employer=employer,
        amount=wage,
        start=parse_period(period),
        actor=None,
        reason=f"Demo: upah dilaporkan mulai {period} / declared wage from {period}",
    )
