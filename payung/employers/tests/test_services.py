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
