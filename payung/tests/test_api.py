import pytest

from payung.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(user_named):
    def issue(name):
        _, raw = ApiToken.issue(user=user_named(name), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


def test_api_requires_authentication(client):
    """Without a token or session the API answers 401."""
    assert client.get("/api/regions/").status_code == 401


def test_coverage_endpoint_with_a_token(client, bearer):
    """The coverage endpoint gives the same figures as the CLI."""
    data = client.get("/api/coverage/74?on=2018-10-31", **bearer("cabang")).json()
    assert data["participants"] == 7432
    assert len(data["unregistered"]) == 11


def test_api_goes_through_the_access_gate(client, bearer):
    """Kendari's officer sees only Kendari through the API too."""
    headers = bearer("kendari")
    employers = client.get("/api/employers", **headers).json()
    assert [e["npp"] for e in employers["items"]] == ["74710001"]
    assert client.get("/api/coverage/74", **headers).status_code == 404
    workers = client.get("/api/workers/?limit=1", **headers).json()
    assert (workers["count"], workers["more"]) == (1000, True)  # 1,136: "more than 1,000"


def test_worker_search_and_reported_figures(client, bearer):
    """Workers are searchable by NIK; reported figures carry their sources."""
    headers = bearer("cabang")
    first = client.get("/api/workers/?limit=1", **headers).json()["items"][0]
    found = client.get(f"/api/workers/?q={first['nik']}", **headers).json()
    assert found["count"] == 1
    assert found["items"][0]["id"] == first["id"]
    detail = client.get(f"/api/workers/{first['id']}", **headers).json()
    assert detail["employments"]
    figures = client.get("/api/reported-figures?region=74.71", **headers).json()
    assert {f["count"] for f in figures["items"]} >= {1135, 1136}
    enrollments = client.get(f"/api/enrollments/?worker={first['id']}", **headers).json()
    assert {e["program"] for e in enrollments["items"]} == {"jkk", "jkm"}


def test_session_auth_and_offline_docs(client, user_named):
    """A logged-in browser can use the API; the docs page loads no asset from a CDN."""
    client.force_login(user_named("pimpinan"))
    assert client.get("/api/regions/74").json()["name"] == "Sulawesi Tenggara"
    docs = client.get("/api/docs").content.decode()
    assert "cdn." not in docs
    assert "unpkg" not in docs
    schema = client.get("/api/openapi.json").json()
    assert "/api/coverage/{code}" in schema["paths"]
