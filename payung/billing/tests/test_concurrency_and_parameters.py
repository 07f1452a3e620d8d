"""Two issuers at once make one bill; the late fee can be switched off per employer kind."""

import shutil
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from payung.billing import selectors, services
from payung.billing.models import Allocation, Bill, BillLine
from payung.billing.services import finalize_bill, issue_bills, record_payment
from payung.core.scope import Scope
from payung.employers.models import Employer
from payung.rules.loader import PARAMETERS_DIR, load_parameters


@pytest.mark.django_db(transaction=True)
def test_two_issuers_at_once_make_one_bill(browser_demo: Any) -> None:
    """Both threads get the same bill; its lines are written once (unique constraint + lock)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises whole transactions)")
    employer = Employer.objects.get(npp="74000001")
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            barrier.wait()
            made.append(issue_bills(employer=employer, period="2019-01").pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(made)) == 1
    assert Bill.objects.filter(employer=employer, period="2019-01").count() == 1
    assert BillLine.objects.filter(bill_id=made[0]).count() == 2 * 977


@pytest.fixture
def regencies_pay_no_late_fee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parameters with `payment/late_fee_applies/regency_government` set to false."""
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_DIR, copy)
    switch = copy / "payment" / "late_fee_applies" / "regency_government.yaml"
    switch.write_text(switch.read_text().replace("value: true", "value: false"))
    tree = load_parameters(copy)
    monkeypatch.setattr(services, "load_parameters", lambda: tree)
    monkeypatch.setattr(selectors, "load_parameters", lambda: tree)


@pytest.mark.django_db
def test_late_fee_can_be_switched_off_per_employer_kind(regencies_pay_no_late_fee: None) -> None:
    regency = Employer.objects.get(npp="74110001")  # Kolaka Timur: nothing paid in the demo
    province = Employer.objects.get(npp="74000001")
    arrears = selectors.region_arrears(
        region_code="74.11", on=date(2019, 6, 1), scope=Scope(everything=True)
    )
    assert arrears.employers[0].unpaid > 0
    assert arrears.employers[0].late_fees == 0
    bill = finalize_bill(bill=issue_bills(employer=province, period="2019-01"))
    record_payment(employer=province, amount=bill.total, paid_on=date(2019, 4, 1), reference="LATE")
    assert Allocation.objects.get(bill=bill).late_fee > 0  # provinces still pay it
    october = Bill.objects.get(employer=regency, period="2018-10")
    record_payment(
        employer=regency, amount=october.total, paid_on=date(2019, 4, 1), reference="LATE"
    )
    part = Allocation.objects.get(bill=october)
    assert part.months_late == 5
    assert part.late_fee == Decimal(0)
