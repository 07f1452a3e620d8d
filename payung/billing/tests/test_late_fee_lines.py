"""A late fee, when the rules say one is due, is billed as its own line on the next bill, with
its rule explanation, and every page, statement and document shows the same figure."""

from datetime import date
from decimal import Decimal

import pytest

from payung.billing.models import Allocation, BillLine, LineKind
from payung.billing.selectors import employer_statement
from payung.billing.services import (
    discard_draft,
    finalize_bill,
    issue_bills,
    record_payment,
    void_payment,
)
from payung.billing.tests.test_services import small_employer
from payung.rules.formulas import late_fee

pytestmark = pytest.mark.django_db


def late_paid_january():  # type: ignore[no-untyped-def]
    """January 2022 (due 15 February) paid on 20 April: three started months late."""
    employer = small_employer(wages=["3000000", "3100000"])
    january = finalize_bill(bill=issue_bills(employer=employer, period="2022-01"))
    payment = record_payment(
        employer=employer, amount=january.total, paid_on=date(2022, 4, 20), reference="LATE"
    )
    return employer, january, payment


def test_the_late_fee_is_a_line_of_the_next_bill_and_survives_a_recompute() -> None:
    employer, january, _ = late_paid_january()
    expected = late_fee(
        amount=january.total,
        period=date(2022, 1, 1),
        paid_on=date(2022, 4, 20),
        employer_kind=employer.kind,
    )
    assert expected.months_late == 3
    assert expected.amount > 0
    march = issue_bills(employer=employer, period="2022-03")  # ends before the payment
    assert not march.lines.filter(kind=LineKind.LATE_FEE).exists()
    april = issue_bills(employer=employer, period="2022-04")
    (line,) = april.lines.filter(kind=LineKind.LATE_FEE)
    assert line.amount == expected.amount
    assert "2022-01" in line.description
    assert line.explanation is not None
    contributions = sum(
        (x.amount for x in april.lines.filter(kind=LineKind.CONTRIBUTION)), Decimal(0)
    )
    assert april.total == contributions + expected.amount
    april = issue_bills(employer=employer, period="2022-04")  # recomputed: still one line
    assert april.lines.filter(kind=LineKind.LATE_FEE).count() == 1
    assert april.line_count == april.lines.count()
    may = issue_bills(employer=employer, period="2022-05")  # not billed twice
    assert not may.lines.filter(kind=LineKind.LATE_FEE).exists()
    statement = employer_statement(employer=employer, on=date(2022, 5, 1))
    assert statement.fees == expected.amount


def test_discarding_the_draft_sends_the_fee_to_the_next_one(user_named) -> None:
    employer, _, _ = late_paid_january()
    april = issue_bills(employer=employer, period="2022-04")
    discard_draft(bill=april, reason="ulang", actor=user_named("cabang"))
    pending = Allocation.objects.filter(bill__employer=employer, fee_line__isnull=True)
    assert pending.exclude(late_fee=0).count() == 1
    may = issue_bills(employer=employer, period="2022-05")
    assert may.lines.filter(kind=LineKind.LATE_FEE).count() == 1


def test_a_voided_late_payment_takes_its_fee_back_on_a_later_bill(user_named) -> None:
    employer, _, payment = late_paid_january()
    april = finalize_bill(bill=issue_bills(employer=employer, period="2022-04"))
    fee = april.lines.get(kind=LineKind.LATE_FEE).amount
    void_payment(payment=payment, reason="cek ditolak", actor=user_named("cabang"))
    may = issue_bills(employer=employer, period="2022-05")
    (line,) = may.lines.filter(kind=LineKind.LATE_FEE)
    assert line.amount == -fee


def test_the_bills_page_shows_the_same_fee_as_the_statement(client, user_named) -> None:
    from payung.core.money import rupiah

    employer, january, _ = late_paid_january()
    client.force_login(user_named("cabang"))
    statement = employer_statement(employer=employer, on=date(2022, 5, 1))
    (row,) = [r for r in statement.bills if r.bill.pk == january.pk]
    page = client.get(f"/tagihan/pemberi-kerja/{employer.pk}/").content.decode()
    assert f'<td class="num fee">{rupiah(row.fees)}</td>' in page
    detail = client.get(f"/tagihan/{january.pk}/").content.decode()
    assert rupiah(row.fees) in detail
    assert BillLine.objects.filter(kind=LineKind.LATE_FEE).count() == 0
