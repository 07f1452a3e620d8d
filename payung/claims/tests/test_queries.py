"""Lists and the region figures read in a fixed number of queries, however many claims."""

from datetime import date

import pytest
from django.test import Client

from payung.claims.services import file_claim
from payung.workers.models import Worker

pytestmark = pytest.mark.django_db


def _file_many(user, count: int) -> None:
    workers = Worker.objects.filter(
        claims__isnull=True,
        employments__employer__npp="74710001",
        enrollments__program="jkm",
        enrollments__employer__npp="74710001",
    ).distinct()[:count]
    for worker in workers:
        file_claim(actor=user, worker=worker, event="jkm-death", event_date=date(2020, 3, 1))


@pytest.mark.parametrize("url", ["/api/claims/?region=74", "/klaim/?region=74"])
def test_claim_lists_do_not_grow_with_the_claims(user_named, django_assert_max_num_queries, url):
    """The same query budget for the demo's claims and for twelve more."""
    client = Client()
    client.force_login(user_named("cabang"))
    client.get(url)  # warm the session and the scope cache
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    _file_many(user_named("kendari"), 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_overdue_list_reads_only_claims_that_may_be_late(user_named, django_assert_num_queries):
    """The overdue list is one query however many claims there are, and twelve JKM deaths (no
    deadline) are not on it."""
    from django.utils import timezone

    from payung.claims.models import Claim
    from payung.claims.selectors import overdue_claims
    from payung.core.scope import Scope

    _file_many(user_named("kendari"), 12)
    scope = Scope(everything=True)
    with django_assert_num_queries(1):
        found = overdue_claims(scope)
    late = {item.claim.pk for item in found}
    jkm = set(Claim.objects.filter(event_type="jkm-death").values_list("pk", flat=True))
    assert not late & jkm
    assert all(item.due < timezone.now() for item in found)
