"""Create and edit employers and units through their pages (every form submitted)."""

import pytest
from django.test import Client
from django.urls import reverse

from payung.employers.models import Employer, WorkUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(user_named):
    def login(name: str) -> Client:
        client = Client()
        client.force_login(user_named(name))
        return client

    return login


def test_create_an_employer_from_the_region_page(as_user):
    client = as_user("provinsi")
    region_page = client.get("/wilayah/74.15/").content.decode()
    assert f"{reverse('new_employer')}?region=74.15" in region_page
    form_page = client.get(f"{reverse('new_employer')}?region=74.15").content.decode()
    assert 'value="74.15"' in form_page
    response = client.post(
        reverse("new_employer"),
        {
            "kind": "regency_government",
            "region": "74.15",
            "name": "Pemerintah Kabupaten Buton Selatan",
            "npp": "74150055",
            "risk_class": "very_low",
        },
    )
    employer = Employer.objects.get(npp="74150055")
    assert response.status_code == 302
    assert response["Location"] == reverse("employer", args=[employer.pk])
    refused = client.post(
        reverse("new_employer"),
        {"kind": "city_government", "region": "74.15", "name": "X", "risk_class": "low"},
    )
    assert refused.status_code == 400
    assert "74.15" in refused.content.decode()


def test_a_unit_operator_and_a_viewer_get_no_employer_forms(as_user):
    kendari = Employer.objects.get(npp="74710001")
    for name in ("damkar", "pimpinan"):
        client = as_user(name)
        assert client.get(reverse("new_employer")).status_code == 403
        assert client.get(reverse("edit_employer", args=[kendari.pk])).status_code == 403
        page = client.get(reverse("employer", args=[kendari.pk])).content.decode()
        assert 'id="employer-actions"' not in page


def test_edit_an_employer_and_give_a_unit_its_own_risk_class(as_user):
    client = as_user("kendari")
    kendari = Employer.objects.get(npp="74710001")
    page = client.get(reverse("employer", args=[kendari.pk])).content.decode()
    assert reverse("edit_employer", args=[kendari.pk]) in page
    assert client.get(reverse("edit_employer", args=[kendari.pk])).status_code == 200
    response = client.post(
        reverse("edit_employer", args=[kendari.pk]),
        {
            "kind": kendari.kind,
            "region": "74.71",
            "name": kendari.name,
            "npp": "74710001",
            "risk_class": "low",
        },
    )
    assert response.status_code == 302
    assert Employer.objects.get(pk=kendari.pk).risk_class == "low"
    damkar = WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    url = reverse("edit_unit", args=[damkar.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": "DAMKAR", "name": damkar.name, "risk_class": "high"})
    assert response.status_code == 302
    assert WorkUnit.objects.get(pk=damkar.pk).risk_class == "high"
    page = client.get(reverse("employer", args=[kendari.pk])).content.decode()
    assert "<strong>Tinggi</strong>" in page
    new = reverse("new_unit", args=[kendari.pk])
    assert client.get(new).status_code == 200
    response = client.post(new, {"code": "BPBD", "name": "BPBD Kota Kendari", "risk_class": ""})
    assert response.status_code == 302
    assert WorkUnit.objects.get(employer=kendari, code="BPBD").effective_risk_class == "low"
    taken = client.post(new, {"code": "bpbd", "name": "Lagi", "risk_class": ""})
    assert taken.status_code == 400
