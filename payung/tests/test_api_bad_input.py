"""Bad input is a refusal in the documented shape, never a server error (issue 11, finding 4).

Each root cause schemathesis found has its test here; `test_api_fuzz.py` keeps looking for new
ones.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payung.accounts.models import ApiToken
from payung.employers.models import Employer
from payung.imports.models import ImportRun
from payung.workers.models import Worker
from payung.workers.nik import make_nik

pytestmark = pytest.mark.django_db

BIG = 2**63  # one more than a 64-bit database integer holds
REFUSAL_KEYS = {"code", "field", "message", "message_id", "message_en", "refusals"}


@pytest.fixture
def api(client, user_named):
    """The test client with the branch officer's token; a server error is answered, not raised."""
    _, raw = ApiToken.issue(user=user_named("cabang"), name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.raise_request_exception = False
    return client


def refused(response, status: int) -> dict:
    """The body of a refusal with `status`, checked to have the documented shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= REFUSAL_KEYS, body
    assert body["refusals"][0]["code"] == body["code"]
    assert " / " in body["message"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        f"/api/regions/?offset={BIG}",
        f"/api/employers?offset={BIG}",
        f"/api/workers/?offset={BIG}",
        f"/api/units?employer={BIG}",
        f"/api/enrollments/?worker={BIG}",
        f"/api/enrollments/?employer={BIG}",
        f"/api/imports/runs?employer={BIG}",
        f"/api/billing/bills/1/lines?offset={BIG}",
    ],
)
def test_integers_beyond_64_bits_are_invalid_input(api, path):
    """They were server errors (SQLite: OverflowError, "datatype mismatch")."""
    body = refused(api.get(path), 422)
    assert body["code"] == "invalid_value"
    assert body["field"] in {"offset", "employer", "worker"}


@pytest.mark.parametrize(
    "path",
    [f"/api/employers/{BIG}", f"/api/workers/{BIG}", f"/api/billing/bills/{BIG}"],
)
def test_ids_beyond_64_bits_are_not_found(api, path):
    assert refused(api.get(path), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("year", "code"), [(0, "year_out_of_range"), (99_999, "year_out_of_range")]
)
def test_simulate_refuses_a_year_it_cannot_compute(api, year, code):
    """`year=0` raised ValueError in `date(0, 1, 1)`: a server error."""
    response = api.get(f"/api/rules/simulate?workers=10&wage=3000000&programs=jkk,jkm&year={year}")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["field"] == "year"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (
            "/api/rules/simulate?workers=10000001&wage=3000000&programs=jkk&year=2020",
            "too_many_workers",
        ),
        ("/api/rules/simulate?workers=10&wage=100000001&programs=jkk&year=2020", "wage_too_high"),
        (
            "/api/rules/benefit/stmb?wage=3000000&accident_date=2020-01-01&months=601",
            "too_many_months",
        ),
        ("/api/rules/benefit/jkm?death_date=2020-01-01&contribution_years=101", "too_many_years"),
    ],
)
def test_calculator_inputs_have_bounds(api, path, code):
    """A billion months of STMB filled gigabytes of memory before it answered."""
    response = api.get(path)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code


def test_malformed_json_is_a_refusal_in_the_documented_shape(api):
    """It was `{"detail": "Cannot parse request body"}`, which no operation documents."""
    response = api.post("/api/outreach/agreements", "{bad", content_type="application/json")
    assert refused(response, 400)["code"] == "malformed_request"


def test_invalid_input_names_the_field(api):
    response = api.post("/api/billing/payments", {"employer": 7}, content_type="application/json")
    body = refused(response, 422)
    assert {(r["code"], r["field"]) for r in body["refusals"]} >= {
        ("field_required", "amount"),
        ("invalid_value", "employer"),
    }


def test_no_credentials_and_not_found_are_refusals(client):
    assert refused(client.get("/api/regions/"), 401)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/regions/?parent=74%00", None),
        ("get", "/api/regions/74%00", None),
        ("get", "/api/workers/?q=%00", None),
        ("post", "/api/outreach/agreements", '{"region": "74.15", "parties": "a\\u0000b"}'),
    ],
)
def test_a_nul_character_is_invalid_input(api, method, path, body):
    """PostgreSQL's text cannot hold NUL: it was a server error there."""
    if body is None:
        response = getattr(api, method)(path)
    else:
        response = api.post(path, body, content_type="application/json")
    assert refused(response, 422)["code"] == "nul_character"


def test_a_nul_character_in_a_roster_cell_refuses_the_row(api, settings, tmp_path):
    """A NUL in a name was stored on SQLite and a server error on PostgreSQL; now the row is
    refused with a stable code, and the message does not repeat the cell."""
    settings.MEDIA_ROOT = tmp_path
    good = make_nik(district_code="74.71.01", birth_date=date(1990, 7, 1), sex="P", serial=9901)
    bad = make_nik(district_code="74.71.01", birth_date=date(1991, 7, 1), sex="P", serial=9902)
    other = make_nik(district_code="74.71.01", birth_date=date(1992, 7, 1), sex="P", serial=9903)
    content = (
        "nik,nama,unit_kerja\r\n"
        f"{good},Siti Aminah,\r\n"
        f"{bad},Sit\x00i Rahma,\r\n"
        f"{other},Ana,da\x00mkar\r\n"
    )
    response = api.post(
        "/api/imports/runs",
        {
            "employer": Employer.objects.get(npp="74710001").pk,
            "on": "2026-01-01",
            "file": SimpleUploadedFile("daftar.csv", content.encode(), content_type="text/csv"),
        },
    )
    assert response.status_code == 201, response.content
    preview = response.json()["preview"]
    issues = [(e["row"], e["column"], e["code"]) for e in preview["errors"]]
    assert (3, "nama", "nul_character") in issues
    assert (4, "unit_kerja", "nul_character") in issues
    assert preview["accepted"] == 1
    assert not Worker.objects.filter(nik=bad).exists()
    assert ImportRun.objects.filter(pk=response.json()["id"]).exists()


def test_the_schema_documents_the_refusals(api):
    schema = api.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/outreach/agreements"]["post"]
    assert {"400", "401", "404", "422"} <= set(map(str, operation["responses"]))
    refused_schema = schema["components"]["schemas"]["ApiRefused"]
    assert set(refused_schema["required"]) == REFUSAL_KEYS
