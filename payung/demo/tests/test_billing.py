"""The demo's bills: the contributions reported for Sultra (regulation-facts §1) as real bills."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.billing.models import Bill, BillState
from payung.billing.selectors import paid_through
from payung.demo.data import NEAR_UMP_2018
from payung.workers.models import Wage

pytestmark = pytest.mark.django_db

# (NPP, period): participants, declared wage, JKK very low line, JKM line, per person.
REPORTED_CASES = {
    ("74000001", "2018-10"): (977, Decimal(2000000), 4800, 6000, 10800),
    ("74050001", "2019-01"): (202, Decimal(2351870), 5644, 7055, 12699),
    ("74130001", "2022-01"): (308, Decimal(2552014), 6124, 7656, 13780),
}


@pytest.mark.parametrize(("npp", "period"), list(REPORTED_CASES))
def test_reported_cases_are_final_paid_bills_at_the_reported_figure_per_person(npp, period):
    """Pemprov 2018 Rp10,800, Konawe Selatan 2019 Rp12,699 (reported Rp12,700, which is 0.54% as
    one rate; Payung truncates each program's line) and Muna Barat 2022 Rp13,780: each total is
    the per-person figure times the participants."""
    participants, wage, jkk, jkm, per_person = REPORTED_CASES[(npp, period)]
    bill = Bill.objects.get(employer__npp=npp, period=period)
    assert bill.state == BillState.PAID
    assert bill.participants == participants
    assert jkk + jkm == per_person
    assert bill.total == Decimal(per_person) * participants
    lines = bill.lines.values_list("program", "wage", "employer_amount").distinct()
    assert set(lines) == {("jkk", wage, jkk), ("jkm", wage, jkm)}


def test_konawe_selatan_declares_the_2019_ump_from_january_2019_only():
    """Its 2018 bills keep the 2018 wages they were computed on; from January 2019 it declares
    the 2019 UMP (a new wage row from that day, kept in history; the 2018 wage stays for 2018),
    and its workers are paid through January 2019."""
    wages = Wage.objects.filter(employer__npp="74050001")
    assert set(wages.in_force_on(date(2019, 1, 1)).values_list("amount", flat=True)) == {
        Decimal(2351870)
    }
    assert set(wages.in_force_on(date(2018, 12, 31)).values_list("amount", flat=True)) <= set(
        NEAR_UMP_2018
    )
    october = Bill.objects.get(employer__npp="74050001", period="2018-10")
    assert set(october.lines.values_list("wage", flat=True)) <= set(NEAR_UMP_2018)
    assert october.total < Decimal(12699) * 202
    raised = wages.get(start_date=date(2019, 1, 1), worker=wages.first().worker)
    assert raised.history.filter(history_type="+", amount=Decimal(2351870)).exists()
    assert paid_through(worker=raised.worker) == "2019-01"


def test_a_second_demo_run_makes_no_bill():
    """The later bills are made once, like the 2018 ones."""
    bills = Bill.objects.count()
    call_command("demo")
    assert Bill.objects.count() == bills
    assert Bill.objects.filter(employer__npp="74050001", period="2019-01").count() == 1
