"""The workers API: a viewer never gets a full NIK, a birth date or a sex; a worker's detail
lists only the employments in the caller's scope; a search can keep the NIK out of the URL."""

import pytest

from payung.accounts.models import ApiToken
from payung.employers.models import Employer
from payung.tests.factories import worker_of_kendari_and_konawe
from payung.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(user_named):
    def issue(name):
        _, raw = ApiToken.issue(user=user_named(name), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


def test_viewer_gets_masked_niks_and_no_birth_date_or_sex(client, bearer):
    """`pimpinan` lists and reads workers with the NIK masked and birth date and sex null."""
    headers = bearer("pimpinan")
    listed = client.get("/api/workers/?limit=50", **headers).json()["items"]
    assert len(listed) == 50
    for item in listed:
        assert "*" in item["nik"]
        assert len(item["nik"]) == 16
        assert item["birth_date"] is None
        assert item["sex"] is None
    worker = Worker.objects.get(pk=listed[0]["id"])
    assert listed[0]["nik"] == worker.masked_nik
    detail = client.get(f"/api/workers/{worker.pk}", **headers).json()
    assert detail["nik"] == worker.masked_nik
    assert detail["birth_date"] is None
    assert detail["sex"] is None


def test_writers_get_the_full_identity(client, bearer):
    """Officers and unit operators, who correct the register, get the NIK, birth date and sex."""
    for name in ("cabang", "kendari", "damkar"):
        item = client.get("/api/workers/?limit=1", **bearer(name)).json()["items"][0]
        worker = Worker.objects.get(pk=item["id"])
        assert item["nik"] == worker.nik
        assert item["birth_date"] == worker.birth_date.isoformat()
        assert item["sex"] == worker.sex


def test_viewer_cannot_search_by_nik_prefix(client, bearer):
    """A prefix search would read a NIK digit by digit from the counts; the whole NIK works."""
    worker = Worker.objects.filter(employments__employer__npp="74710001").first()
    headers = bearer("pimpinan")
    assert client.get(f"/api/workers/?q={worker.nik[:10]}", **headers).json()["count"] == 0
    whole = client.get(f"/api/workers/?q={worker.nik}", **headers).json()
    assert [item["id"] for item in whole["items"]] == [worker.pk]
    officer = client.get(f"/api/workers/?q={worker.nik[:10]}", **bearer("cabang")).json()
    assert officer["count"] >= 1


def test_search_in_the_body(client, bearer):
    """`POST /api/workers/search` answers as `GET ?q=`, with the NIK in the body only."""
    worker = Worker.objects.filter(employments__employer__npp="74710001").first()
    headers = bearer("kendari")
    found = client.post(
        "/api/workers/search?limit=5",
        {"q": worker.nik},
        content_type="application/json",
        **headers,
    ).json()
    assert found["count"] == 1
    assert found["items"][0]["id"] == worker.pk
    by_name = client.post(
        "/api/workers/search", {"q": worker.name}, content_type="application/json", **headers
    ).json()
    assert worker.pk in [item["id"] for item in by_name["items"]]


def test_detail_lists_only_the_employments_in_scope(client, bearer):
    """A worker of Kendari and Konawe: Kendari and Damkar see one employment, cabang both."""
    worker = worker_of_kendari_and_konawe()
    kendari = Employer.objects.get(npp="74710001")
    for name, expected in (("kendari", 1), ("damkar", 1), ("cabang", 2)):
        detail = client.get(f"/api/workers/{worker.pk}", **bearer(name)).json()
        assert len(detail["employments"]) == expected, name
        if expected == 1:
            assert detail["employments"][0]["employer_id"] == kendari.pk
    listed = client.get(f"/api/enrollments/?worker={worker.pk}", **bearer("kendari")).json()
    assert {e["employer_id"] for e in listed["items"]} == {kendari.pk}
    assert listed["count"] == 2


def test_schema_says_what_a_viewer_gets(client, bearer):
    """The OpenAPI schema documents the search in the body and the nullable identity."""
    schema = client.get("/api/openapi.json", **bearer("cabang")).json()
    assert "post" in schema["paths"]["/api/workers/search"]
    worker_out = schema["components"]["schemas"]["WorkerOut"]["properties"]
    assert "masked" in worker_out["nik"]["description"]


def test_keyset_pages_walk_the_register_without_offsets(client, user_named):
    """`after` = the previous page's `next` gives the following page in name order, with no
    worker twice and none skipped; the count stops at 1,000 ("more")."""
    from payung.core.access import scope_for
    from payung.workers.models import Worker

    kendari = user_named("kendari")
    client.force_login(kendari)
    expected = list(
        Worker.objects.in_scope(scope_for(kendari))
        .order_by("name", "nik")
        .values_list("pk", flat=True)
    )
    seen: list[int] = []
    after = None
    while True:
        url = "/api/workers/?limit=200" + (f"&after={after}" if after else "")
        page = client.get(url).json()
        assert (page["count"], page["more"]) == (1000, True)
        seen += [worker["id"] for worker in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == expected
    name = Worker.objects.get(pk=expected[5]).name
    rare = client.get(f"/api/workers/?q={name}&limit=500").json()
    assert rare["more"] is False
    assert rare["count"] == len(rare["items"])
    assert expected[5] in [worker["id"] for worker in rare["items"]]


@pytest.mark.parametrize("full_name", [False, True], ids=["name part", "full name"])
def test_a_name_search_pages_in_registration_order(client, user_named, full_name):
    """A name search answers in registration order (the id): `after` walks every match once,
    and the first page reads its ids and its count in one query. A full name is ordered by an
    expression equal to the id (so PostgreSQL takes the trigram index): the same pages."""
    from collections import Counter

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from payung.core.access import scope_for
    from payung.workers.models import FULL_NAME_LETTERS, Worker

    kendari = user_named("kendari")
    client.force_login(kendari)
    visible = Worker.objects.in_scope(scope_for(kendari))
    names = list(visible.order_by("pk").values_list("name", flat=True))
    if full_name:
        full = [n for n in names if len(n.split()) >= 2 and len(n.replace(" ", "")) >= 10]
        part, _ = Counter(full).most_common(1)[0]
        assert len(part.replace(" ", "")) >= FULL_NAME_LETTERS
        assert Worker.objects.search(part).query.order_by == ("registered",)
    else:
        part = names[0].split()[0]
    expected = list(
        visible.filter(name__icontains=part).order_by("pk").values_list("pk", flat=True)
    )
    size = 1 if full_name else 7
    assert len(expected) > size
    seen: list[int] = []
    after = None
    while True:
        url = f"/api/workers/?q={part.lower()}&limit={size}" + (f"&after={after}" if after else "")
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).json()
        assert (page["count"], page["more"]) == (min(len(expected), 1000), len(expected) > 1000)
        worker_reads = [q for q in captured.captured_queries if '"workers_worker"' in q["sql"]]
        assert len(worker_reads) <= (2 if after is None else 3), [q["sql"] for q in worker_reads]
        seen += [worker["id"] for worker in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == expected
