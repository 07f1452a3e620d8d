"""Voiding a payment and discarding a draft bill through the API: the same gate and refusals as
the pages (scope, read-only roles, a reason, four eyes above the limit), with stable codes and
messages in Indonesian and English."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from payung.accounts.models import ApiToken
from payung.billing.models import Bill, Payment, PaymentVoid, VoidState
from payung.billing.services import finalize_bill, issue_bills, record_payment
from payung.billing.tests.test_services import small_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(user_named):
    def issue(name: str) -> dict[str, str]:
        _, raw = ApiToken.issue(user=user_named(name), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


def paid(amount: str = "") -> Payment:
    """A paid bill of an employer of Buton Selatan (74.15, outside Kota Kendari)."""
    employer = small_employer(wages=["2000000"])
    bill = finalize_bill(bill=issue_bills(employer=employer, period="2022-01"))
    return record_payment(
        employer=employer,
        amount=Decimal(amount) if amount else bill.total,
        paid_on=date(2022, 2, 10),
        reference="SP2D-7",
        confirmed=True,
    )


def void(client, headers, payment_id: int, **body):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/billing/payments/{payment_id}/void",
        body,
        content_type="application/json",
        **headers,
    )


def test_an_officer_voids_a_payment_by_a_reversing_entry(client, bearer):
    """At or under the limit the reversing entry is written at once, with the reason."""
    payment = paid()
    answer = void(client, bearer("provinsi"), payment.pk, reason="salah input")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["state"], body["reason"], body["requested_by"]) == (
        "done",
        "salah input",
        "provinsi",
    )
    assert body["approved_by"] == "provinsi"
    reversal = Payment.objects.get(reverses=payment)
    assert body["reversal_id"] == reversal.pk
    assert reversal.amount == -payment.amount
    again = void(client, bearer("provinsi"), payment.pk, reason="lagi")
    assert again.status_code == 400
    assert again.json()["code"] == "payment_already_voided"


def test_a_reason_is_required(client, bearer):
    """No reason at all is invalid input (422); a blank one is refused by the service (400)."""
    payment = paid()
    missing = void(client, bearer("provinsi"), payment.pk)
    assert missing.status_code == 422
    assert (missing.json()["code"], missing.json()["field"]) == ("field_required", "reason")
    blank = void(client, bearer("provinsi"), payment.pk, reason="  ")
    assert blank.status_code == 400
    refused = blank.json()
    assert (refused["code"], refused["field"]) == ("missing_reason", "reason")
    assert refused["message_id"] == "Alasan wajib diisi"
    assert refused["message_en"] == "A reason is required"
    assert not PaymentVoid.objects.filter(payment=payment).exists()


def test_another_employers_payment_is_not_there_and_readers_may_not_void(client, bearer):
    """Kendari's officer does not see a Buton Selatan payment (404, as every read outside the
    scope); a read-only role sees it but may not void it (403)."""
    payment = paid()
    outside = void(client, bearer("kendari"), payment.pk, reason="x")
    assert outside.status_code == 404
    assert outside.json()["code"] == "not_found"
    reader = void(client, bearer("pimpinan"), payment.pk, reason="x")
    assert reader.status_code == 403
    assert reader.json()["code"] == "forbidden"
    assert not PaymentVoid.objects.filter(payment=payment).exists()


@override_settings(PAYUNG_VOID_FOUR_EYES_ABOVE=Decimal(1_000))
def test_above_the_limit_a_second_officer_approves(client, bearer):
    """The void waits; the officer who asked cannot approve it, another one can."""
    payment = paid()
    asked = void(client, bearer("provinsi"), payment.pk, reason="dobel")
    assert asked.status_code == 200
    body = asked.json()
    assert (body["state"], body["reversal_id"], body["approved_by"]) == ("pending", None, None)
    assert not Payment.objects.filter(reverses=payment).exists()
    approve = f"/api/billing/voids/{body['id']}/approve"
    same = client.post(approve, **bearer("provinsi"))
    assert same.status_code == 400
    assert same.json()["code"] == "four_eyes"
    assert client.post(approve, **bearer("kendari")).status_code == 404
    assert client.post(approve, **bearer("pimpinan")).status_code == 403
    second = client.post(approve, **bearer("admin"))
    assert second.status_code == 200, second.content
    assert (second.json()["state"], second.json()["approved_by"]) == ("done", "admin")
    assert PaymentVoid.objects.get(pk=body["id"]).state == VoidState.DONE
    assert Payment.objects.filter(reverses=payment).exists()


def test_a_draft_is_discarded_with_a_reason_and_a_final_bill_is_not(client, bearer):
    employer = small_employer(wages=["2000000"])
    draft = issue_bills(employer=employer, period="2022-03")
    final = finalize_bill(bill=issue_bills(employer=employer, period="2022-02"))
    url = "/api/billing/bills/{}/discard"
    headers = bearer("provinsi")
    missing = client.post(url.format(draft.pk), {}, content_type="application/json", **headers)
    assert missing.status_code == 422
    assert (
        client.post(
            url.format(draft.pk),
            {"reason": "x"},
            content_type="application/json",
            **bearer("kendari"),
        ).status_code
        == 404
    )
    reader = client.post(
        url.format(draft.pk), {"reason": "x"}, content_type="application/json", **bearer("pimpinan")
    )
    assert reader.status_code == 403
    refused = client.post(
        url.format(final.pk), {"reason": "salah"}, content_type="application/json", **headers
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "bill_not_draft"
    assert refused.json()["refusals"][0]["message_en"].startswith("Only a draft")
    done = client.post(
        url.format(draft.pk),
        {"reason": "periode salah"},
        content_type="application/json",
        **headers,
    )
    assert done.status_code == 200, done.content
    assert done.json() == {
        "id": draft.pk,
        "employer": "74150001",
        "period": "2022-03",
        "reason": "periode salah",
    }
    assert not Bill.objects.filter(pk=draft.pk).exists()
    assert Bill.objects.filter(pk=final.pk).exists()
