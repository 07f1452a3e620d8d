"""Region pages and the coverage API read the tally: their query counts are pinned, the same at
every level however many workers or child regions there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# code → the most queries its page may take for the province's officer (the tally path):
# session, user, role, region, children, tally (totals), figures, seated employers (2),
# sources, tally (outreach), outreach facts, and the ancestors of a regency or district.
PAGES = {"74": 12, "74.71": 13, "74.71.01": 13}


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


def test_coverage_api_takes_the_same_queries_for_any_region(client, user_named):
    """`/api/coverage/{code}`: the same number of queries for a province and a district."""
    client.force_login(user_named("provinsi"))
    counts = {code: queries(client, f"/api/coverage/{code}?on=2018-10-31") for code in PAGES}
    assert set(counts.values()) == {10}, counts
