"""Payments, adjustments and bill periods have bounds (issue 11, finding 3): refused with a
stable code by the services and the API, and checked by the database."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, transaction

from payung.accounts.models import ApiToken
from payung.billing.models import Payment
from payung.billing.services import add_adjustment, issue_bills, record_payment
from payung.core.errors import DomainError
from payung.employers.models import Employer

pytestmark = pytest.mark.django_db
KENDARI = "74710001"


@pytest.fixture
def kendari():
    return Employer.objects.get(npp=KENDARI)


def refusal(call, **arguments):
    with pytest.raises(DomainError) as refused:
        call(**arguments)
    return refused.value.code, refused.value.refusals[0].field


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("NaN"), ("not_a_number", "amount")),
        (Decimal("1000.001"), ("amount_too_precise", "amount")),
        (Decimal(100_000_000_001), ("amount_out_of_range", "amount")),
        (Decimal(10**20), ("amount_out_of_range", "amount")),
        (Decimal(0), ("invalid_amount", "amount")),
    ],
)
def test_payment_amounts_have_bounds(kendari, amount, expected):
    payment = {"employer": kendari, "paid_on": date(2019, 1, 5), "reference": "TRF-1"}
    assert refusal(record_payment, amount=amount, **payment) == expected
    assert not Payment.objects.filter(reference="TRF-1").exists()


def test_the_payment_ceiling_is_a_setting(kendari, settings):
    settings.PAYUNG_PAYMENT_MAX_AMOUNT = 50_000
    payment = {"employer": kendari, "paid_on": date(2019, 1, 5)}
    assert refusal(record_payment, amount=Decimal(50_001), reference="A", **payment) == (
        "amount_out_of_range",
        "amount",
    )
    assert record_payment(amount=Decimal(50_000), reference="B", **payment).amount == 50_000


def test_a_payment_date_outside_the_years_is_refused(kendari):
    payment = {"employer": kendari, "amount": Decimal(1000), "reference": "TRF-2"}
    assert refusal(record_payment, paid_on=date(1, 1, 1), **payment) == (
        "year_out_of_range",
        "date",
    )


@pytest.mark.parametrize("period", ["0000-01", "1899-12", "2101-01", "9999-12"])
def test_bill_periods_outside_the_years_are_refused(kendari, period):
    """`0000-01` was a server error (`date(0, 1, 1)`)."""
    assert refusal(issue_bills, employer=kendari, period=period) == ("year_out_of_range", "period")


def test_adjustments_have_bounds(kendari):
    draft = issue_bills(employer=kendari, period="2019-02")
    for amount, code in (
        (Decimal(-100_000_000_001), "amount_out_of_range"),
        (Decimal("NaN"), "not_a_number"),
        (Decimal("0.005"), "amount_too_precise"),
    ):
        found = refusal(add_adjustment, bill=draft, program="jkk", amount=amount, description="x")
        assert found == (code, "amount")


def test_the_api_answers_refusals_not_server_errors(client, user_named, kendari):
    _, raw = ApiToken.issue(user=user_named("cabang"), name="test")
    client.raise_request_exception = False
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    payment = {"employer": KENDARI, "date": "2019-01-05", "reference": "API-1"}
    response = client.post(
        "/api/billing/payments",
        {**payment, "amount": str(10**20)},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "amount_out_of_range"
    response = client.post(
        "/api/billing/bills",
        {"employer": KENDARI, "period": "0000-01"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "year_out_of_range"


def test_the_database_checks_what_a_payment_column_holds(kendari):
    """SQLite does not enforce the column's precision; the check does (PostgreSQL both)."""
    payment = record_payment(
        employer=kendari, amount=Decimal(1000), paid_on=date(2019, 1, 5), reference="DB-1"
    )
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(amount=Decimal(10**14), allocated=0)
