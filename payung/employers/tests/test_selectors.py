"""An employer named by NPP or by its government's region code, as the commands take it."""

import pytest

from payung.employers.selectors import EmployerUnknown, resolve_employer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reference", "npp"),
    [("74000001", "74000001"), ("74", "74000001"), ("74.71", "74710001"), (" 7471 ", "74710001")],
)
def test_an_npp_or_a_region_code_names_one_employer(reference: str, npp: str) -> None:
    assert resolve_employer(reference).npp == npp


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["99.99", "", "74.71.01", "not-an-npp"])
def test_an_unknown_reference_is_refused_with_a_stable_code(reference: str) -> None:
    with pytest.raises(EmployerUnknown) as refused:
        resolve_employer(reference)
    assert refused.value.code == "employer_unknown"
    assert "NPP" in refused.value.refusals[0].message_en
