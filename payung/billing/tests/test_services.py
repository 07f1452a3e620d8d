"""Bills, payments, credit and late fees through the services, on the demo's data."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from payung.billing.models import Allocation, Bill, BillLine, BillState, Payment
from payung.billing.selectors import paid_through, region_arrears
from payung.billing.services import (
    finalize_bill,
    issue_bills,
    record_payment,
)
from payung.core.errors import DomainError
from payung.core.scope import Scope
from payung.employers.models import Employer, EmployerKind, RiskClass, WorkUnit
from payung.enrollments.models import Enrollment
from payung.rules.formulas import contributions, late_fee
from payung.workers.models import Employment, Sex, Wage, Worker
from payung.workers.nik import make_nik
from payung.workers.services import declare_wage

pytestmark = pytest.mark.django_db
EVERYTHING = Scope(everything=True)


def small_employer(*, wages: list[str], region: str = "74.15", npp: str = "74150001") -> Employer:
    """A fresh employer (Buton Selatan, not in the demo) with one worker per wage, JKK+JKM."""
    employer = Employer.objects.create(
        kind=EmployerKind.REGENCY,
        region_id=region,
        name="Pemerintah Kabupaten Buton Selatan",
        npp=npp,
        risk_class=RiskClass.VERY_LOW,
    )
    unit = WorkUnit.objects.create(employer=employer, code="SETDA", name="Sekretariat Daerah")
    for serial, wage in enumerate(wages, start=1):
        worker = Worker.objects.create(
            nik=make_nik(
                district_code="74.15.01", birth_date=date(1990, 1, 1), sex=Sex.MALE, serial=serial
            ),
            name=f"Pekerja {serial}",
            birth_date=date(1990, 1, 1),
            sex=Sex.MALE,
        )
        Employment.objects.create(
            worker=worker, employer=employer, unit=unit, start_date=date(2018, 1, 1)
        )
        Wage.objects.create(
            worker=worker, employer=employer, start_date=date(2018, 1, 1), amount=Decimal(wage)
        )
        for program in ("jkk", "jkm"):
            Enrollment.objects.create(
                worker=worker,
                employer=employer,
                program=program,
                start_date=date(2018, 1, 1),
                kpj=f"2200000{serial:04d}",
            )
    return employer


def test_bill_total_is_the_sum_of_lines_and_the_rules_result_per_worker() -> None:
    employer = small_employer(wages=["2000000", "2552014", "2552014"])
    bill = issue_bills(employer=employer, period="2022-01")
    lines = list(bill.lines.all())
    assert bill.line_count == len(lines) == 6
    assert bill.participants == 3
    assert bill.total == sum((line.amount for line in lines), Decimal(0))
    expected = sum(
        (
            contributions(
                on=date(2022, 1, 1),
                wage=wage.amount,
                programs=["jkk", "jkm"],
                risk_class="very_low",
            ).total
            for wage in Wage.objects.filter(employer=employer)
        ),
        Decimal(0),
    )
    assert bill.total == expected == Decimal(10800 + 13780 * 2)
    jkk = next(line for line in lines if line.program == "jkk")
    assert jkk.rate == Decimal("0.0024")
    assert jkk.explanation is not None
    paths = [p["path"] for p in jkk.explanation.content["parameters"]]
    assert "contributions/jkk/very_low" in paths
    assert bill.due_date == date(2022, 2, 15)
    assert bill.state == BillState.DRAFT


def test_issuing_twice_gives_the_same_bill_and_a_final_one_is_untouched() -> None:
    employer = small_employer(wages=["2000000"])
    first = issue_bills(employer=employer, period="2018-10")
    again = issue_bills(employer=employer, period="2018-10")
    assert first.pk == again.pk
    assert again.total == first.total == Decimal(10800)
    assert BillLine.objects.filter(bill=first).count() == 2
    final = finalize_bill(bill=again)
    assert final.payment_code == "741500012018 10".replace(" ", "")
    Wage.objects.filter(employer=employer).update(amount=Decimal(3000000))
    assert issue_bills(employer=employer, period="2018-10").total == Decimal(10800)
    with pytest.raises(DomainError) as refused:
        finalize_bill(bill=final)
    assert refused.value.code == "bill_not_draft"


def test_final_bills_are_immutable_in_the_database() -> None:
    employer = small_employer(wages=["2000000"])
    bill = finalize_bill(bill=issue_bills(employer=employer, period="2018-10"))
    for attempt in (
        lambda: Bill.objects.filter(pk=bill.pk).update(total=Decimal(1)),
        lambda: Bill.objects.filter(pk=bill.pk).update(state=BillState.DRAFT),
        lambda: Bill.objects.filter(pk=bill.pk).update(payment_code="X"),
        lambda: BillLine.objects.filter(bill=bill).update(employer_amount=Decimal(1)),
        lambda: BillLine.objects.filter(bill=bill)._raw_delete(connection.alias),  # type: ignore[attr-defined]
        lambda: BillLine.objects.create(
            bill=bill, program="jkk", employer_amount=Decimal(5), worker_amount=Decimal(0)
        ),
    ):
        with pytest.raises(Exception, match="billing_final_bill_locked"), transaction.atomic():
            attempt()
    assert Bill.objects.get(pk=bill.pk).total == Decimal(10800)

    with pytest.raises(IntegrityError, match="billing_final_bill_locked"), transaction.atomic():
        Bill.objects.filter(pk=bill.pk)._raw_delete(connection.alias)  # type: ignore[attr-defined]
    # Paying stays possible.
    Bill.objects.filter(pk=bill.pk).update(paid=Decimal(100), state=BillState.PARTLY_PAID)


def test_payments_go_to_the_oldest_open_bill_first_and_the_rest_is_credit() -> None:
    employer = small_employer(wages=["2000000"])
    october, november = (
        finalize_bill(bill=issue_bills(employer=employer, period=p)) for p in ("2018-10", "2018-11")
    )
    payment = record_payment(
        employer=employer,
        amount=Decimal(15000),
        paid_on=date(2018, 11, 10),
        reference="A1",
    )
    october.refresh_from_db()
    november.refresh_from_db()
    assert (october.state, october.paid) == (BillState.PAID, Decimal(10800))
    assert (november.state, november.paid) == (BillState.PARTLY_PAID, Decimal(4200))
    assert payment.credit == 0
    extra = record_payment(
        employer=employer, amount=Decimal(20000), paid_on=date(2018, 12, 1), reference="A2"
    )
    november.refresh_from_db()
    assert november.state == BillState.PAID
    assert extra.credit == Decimal(20000 - 6600)
    # The credit pays the next bill as soon as it is final: never lost.
    december = finalize_bill(bill=issue_bills(employer=employer, period="2018-12"))
    assert december.state == BillState.PAID
    assert Payment.objects.get(pk=extra.pk).credit == Decimal(13400 - 10800)
    with pytest.raises(DomainError) as refused:
        record_payment(
            employer=employer, amount=Decimal(1), paid_on=date(2019, 1, 1), reference="A2"
        )
    assert refused.value.code == "duplicate_payment"


def test_late_fees_follow_the_parameters_including_the_relief_months() -> None:
    employer = small_employer(wages=["2000000"])
    normal = finalize_bill(bill=issue_bills(employer=employer, period="2019-06"))
    relief = finalize_bill(bill=issue_bills(employer=employer, period="2020-10"))
    assert relief.total == Decimal(48 + 60)  # PP 49/2020: 1% of JKK and JKM payable
    record_payment(
        employer=employer, amount=normal.total, paid_on=date(2019, 9, 20), reference="L1"
    )
    fee = Allocation.objects.get(bill=normal)
    expected = late_fee(amount=normal.total, period=date(2019, 6, 1), paid_on=date(2019, 9, 20))
    assert fee.months_late == 3
    assert fee.late_fee == expected.amount
    assert fee.late_fee == (normal.total * Decimal("0.02") * 3).quantize(Decimal(1), "ROUND_DOWN")
    arrears = region_arrears(region_code="74.15", on=date(2021, 4, 10), scope=EVERYTHING)
    row = arrears.employers[0].bills[0]
    assert row.bill.pk == relief.pk
    relief_rate = late_fee(
        amount=Decimal(1000), period=date(2020, 10, 1), paid_on=date(2021, 4, 10)
    )
    assert relief_rate.amount == Decimal(5) * relief_rate.months_late  # 0.5% a month
    assert (
        row.late_fee
        == late_fee(amount=relief.total, period=date(2020, 10, 1), paid_on=date(2021, 4, 10)).amount
    )


def test_demo_bills_pemprov_october_2018_at_10800_per_person() -> None:
    bill = Bill.objects.get(employer__npp="74000001", period="2018-10")
    assert bill.participants == 977
    assert bill.total == Decimal(10800) * 977
    assert bill.state == BillState.PAID
    assert set(
        Bill.objects.filter(employer__is_synthetic=True).values_list("period", flat=True)
    ) == {"2018-10", "2018-11", "2018-12", "2019-01", "2022-01"}  # the later reported cases
    arrears = region_arrears(region_code="74", on=date(2019, 1, 31), scope=EVERYTHING)
    in_arrears = {row.employer.npp: row for row in arrears.employers}
    assert in_arrears["74110001"].bills
    # Pemprov paid every bill, but its workers were enrolled from 9 April 2018 and its bills
    # start in October: April to September were never billed.
    assert in_arrears["74000001"].bills == []
    assert in_arrears["74000001"].unbilled_periods == [f"2018-{m:02d}" for m in range(4, 10)]
    assert Bill.objects.filter(state=BillState.PAID).exists()
    worker = Worker.objects.filter(employments__employer__npp="74000001").first()
    assert worker is not None
    assert paid_through(worker=worker) is None
    kolaka = Worker.objects.filter(employments__employer__npp="74010001").first()
    assert kolaka is not None
    assert paid_through(worker=kolaka) == "2018-12"  # enrolled from October 2018
    late = Worker.objects.filter(employments__employer__npp="74110001").first()
    assert late is not None
    assert paid_through(worker=late) is None


def test_two_bills_for_one_employer_and_month_cannot_exist() -> None:
    employer = small_employer(wages=["2000000"])
    issue_bills(employer=employer, period="2018-10")
    with pytest.raises(IntegrityError), transaction.atomic():
        Bill.objects.create(employer=employer, period="2018-10")


def test_a_correction_is_an_adjustment_line_on_a_later_draft_and_survives_recompute() -> None:
    from payung.billing.services import add_adjustment

    employer = small_employer(wages=["2000000"])
    october = finalize_bill(bill=issue_bills(employer=employer, period="2018-10"))
    with pytest.raises(DomainError) as refused:
        add_adjustment(bill=october, program="jkk", amount=Decimal(-100), description="x")
    assert refused.value.code == "bill_locked"
    november = issue_bills(employer=employer, period="2018-11")
    add_adjustment(
        bill=november, program="jkk", amount=Decimal(-4800), description="Koreksi 2018-10"
    )
    again = issue_bills(employer=employer, period="2018-11")
    assert again.line_count == 3
    assert again.total == Decimal(10800 - 4800)


def test_participants_are_workers_with_a_line_once_per_employer_and_adjustments_count() -> None:
    """A worker counts once per bill whatever their programs; without a wage, not at all."""
    from payung.billing.services import add_adjustment, issue_month

    employer = small_employer(wages=["2000000", "2552014"])
    both, single = Worker.objects.filter(employments__employer=employer).order_by("pk")
    Enrollment.objects.filter(worker=single, program="jkk").delete()
    unpaid = Worker.objects.create(
        nik=make_nik(district_code="74.13.01", birth_date=date(1990, 1, 1), sex=Sex.MALE, serial=9),
        name="Pekerja tanpa upah",
        birth_date=date(1990, 1, 1),
        sex=Sex.MALE,
    )
    other = Employer.objects.create(
        kind=EmployerKind.REGENCY,
        region_id="74.13",
        name="RSUD Muna Barat",
        npp="74130002",
        risk_class=RiskClass.VERY_LOW,
    )
    for worker, at, program in [
        (unpaid, employer, "jkk"),
        (unpaid, employer, "jkm"),
        (both, other, "jkk"),
    ]:
        Enrollment.objects.create(
            worker=worker, employer=at, program=program, start_date=date(2018, 1, 1)
        )
    Wage.objects.create(worker=both, employer=other, start_date=date(2018, 1, 1), amount=2000000)
    first = issue_bills(employer=employer, period="2022-01")
    add_adjustment(bill=first, program="jkk", amount=Decimal(-100), description="Koreksi")
    bills = {bill.employer_id: bill for bill in issue_month(period="2022-01")}
    assert (bills[employer.pk].participants, bills[employer.pk].line_count) == (2, 3 + 1)
    assert (
        bills[employer.pk].total
        == BillLine.objects.filter(bill=first).aggregate(
            total=Sum("employer_amount") + Sum("worker_amount")
        )["total"]
    )
    assert bills[employer.pk].notes.startswith("2 kepesertaan tanpa upah")
    assert (bills[other.pk].participants, bills[other.pk].line_count) == (1, 1)


def test_a_bill_uses_the_wage_in_force_on_its_months_last_day() -> None:
    """A raise from 15 November counts for November's bill; October keeps the old wage."""
    employer = small_employer(wages=["2000000"])
    worker = Worker.objects.get(employments__employer=employer)
    changed = declare_wage(
        worker=worker,
        employer=employer,
        amount=Decimal(3000000),
        start=date(2018, 11, 15),
        actor=None,
    )
    assert changed == 1
    assert issue_bills(employer=employer, period="2018-10").total == Decimal(10800)
    november = issue_bills(employer=employer, period="2018-11")
    assert set(november.lines.values_list("wage", flat=True)) == {Decimal(3000000)}
    assert november.total == Decimal(7200 + 9000)
    again = declare_wage(
        worker=worker,
        employer=employer,
        amount=Decimal(3000000),
        start=date(2019, 1, 1),
        actor=None,
    )
    assert again == 0, "the wage already in force is not declared twice"
