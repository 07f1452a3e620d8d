"""A unit whose work differs (Damkar, Satpol PP) bills JKK at its own risk class; the rest of
the employer at the employer's."""

from datetime import date
from decimal import Decimal

import pytest

from payung.billing.services import issue_bills
from payung.employers.models import RiskClass, WorkUnit
from payung.workers.models import Employment

from .test_services import small_employer

pytestmark = pytest.mark.django_db


def test_a_unit_override_sets_the_jkk_rate_of_its_workers_only() -> None:
    employer = small_employer(wages=["2000000", "2000000"])
    damkar = WorkUnit.objects.create(
        employer=employer, code="DAMKAR", name="Damkar", risk_class=RiskClass.HIGH
    )
    moved = Employment.objects.filter(employer=employer).order_by("worker_id")[0]
    Employment.objects.filter(pk=moved.pk).update(end_date=date(2021, 12, 31))
    Employment.objects.create(
        worker_id=moved.worker_id, employer=employer, unit=damkar, start_date=date(2022, 1, 1)
    )
    bill = issue_bills(employer=employer, period="2022-01")
    jkk = {line.worker_id: line for line in bill.lines.filter(program="jkk")}
    assert jkk[moved.worker_id].rate == Decimal("0.0127")
    assert jkk[moved.worker_id].employer_amount == Decimal(25400)
    other = next(line for worker, line in jkk.items() if worker != moved.worker_id)
    assert other.rate == Decimal("0.0024")
    explanation = jkk[moved.worker_id].explanation
    assert explanation is not None
    paths = [p["path"] for p in explanation.content["parameters"]]
    assert "contributions/jkk/high" in paths
    december = issue_bills(employer=employer, period="2021-12")
    assert {line.rate for line in december.lines.filter(program="jkk")} == {Decimal("0.0024")}
