"""The imports API: upload with dry run, list, get with progress, confirm; in the schema."""

import pytest

from payung.accounts.models import ApiToken
from payung.employers.models import Employer
from payung.imports.models import ImportRun, State

from .web_support import (
    IMMEDIATE_TASKS,
    KENDARI_NPP,
    KONAWE_NPP,
    media_root,  # noqa: F401
    upload,
    valid_and_bad,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def bearer(user_named):
    def issue(name):
        _, raw = ApiToken.issue(user=user_named(name), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


def _upload(client, headers, npp=KENDARI_NPP, **extra):
    data = {
        "employer": Employer.objects.get(npp=npp).pk,
        "on": "2026-01-01",
        "file": upload(valid_and_bad()),
        **extra,
    }
    return client.post("/api/imports/runs", data, **headers)


def test_upload_dry_run_confirm_and_poll(
    client, bearer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    headers = bearer("provinsi")
    created = _upload(client, headers, programs="jkk,jkm")
    assert created.status_code == 201, created.content
    run = created.json()
    assert run["state"] == "checked"
    assert (run["preview"]["accepted"], run["preview"]["rejected"]) == (2, 1)
    assert run["preview"]["errors"][0]["row"] == 4
    assert run["error_report_url"] == f"/impor/{run['id']}/laporan-kesalahan.xlsx"
    assert run["created_by"] == "provinsi"

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/api/imports/runs/{run['id']}/confirm", **headers)
    assert confirmed.status_code == 202
    polled = client.get(f"/api/imports/runs/{run['id']}", **headers).json()
    assert polled["state"] == "done"
    assert polled["progress"]["percent"] == 100
    assert polled["result"]["created"] == 2

    again = client.post(f"/api/imports/runs/{run['id']}/confirm", **headers)
    assert again.status_code == 400
    assert again.json()["refusals"][0]["code"] == "import_wrong_state"

    listed = client.get("/api/imports/runs?state=done", **headers).json()
    assert [r["id"] for r in listed["items"]] == [run["id"]]


def test_access_through_the_gate(client, bearer):
    assert _upload(client, bearer("kendari"), npp=KONAWE_NPP).status_code == 404
    refused = _upload(client, bearer("pimpinan"))
    assert refused.status_code == 403
    assert refused.json()["refusals"][0]["code"] == "import_not_allowed"
    _upload(client, bearer("cabang"), npp=KONAWE_NPP)
    konawe_run = ImportRun.objects.get()
    assert konawe_run.state == State.CHECKED
    kendari = bearer("kendari")
    assert client.get(f"/api/imports/runs/{konawe_run.pk}", **kendari).status_code == 404
    assert client.get("/api/imports/runs", **kendari).json()["count"] == 0
    assert client.post(f"/api/imports/runs/{konawe_run.pk}/confirm", **kendari).status_code == 404


def test_bad_choices_are_refused_with_codes(client, bearer):
    response = _upload(client, bearer("cabang"), programs="jkk,xyz")
    assert response.status_code == 400
    assert response.json()["refusals"][0]["code"] == "program_unknown"


def test_endpoints_are_in_the_openapi_schema(client, bearer):
    schema = client.get("/api/openapi.json", **bearer("cabang")).json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/imports/runs"])
    assert "get" in paths["/api/imports/runs/{run_id}"]
    assert "post" in paths["/api/imports/runs/{run_id}/confirm"]
