"""Every month from an employer's first enrolment has a final bill or is listed as unbilled;
paid-through never jumps over an unbilled month; the missing months are issued each by its own
month's rules and wages."""

import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from payung.billing.continuity import (
    unbilled_estimates,
    unbilled_month_counts,
    unbilled_periods,
)
from payung.billing.models import Bill, BillState
from payung.billing.selectors import paid_through, region_arrears
from payung.billing.services import finalize_bill, issue_bills, issue_missing, record_payment
from payung.billing.tests.test_services import small_employer
from payung.core.errors import DomainError
from payung.core.scope import Scope
from payung.enrollments.models import EndReason, Enrollment
from payung.workers.models import Worker
from payung.workers.services import declare_wage

pytestmark = pytest.mark.django_db
EVERYTHING = Scope(everything=True)


def final(employer: Any, *periods: str) -> list[Bill]:
    return [finalize_bill(bill=issue_bills(employer=employer, period=p)) for p in periods]


def test_months_before_the_first_bill_are_unbilled() -> None:
    """Enrolled from January 2018, billed from April: January to March are unbilled."""
    employer = small_employer(wages=["2000000"])
    final(employer, "2018-04", "2018-05", "2018-06")
    found = unbilled_periods([employer.pk], on=date(2018, 7, 10))
    assert found == {employer.pk: ["2018-01", "2018-02", "2018-03"]}


def test_a_month_counts_as_unbilled_once_its_due_date_has_passed() -> None:
    employer = small_employer(wages=["2000000"])
    final(employer, "2018-01")
    assert unbilled_periods([employer.pk], on=date(2018, 3, 16)) == {employer.pk: ["2018-02"]}
    # February is due on 15 March 2018: not yet unbilled on that day.
    assert unbilled_periods([employer.pk], on=date(2018, 3, 15)) == {}


def test_a_gap_in_the_middle_and_a_draft_does_not_count_as_billed() -> None:
    employer = small_employer(wages=["2000000"])
    final(employer, "2018-01", "2018-03")
    issue_bills(employer=employer, period="2018-02")  # a draft only
    found = unbilled_periods([employer.pk], on=date(2018, 4, 20))
    assert found == {employer.pk: ["2018-02"]}


def test_months_after_every_worker_left_owe_nothing_but_one_leaving_changes_nothing() -> None:
    employer = small_employer(wages=["2000000", "2100000"])
    final(employer, "2018-01")
    first, second = Worker.objects.filter(enrollments__employer=employer).distinct()
    Enrollment.objects.filter(worker=first).update(
        end_date=date(2018, 2, 10), end_reason=EndReason.EMPLOYMENT_ENDED
    )
    on = date(2018, 6, 20)
    assert unbilled_periods([employer.pk], on=on) == {
        employer.pk: ["2018-02", "2018-03", "2018-04", "2018-05"]
    }
    Enrollment.objects.filter(worker=second).update(
        end_date=date(2018, 3, 31), end_reason=EndReason.EMPLOYMENT_ENDED
    )
    assert unbilled_periods([employer.pk], on=on) == {employer.pk: ["2018-02", "2018-03"]}


def test_paid_through_stops_before_the_first_unbilled_month() -> None:
    """Paid January and March, February never billed: paid through January, not March."""
    employer = small_employer(wages=["2000000"])
    bills = final(employer, "2018-01", "2018-03")
    record_payment(
        employer=employer,
        amount=sum((bill.total for bill in bills), Decimal(0)),
        paid_on=date(2018, 2, 1),
        reference="SP2D-1",
    )
    worker = Worker.objects.filter(enrollments__employer=employer).first()
    assert worker is not None
    assert Bill.objects.get(employer=employer, period="2018-03").state == BillState.PAID
    assert paid_through(worker=worker) == "2018-01"
    final(employer, "2018-02")
    assert paid_through(worker=worker) == "2018-01"  # February billed but unpaid
    record_payment(
        employer=employer,
        amount=Bill.objects.get(employer=employer, period="2018-02").total,
        paid_on=date(2018, 4, 1),
        reference="SP2D-2",
    )
    assert paid_through(worker=worker) == "2018-03"


def test_paid_through_is_nothing_when_the_first_month_was_never_billed() -> None:
    employer = small_employer(wages=["2000000"])
    (bill,) = final(employer, "2018-02")
    record_payment(employer=employer, amount=bill.total, paid_on=date(2018, 3, 1), reference="R")
    worker = Worker.objects.filter(enrollments__employer=employer).first()
    assert worker is not None
    assert paid_through(worker=worker) is None


def test_issue_missing_issues_each_month_with_its_own_wage_and_matches_the_estimate() -> None:
    """The wage changes on 15 February: January bills the old wage, February the new one (in
    force on its last day); the estimate before issuing equals the drafts' total after."""
    employer = small_employer(wages=["2000000"])
    worker = Worker.objects.get(enrollments__employer=employer, enrollments__program="jkk")
    declare_wage(
        worker=worker,
        employer=employer,
        amount=Decimal(3000000),
        start=date(2018, 2, 15),
        actor=None,
    )
    missing = unbilled_periods([employer.pk], on=date(2018, 4, 20))
    assert missing == {employer.pk: ["2018-01", "2018-02", "2018-03"]}
    estimate = unbilled_estimates(missing, {employer.pk: employer})[employer.pk]
    bills = issue_missing(employer=employer, through="2018-03")
    assert [bill.period for bill in bills] == ["2018-01", "2018-02", "2018-03"]
    assert all(bill.state == BillState.DRAFT for bill in bills)
    assert sum((bill.total for bill in bills), Decimal(0)) == estimate
    wages = {bill.period: set(bill.lines.values_list("wage", flat=True)) for bill in bills}
    assert wages == {
        "2018-01": {Decimal(2000000)},
        "2018-02": {Decimal(3000000)},
        "2018-03": {Decimal(3000000)},
    }


def test_a_period_after_next_month_is_refused() -> None:
    employer = small_employer(wages=["2000000"])
    with pytest.raises(DomainError) as refused:
        issue_bills(employer=employer, period="2099-01")
    assert refused.value.code == "period_too_late"


def test_arrears_list_an_employer_with_only_unbilled_months() -> None:
    employer = small_employer(wages=["2000000"])
    found = region_arrears(region_code="74.15", on=date(2018, 3, 20), scope=EVERYTHING)
    (row,) = [row for row in found.employers if row.employer.pk == employer.pk]
    assert row.bills == []
    assert row.unbilled_periods == ["2018-01", "2018-02"]
    assert row.unbilled_estimate > 0
    assert row.as_dict()["unbilled_periods"] == ["2018-01", "2018-02"]


def test_cli_arrears_and_bill_missing_follow_the_contract() -> None:
    employer = small_employer(wages=["2000000"])
    out = io.StringIO()
    call_command("arrears", "--region", "74.15", "--on", "2018-04-17", "--json", stdout=out)
    (entry,) = [e for e in json.loads(out.getvalue())["employers"] if e["employer"] == "74150001"]
    assert entry["unbilled_periods"] == ["2018-01", "2018-02", "2018-03"]
    out = io.StringIO()
    call_command(
        "bill", "--employer", "74150001", "--missing", "--through", "2018-03", "--json", stdout=out
    )
    issued = json.loads(out.getvalue())
    assert issued["issued"] == ["2018-01", "2018-02", "2018-03"]
    total = sum((Decimal(b["total"]) for b in issued["bills"]), Decimal(0))
    assert total == Decimal(entry["unbilled_estimate"])
    assert set(Bill.objects.filter(employer=employer).values_list("state", flat=True)) == {
        BillState.DRAFT
    }


def test_bills_page_lists_unbilled_months_and_issues_them_in_one_click(client, user_named):
    """Kendari (enrolled from 5 February 2018, billed from October) shows February–September
    as unbilled; one click drafts every unbilled month; the arrears page shows them too."""
    from payung.employers.models import Employer

    kendari = Employer.objects.get(npp="74710001")
    client.force_login(user_named("cabang"))
    page = client.get(f"/tagihan/pemberi-kerja/{kendari.pk}/").content.decode()
    assert 'id="unbilled"' in page
    for month in range(2, 10):
        assert f">2018-{month:02d}<" in page
    arrears = client.get("/tagihan/tunggakan/74/?on=2019-03-01").content.decode()
    assert "Kota Kendari" in arrears
    assert "9 bulan (2018-02 – 2019-01)" in arrears  # and January 2019, due on 15 February
    response = client.post(f"/tagihan/pemberi-kerja/{kendari.pk}/terbitkan-yang-belum/")
    assert response.status_code == 302
    drafts = Bill.objects.filter(employer=kendari, state=BillState.DRAFT)
    assert {"2018-02", "2018-09", "2019-01"} <= set(drafts.values_list("period", flat=True))


def test_arrears_queries_do_not_grow_with_the_unbilled_months(django_assert_max_num_queries):
    """Eight demo employers with ~100 unbilled months each: enrolments and wages are read once
    per stretch in which they do not change, not once per month."""
    with django_assert_max_num_queries(15):
        found = region_arrears(region_code="74", on=date(2026, 12, 1), scope=EVERYTHING)
    assert found.unbilled_months > 700


def test_month_counts_agree_with_the_months_listed() -> None:
    """`unbilled_month_counts` (a region page's figures, counted over month ranges) counts
    exactly what `unbilled_periods` lists: gaps, drafts, a worker leaving, all billed."""
    employer = small_employer(wages=["2000000", "2100000"])
    final(employer, "2018-01", "2018-03")
    issue_bills(employer=employer, period="2018-02")  # a draft does not count as billed
    first = Worker.objects.filter(enrollments__employer=employer).distinct().first()
    Enrollment.objects.filter(worker=first).update(
        end_date=date(2018, 5, 10), end_reason=EndReason.EMPLOYMENT_ENDED
    )
    ids = [employer.pk]
    for on in (date(2018, 3, 15), date(2018, 4, 20), date(2018, 7, 1), date(2019, 1, 20)):
        listed = unbilled_periods(ids, on=on)
        assert unbilled_month_counts(ids, on=on) == {pk: len(m) for pk, m in listed.items()}
    assert unbilled_month_counts(ids, on=date(2018, 3, 15)) == {}  # January billed, Feb not due
    assert unbilled_month_counts(ids, on=date(2018, 4, 20)) == {employer.pk: 1}
