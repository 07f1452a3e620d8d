"""A bill whose wages fall under the region's minimum wage of its year warns (page, CLI --json,
API) and offers to raise them from a date, for all or selected workers."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.billing.models import Bill
from payung.billing.services import issue_bills, raise_wages
from payung.billing.tests.test_services import small_employer
from payung.billing.wage_checks import WAGE_BELOW_MINIMUM, below_minimum, bill_warnings
from payung.rules.wages import minimum_wage
from payung.workers.models import Wage

pytestmark = pytest.mark.django_db


def test_wages_under_the_ump_of_the_bills_year_warn() -> None:
    """Buton Selatan has no UMK: the Sultra UMP of 2022 applies."""
    ump_2022 = minimum_wage(region_code="74.15", on=date(2022, 1, 1))
    assert ump_2022 is not None
    assert ump_2022.kind == "ump"
    employer = small_employer(wages=["2000000", str(ump_2022.amount), "9000000"])
    bill = issue_bills(employer=employer, period="2022-03")
    found = below_minimum(bill)
    assert found is not None
    assert len(found.worker_ids) == 1
    assert found.lowest == Decimal(2000000)
    (warning,) = bill_warnings(bill)
    assert warning.code == WAGE_BELOW_MINIMUM
    assert "UMP Sulawesi Tenggara 2022" in warning.message
    assert " / " in warning.message


def test_kendari_uses_its_umk_and_no_warning_at_or_above_it() -> None:
    umk = minimum_wage(region_code="74.71", on=date(2024, 6, 1))
    assert umk is not None
    assert umk.kind == "umk"
    employer = small_employer(wages=[str(umk.amount)], region="74.71", npp="74719999")
    bill = issue_bills(employer=employer, period="2024-06")
    assert bill_warnings(bill) == []


def test_raising_wages_from_a_date_recomputes_the_draft_for_selected_workers() -> None:
    employer = small_employer(wages=["2000000", "2100000"])
    bill = issue_bills(employer=employer, period="2022-03")
    below = below_minimum(bill)
    assert below is not None
    assert len(below.worker_ids) == 2
    first = below.worker_ids[0]
    changed = raise_wages(
        bill=bill, amount=below.minimum, start=date(2022, 3, 1), worker_ids=[first]
    )
    assert changed == 1
    bill.refresh_from_db()
    again = below_minimum(bill)
    assert again is not None
    assert again.worker_ids == below.worker_ids[1:]
    assert Wage.objects.filter(worker_id=first, start_date=date(2022, 3, 1)).exists()
    # February keeps the old wage: the raise is from March.
    february = issue_bills(employer=employer, period="2022-02")
    assert below_minimum(february) is not None
    assert len(below_minimum(february).worker_ids) == 2  # type: ignore[union-attr]
    raise_wages(bill=bill, amount=below.minimum, start=date(2022, 3, 1))
    bill.refresh_from_db()
    assert bill_warnings(bill) == []


def test_cli_json_has_warnings_and_the_page_offers_the_raise(client, user_named) -> None:
    employer = small_employer(wages=["2000000"])
    out = io.StringIO()
    call_command("bill", "--employer", "74150001", "--period", "2022-03", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert [w["code"] for w in summary["warnings"]] == [WAGE_BELOW_MINIMUM]
    assert set(summary["warnings"][0]) == {"code", "message"}
    bill = Bill.objects.get(employer=employer, period="2022-03")
    client.force_login(user_named("cabang"))
    page = client.get(f"/tagihan/{bill.pk}/").content.decode()
    assert f'data-code="{WAGE_BELOW_MINIMUM}"' in page
    assert 'id="raise-wages"' in page
    api = client.get(f"/api/billing/bills/{bill.pk}").json()
    assert api["warnings"][0]["code"] == WAGE_BELOW_MINIMUM
    response = client.post(
        f"/tagihan/{bill.pk}/naikkan-upah/",
        {"amount": "4000000", "start": "2022-03-01", "which": "all"},
    )
    assert response.status_code == 302
    bill.refresh_from_db()
    assert set(bill.lines.values_list("wage", flat=True)) == {Decimal(4000000)}
