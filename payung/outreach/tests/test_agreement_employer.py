"""An agreement can register its region's government as an employer in the same step."""

from datetime import date

import pytest
from django.test import Client

from payung.core.errors import DomainError
from payung.employers.models import Employer
from payung.outreach.models import Agreement
from payung.outreach.services import record_agreement

pytestmark = pytest.mark.django_db

AGREEMENT = {
    "signed_on": date(2026, 3, 2),
    "parties": "BPJS Ketenagakerjaan Kendari dan Pemkab Buton Selatan",
    "workers_planned": 500,
    "budget_year": 2026,
    "number": "MOU/BUSEL/2026",
}


def test_the_agreement_creates_its_employer(user_named):
    provinsi = user_named("provinsi")
    agreement = record_agreement(
        actor=provinsi,
        region_code="74.15",
        create_employer=True,
        employer_npp="74150077",
        **AGREEMENT,
    )
    employer = Employer.objects.get(npp="74150077")
    assert (employer.name, employer.kind, employer.region_id) == (
        "Pemerintah Kabupaten Buton Selatan",
        "regency_government",
        "74.15",
    )
    created = employer.history.get()
    assert created.history_user == provinsi
    assert "MOU/BUSEL/2026" in created.history_change_reason
    assert agreement.region_id == "74.15"


def test_an_existing_government_is_refused_and_nothing_is_recorded(user_named):
    with pytest.raises(DomainError) as refused:
        record_agreement(
            actor=user_named("cabang"), region_code="74.71", create_employer=True, **AGREEMENT
        )
    assert refused.value.code == "employer_exists"
    assert not Agreement.objects.filter(number="MOU/BUSEL/2026").exists()


def test_the_timeline_form_offers_it(user_named):
    client = Client()
    client.force_login(user_named("cabang"))
    page = client.get("/sosialisasi/wilayah/74.15/").content.decode()
    assert 'name="create_employer"' in page
    client.post(
        "/sosialisasi/wilayah/74.15/perjanjian/",
        {
            "group": "non_asn",
            "kind": "mou",
            "parties": "BPJS dan Pemkab Buton Selatan",
            "signed_on": "2026-03-02",
            "programs": "jkk,jkm",
            "workers_planned": "500",
            "budget_year": "2026",
            "create_employer": "on",
        },
    )
    assert Employer.objects.filter(region_id="74.15", name__contains="Buton Selatan").count() == 1
