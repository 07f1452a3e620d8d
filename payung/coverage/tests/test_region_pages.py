"""Region pages and the coverage API read the tally: their query counts are pinned, the same at
every level however many workers or child regions there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# code → the most queries its page may take for the province's officer (the tally path):
# session, user, role, region, children (a province's), tally (totals), figures, seated
# employers (2), sources, tally (outreach), outreach facts, the ancestors of a regency or
# district, a regency's work units with their participants (2), and for a province the
# outreach summary of its children (children, tally, facts), coverage month by month (the
# tally, one) and the unbilled months of the employers under it (employers, bills, enrolments);
# a district's or village's page adds its village officials' cost to cover (village
# governments, officials, target).
PAGES = {"74": 19, "74.71": 18, "74.71.01": 19}


def queries(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions, rules)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("code", sorted(PAGES))
def test_region_page_queries_are_pinned(client, user_named, code, django_assert_max_num_queries):
    """A region page at every level stays within its pinned number of queries."""
    client.force_login(user_named("provinsi"))
    with django_assert_max_num_queries(PAGES[code]):
        client.get(f"/wilayah/{code}/?on=2018-10-31")


def test_coverage_api_queries_are_pinned(client, user_named):
    """`/api/coverage/{code}`: a fixed number of queries per level, whatever the data."""
    client.force_login(user_named("provinsi"))
    counts = {code: queries(client, f"/api/coverage/{code}?on=2018-10-31") for code in PAGES}
    assert counts == {"74": 10, "74.71": 11, "74.71.01": 8}, counts


def test_the_province_outreach_box_summarises_its_regencies(client, user_named):
    """At a province the outreach box counts its 17 regencies and cities by stage and adds up
    their participants; it no longer reports the province's own employer as if it were all."""
    from datetime import date

    from payung.core.scope import Scope
    from payung.outreach.selectors import region_summary
    from payung.regions.models import Region

    province = Region.objects.get(code="74")
    summary = region_summary(region=province, on=date(2018, 10, 31), scope=Scope(everything=True))
    assert summary.children is not None
    assert sum(n for _, _, n in summary.children.by_stage) == 17
    assert summary.children.participants == 7432 - summary.row.participants
    client.force_login(user_named("provinsi"))
    page = client.get("/wilayah/74/?on=2018-10-31").content.decode()
    assert 'id="outreach-children"' in page
    regency = region_summary(
        region=Region.objects.get(code="74.71"), on=date(2018, 10, 31), scope=Scope(everything=True)
    )
    assert regency.children is None
