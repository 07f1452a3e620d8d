"""The cost of covering a district's or village's village officials, paid from the village
budget (APBDes), on the district and village coverage pages."""

from datetime import date

import pytest

from payung.core.scope import Scope
from payung.employers.models import EmployerKind
from payung.enrollments.models import Program
from payung.outreach.models import Group, TargetPopulation
from payung.regions.models import Region
from payung.rules.formulas import simulate
from payung.rules.wages import minimum_wage
from payung.tests.factories import (
    EmployerFactory,
    EmploymentFactory,
    EnrollmentFactory,
    WorkerFactory,
    WorkUnitFactory,
)
from payung.web.costs import village_cost_to_cover
from payung.workers.models import Category

pytestmark = pytest.mark.django_db

ON = date(2025, 6, 30)
DISTRICT = "74.71.01"
EVERYTHING = Scope(everything=True)


def _village(code: str, parent: str = DISTRICT) -> Region:
    village, _ = Region.objects.get_or_create(
        code=code, defaults={"level": "village", "name": f"Desa Uji {code}", "parent_id": parent}
    )
    return village


def _government(village: Region, officials: int, covered: int) -> None:
    """A village government with `officials` officials, the first `covered` enrolled in JKK+JKM,
    and one non-ASN worker (who is not an official) enrolled too."""
    government = EmployerFactory(kind=EmployerKind.VILLAGE, region=village)
    unit = WorkUnitFactory(employer=government)
    for index in range(officials + 1):
        category = Category.VILLAGE_OFFICIAL if index < officials else Category.NON_ASN
        worker = WorkerFactory(category=category)
        EmploymentFactory(worker=worker, unit=unit, employer=government)
        if index < covered or index == officials:
            for program in (Program.JKK, Program.JKM):
                EnrollmentFactory(worker=worker, employer=government, program=program)


@pytest.fixture
def villages() -> tuple[Region, Region]:
    first, second = _village(f"{DISTRICT}.9001"), _village(f"{DISTRICT}.9002")
    _government(first, officials=3, covered=1)
    _government(second, officials=2, covered=0)
    _government(_village("74.71.02.9003", parent="74.71.02"), officials=4, covered=0)  # elsewhere
    return first, second


def test_the_district_costs_its_uncovered_officials_on_apbdes_accounts(villages):
    result = village_cost_to_cover(
        region=Region.objects.get(code=DISTRICT), on=ON, scope=EVERYTHING
    )
    officials = result.officials
    assert (officials.governments, officials.officials, officials.covered) == (2, 5, 1)
    assert officials.uncovered == 4
    wage = minimum_wage(region_code=DISTRICT, on=date(2025, 1, 1))
    assert wage is not None
    assert result.wage == wage
    assert result.cost is not None
    expected = simulate(
        workers=4,
        wage=wage.amount,
        programs=("jkk", "jkm"),
        risk_class="very_low",
        year=2025,
        employer_kind=EmployerKind.VILLAGE,
    )
    assert result.cost.simulation.workers == 4
    assert result.cost.simulation.yearly == expected.yearly > 0
    assert {line.cost.account_code for line in result.cost.lines} == {"5.1.3.04"}
    # The same people in the regency's (APBD) accounts would be paid from other codes.
    assert {cost.account_code for cost in expected.programs} == {
        "5.1.02.02.02.0006",
        "5.1.02.02.02.0007",
    }


def test_a_village_uses_its_target_when_it_names_more_officials(villages):
    first, _ = villages
    TargetPopulation.objects.create(
        region=first, group=Group.VILLAGE_OFFICIALS, head_count=10, source="uji", as_of=ON
    )
    result = village_cost_to_cover(region=first, on=ON, scope=EVERYTHING)
    assert (result.officials.officials, result.officials.known) == (3, 10)
    assert result.officials.uncovered == 9
    assert result.cost is not None
    assert result.cost.simulation.workers == 9


def test_nobody_to_cover_costs_nothing(villages):
    result = village_cost_to_cover(region=_village(f"{DISTRICT}.9004"), on=ON, scope=EVERYTHING)
    assert result.officials.uncovered == 0
    assert result.cost is None


def test_before_the_apbdes_accounts_the_cost_says_no_code_is_known(villages):
    first, _ = villages
    result = village_cost_to_cover(region=first, on=date(2018, 10, 31), scope=EVERYTHING)
    assert result.cost is not None
    assert {line.cost.account_code for line in result.cost.lines} == {None}
    assert any("APBDes" in note for note in result.cost.simulation.notes)


def test_district_and_village_pages_show_the_cost(client, user_named, villages):
    client.force_login(user_named("provinsi"))
    page = client.get(f"/wilayah/{DISTRICT}/?on={ON}").content.decode()
    assert 'id="village-cost"' in page
    assert 'id="village-uncovered">4 ' in page
    assert "5.1.3.04" in page
    first, _ = villages
    page = client.get(f"/wilayah/{first.code}/?on={ON}").content.decode()
    assert 'id="village-uncovered">2 ' in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/wilayah/{DISTRICT}/?on={ON}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "APBDes account code" in page
    # A regency's page has no such block (its officials are its districts' and villages').
    assert 'id="village-cost"' not in client.get(f"/wilayah/74.71/?on={ON}").content.decode()


def test_a_scope_sees_only_its_own_villages(villages):
    konawe = Scope(region_codes=("74.02",))
    result = village_cost_to_cover(region=Region.objects.get(code=DISTRICT), on=ON, scope=konawe)
    assert (result.officials.governments, result.officials.officials) == (0, 0)
    assert result.cost is None
