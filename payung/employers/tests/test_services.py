"""Creating and editing employers and units: officers within their regions, with history; the
kind fits the region's level; an NPP is digits and unique; a unit may have its own risk class."""

import pytest

from payung.core.errors import DomainError
from payung.employers.models import Employer, WorkUnit
from payung.employers.services import (
    EmployerFields,
    create_employer,
    create_unit,
    update_employer,
    update_unit,
)

pytestmark = pytest.mark.django_db

BUTON_SELATAN = EmployerFields(
    kind="regency_government",
    region_code="74.15",
    name="Pemerintah  Kabupaten Buton Selatan",
    npp="74150009",
    risk_class="low",
)


def test_an_officer_creates_an_employer_in_its_region_with_history(user_named):
    provinsi = user_named("provinsi")
    employer = create_employer(fields=BUTON_SELATAN, actor=provinsi)
    assert employer.name == "Pemerintah Kabupaten Buton Selatan"
    assert employer.branch_office is not None
    assert employer.history.get().history_user == provinsi


@pytest.mark.parametrize("user", ["kendari", "damkar", "pimpinan"])
def test_others_may_not_create_it(user_named, user):
    with pytest.raises(DomainError) as refused:
        create_employer(fields=BUTON_SELATAN, actor=user_named(user))
    assert refused.value.code in {"region_not_allowed", "not_allowed"}
    assert not Employer.objects.filter(npp="74150009").exists()


def test_the_fields_are_checked_all_at_once(user_named):
    wrong = EmployerFields(
        kind="city_government", region_code="74.15", name=" ", npp="74-15", risk_class="x"
    )
    with pytest.raises(DomainError) as refused:
        create_employer(fields=wrong, actor=user_named("cabang"))
    codes = {r.code for r in refused.value.refusals}
    assert codes == {"kind_region_mismatch", "name_blank", "npp_invalid", "risk_class_unknown"}
    taken = EmployerFields(kind="city_government", region_code="74.71", name="X", npp="74710001")
    with pytest.raises(DomainError) as refused:
        create_employer(fields=taken, actor=user_named("cabang"))
    assert refused.value.code == "npp_taken"


def test_edit_an_employer_and_a_unit_risk_override(user_named):
    kendari = Employer.objects.get(npp="74710001")
    officer = user_named("kendari")
    update_employer(
        employer=kendari,
        fields=EmployerFields(
            kind=kendari.kind,
            region_code="74.71",
            name=kendari.name,
            npp="74710001",
            risk_class="low",
        ),
        actor=officer,
    )
    assert Employer.objects.get(pk=kendari.pk).risk_class == "low"
    damkar = WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    update_unit(unit=damkar, code="DAMKAR", name=damkar.name, risk_class="high", actor=officer)
    damkar.refresh_from_db()
    assert damkar.effective_risk_class == "high"
    assert damkar.history.order_by("-history_id").first().history_user == officer
    unit = create_unit(employer=kendari, code="bpbd", name="BPBD Kota", actor=officer)
    assert (unit.code, unit.effective_risk_class) == ("BPBD", "low")
    with pytest.raises(DomainError) as refused:
        create_unit(employer=kendari, code="BPBD", name="Lagi", actor=officer)
    assert refused.value.code == "unit_code_taken"
    with pytest.raises(DomainError) as refused:
        update_unit(unit=damkar, code="DAMKAR", name="x", actor=user_named("damkar"))
    assert refused.value.code == "not_allowed"


def test_the_employer_api_creates_and_edits(client, user_named):
    import json

    from payung.accounts.models import ApiToken

    def call(user, method, url, body):
        _, raw = ApiToken.issue(user=user_named(user), name="test")
        response = client.generic(
            method,
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        return response.status_code, response.json()

    body = {"kind": "regency_government", "region": "74.15", "name": "Pemkab Busel", "npp": ""}
    status, created = call("provinsi", "POST", "/api/employers", body)
    assert status == 201
    assert created["region_id"] == "74.15"
    status, refused = call("damkar", "POST", "/api/employers", body)
    assert (status, refused["code"]) == (403, "not_allowed")
    status, edited = call(
        "provinsi",
        "PUT",
        f"/api/employers/{created['id']}",
        {**body, "risk_class": "medium"},
    )
    assert (status, edited["risk_class"]) == (200, "medium")
    status, unit = call(
        "provinsi",
        "POST",
        "/api/units",
        {"employer": created["id"], "code": "damkar", "name": "Damkar", "risk_class": "high"},
    )
    assert (status, unit["code"], unit["risk_class"]) == (201, "DAMKAR", "high")
    status, unit = call(
        "provinsi", "PUT", f"/api/units/{unit['id']}", {"code": "DAMKAR", "name": "Damkar"}
    )
    assert (status, unit["risk_class"]) == (200, "")
    status, refused = call(
        "provinsi", "POST", "/api/employers", {**body, "kind": "city_government"}
    )
    assert (status, refused["code"]) == (400, "kind_region_mismatch")
