"""Corrections, never deletions: a draft can be discarded (with its history), a payment is voided
by a reversing entry with a reason and the acting user (four eyes above a limit), a large
payment needs confirmation, finalising asks for it."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings

from payung.billing.models import Allocation, Bill, BillState, Payment, PaymentVoid, VoidState
from payung.billing.selectors import employer_credit, employer_statement, payment_summary
from payung.billing.services import (
    add_adjustment,
    approve_void,
    discard_draft,
    finalize_bill,
    issue_bills,
    record_payment,
    void_payment,
)
from payung.billing.tests.test_services import small_employer
from payung.core.errors import DomainError

pytestmark = pytest.mark.django_db


def code_of(action, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        action(**kwargs)
    return refused.value.code


def test_a_draft_is_discarded_with_its_reason_in_history_and_a_final_bill_never(user_named):
    employer = small_employer(wages=["2000000"])
    draft = issue_bills(employer=employer, period="2022-01")
    officer = user_named("cabang")
    assert code_of(discard_draft, bill=draft, reason=" ", actor=officer) == "missing_reason"
    discard_draft(bill=draft, reason="periode salah", actor=officer)
    assert not Bill.objects.filter(pk=draft.pk).exists()
    last = Bill.history.filter(id=draft.pk).order_by("-history_id").first()
    assert last is not None
    assert last.history_type == "-"
    assert last.history_user == officer
    assert "periode salah" in last.history_change_reason
    final = finalize_bill(bill=issue_bills(employer=employer, period="2022-02"))
    assert code_of(discard_draft, bill=final, reason="x") == "bill_not_draft"
    with_adjustment = issue_bills(employer=employer, period="2022-03")
    add_adjustment(bill=with_adjustment, program="jkk", amount=Decimal(100), description="x")
    assert code_of(discard_draft, bill=with_adjustment, reason="x") == "draft_has_adjustments"


def test_a_void_reverses_the_payment_and_its_allocations_and_the_bill_is_owed_again(
    user_named,
):
    employer = small_employer(wages=["2000000"])
    bill = finalize_bill(bill=issue_bills(employer=employer, period="2022-01"))
    payment = record_payment(
        employer=employer,
        amount=bill.total + 500,
        paid_on=date(2022, 2, 10),
        reference="SP2D-9",
    )
    bill.refresh_from_db()
    assert bill.state == BillState.PAID
    officer = user_named("cabang")
    request = void_payment(payment=payment, reason="salah input", actor=officer)
    assert request.state == VoidState.DONE
    assert request.approved_by == officer
    bill.refresh_from_db()
    assert bill.state == BillState.FINAL
    assert bill.paid == 0
    reversal = Payment.objects.get(reverses=payment)
    assert reversal.amount == -payment.amount
    assert reversal.history.first().history_user == officer  # type: ignore[union-attr]
    assert Allocation.objects.filter(bill=bill).count() == 2  # the original and its reversal
    assert employer_credit(employer) == 0
    statement = employer_statement(employer=employer, on=date(2022, 3, 1))
    assert statement.owed == bill.total
    assert statement.credit == 0
    assert statement.as_dict()["payments"][1]["reverses"] == "SP2D-9"
    assert payment_summary(reversal)["allocations"][0]["amount"] == f"-{int(bill.total)}"
    assert code_of(void_payment, payment=payment, reason="lagi") == "payment_already_voided"
    assert code_of(void_payment, payment=reversal, reason="lagi") == "payment_already_voided"


@override_settings(PAYUNG_VOID_FOUR_EYES_ABOVE=Decimal(1000))
def test_a_void_above_the_limit_waits_for_a_second_person(user_named):
    employer = small_employer(wages=["2000000"])
    bill = finalize_bill(bill=issue_bills(employer=employer, period="2022-01"))
    payment = record_payment(
        employer=employer, amount=bill.total, paid_on=date(2022, 2, 10), reference="R1"
    )
    first, second = user_named("cabang"), user_named("provinsi")
    request = void_payment(payment=payment, reason="cek kosong", actor=first)
    assert request.state == VoidState.PENDING
    assert not Payment.objects.filter(reverses=payment).exists()
    assert code_of(approve_void, request=request, actor=first) == "four_eyes"
    assert code_of(approve_void, request=request, actor=None) == "four_eyes"
    approve_void(request=request, actor=second)
    request.refresh_from_db()
    assert request.state == VoidState.DONE
    assert request.requested_by == first
    assert request.approved_by == second
    assert Payment.objects.filter(reverses=payment).exists()
    assert PaymentVoid.history.filter(id=request.pk).count() >= 2


@override_settings(PAYUNG_PAYMENT_CONFIRM_ABOVE=Decimal(1_000_000))
def test_a_payment_above_the_ceiling_needs_confirmation() -> None:
    employer = small_employer(wages=["2000000"])
    kwargs: dict[str, Any] = {
        "employer": employer,
        "paid_on": date(2022, 2, 10),
        "reference": "BIG",
    }
    assert code_of(record_payment, amount=Decimal("1e9"), **kwargs) == "payment_needs_confirmation"
    assert not Payment.objects.filter(employer=employer).exists()
    payment = record_payment(amount=Decimal("1e9"), confirmed=True, **kwargs)
    assert payment.amount == Decimal(1_000_000_000)


def test_pages_confirm_finalising_discard_and_void(client, user_named):
    employer = small_employer(wages=["2000000"])
    draft = issue_bills(employer=employer, period="2022-01")
    client.force_login(user_named("cabang"))
    client.post(f"/tagihan/{draft.pk}/finalkan/")
    draft.refresh_from_db()
    assert draft.state == BillState.DRAFT  # no confirmation ticked
    client.post(f"/tagihan/{draft.pk}/finalkan/", {"confirm": "1"})
    draft.refresh_from_db()
    assert draft.state == BillState.FINAL
    other = issue_bills(employer=employer, period="2022-02")
    client.post(f"/tagihan/{other.pk}/buang/", {"reason": "dobel"})
    assert not Bill.objects.filter(pk=other.pk).exists()
    payment = record_payment(
        employer=employer, amount=draft.total, paid_on=date(2022, 2, 1), reference="P1"
    )
    page = client.get(f"/tagihan/pemberi-kerja/{employer.pk}/").content.decode()
    assert 'class="inline void"' in page
    client.post(
        f"/tagihan/pemberi-kerja/{employer.pk}/batalkan-pembayaran/",
        {"payment": payment.pk, "reason": "salah rekening"},
    )
    assert Payment.objects.filter(reverses=payment).exists()
    page = client.get(f"/tagihan/pemberi-kerja/{employer.pk}/").content.decode()
    assert "salah rekening" in page
    assert "BATAL-P1" in page


def test_cli_void_payment_names_the_acting_user(user_named):
    import io
    import json

    from django.core.management import call_command

    employer = small_employer(wages=["2000000"])
    bill = finalize_bill(bill=issue_bills(employer=employer, period="2022-01"))
    record_payment(employer=employer, amount=bill.total, paid_on=date(2022, 2, 1), reference="C1")
    user_named("cabang")
    out = io.StringIO()
    call_command(
        "void_payment", "--employer", "74150001", "--reference", "C1", "--reason", "ganda",
        "--as", "cabang", "--json", stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["state"] == "done"
    request = PaymentVoid.objects.get(payment__reference="C1")
    assert request.requested_by is not None
    assert request.requested_by.username == "cabang"
