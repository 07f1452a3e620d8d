"""Demo bills: October to December 2018 for every registered employer, some paid, one in arrears.

Payments are synthetic. Pemprov Sultra's October 2018 bill comes out at Rp10,800 per person
(honorarium Rp2,000,000, JKK very low + JKM), the figure its 2018 MoU budgeted.
"""

from datetime import date
from decimal import Decimal

from payung.billing.models import Bill
from payung.billing.services import finalize_bill, issue_bills, record_payment
from payung.employers.models import Employer

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


def build_demo_bills() -> int:
    """Issue, finalise and pay the demo's bills once; return how many bills were made."""
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
