"""The documents API: certificates, cards, batches and the public verification JSON."""

import pytest

from payung.accounts.models import ApiToken
from payung.employers.models import Employer, WorkUnit

from ..models import BatchState, DocumentBatch
from .support import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(user_named):
    def issue(name):
        _, raw = ApiToken.issue(user=user_named(name), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


@pytest.fixture
def kendari():
    return Employer.objects.get(npp="74710001")


def test_issue_certificate_download_it_and_verify_it_without_login(client, bearer, kendari):
    """A branch officer issues; the PDF downloads; the token verifies with no credentials."""
    headers = bearer("cabang")
    issued = client.post(f"/api/documents/employers/{kendari.pk}/certificates", **headers)
    assert issued.status_code == 201
    body = issued.json()
    assert body["participants"] == 1136
    pdf = client.get(body["pdf_url"], **headers)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    listed = client.get(f"/api/documents/employers/{kendari.pk}/certificates", **headers).json()
    assert [c["number"] for c in listed] == [body["number"]]
    token = body["verify_url"].rstrip("/").rsplit("/", 1)[1]
    public = client.get(f"/api/documents/verify/{token}")
    assert public.status_code == 200
    assert public.json()["status"] == "valid"
    assert public.json()["certificate_number"] == body["number"]
    assert client.get(f"/api/documents/verify/{token}x").json()["status"] == "unknown"


def test_access_gate_and_roles(client, bearer, kendari):
    """Kendari's officer cannot see the province; a viewer or unit operator cannot issue."""
    province = Employer.objects.get(npp="74000001")
    assert (
        client.get(
            f"/api/documents/employers/{province.pk}/certificates", **bearer("kendari")
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/documents/employers/{kendari.pk}/certificates", **bearer("pimpinan")
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/documents/employers/{kendari.pk}/certificates", **bearer("damkar")
        ).status_code
        == 403
    )
    assert client.get(f"/api/documents/employers/{kendari.pk}/certificates").status_code == 401


def test_cards_pdf_for_a_unit_and_too_many_at_once(client, bearer, kendari, monkeypatch):
    """Cards come as a PDF; above the synchronous limit the API answers 413."""
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    headers = bearer("kendari")
    cards = client.get(f"/api/documents/employers/{kendari.pk}/cards?unit={unit.pk}", **headers)
    assert cards.status_code == 200
    assert cards["Content-Type"] == "application/pdf"
    monkeypatch.setattr("payung.documents.api.SYNCHRONOUS_CARDS_MAX", 5)
    too_many = client.get(f"/api/documents/employers/{kendari.pk}/cards?unit={unit.pk}", **headers)
    assert too_many.status_code == 413
    assert too_many.json()["code"] == "too_many_cards"


def test_card_batch_through_the_api(
    client, bearer, kendari, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A batch queued through the API is rendered by the task and can be polled and fetched."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    headers = bearer("kendari")
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(
            f"/api/documents/employers/{kendari.pk}/card-batches",
            {"unit_id": unit.pk},
            content_type="application/json",
            **headers,
        )
    assert queued.status_code == 202
    batch = client.get(f"/api/documents/card-batches/{queued.json()['id']}", **headers).json()
    assert (batch["state"], batch["total"], batch["done"], batch["percent"]) == (
        "done",
        10,
        10,
        100,
    )
    assert batch["file_url"]
    assert DocumentBatch.objects.get(pk=batch["id"]).state == BatchState.DONE
    assert (
        client.get(f"/api/documents/card-batches/{batch['id']}", **bearer("damkar")).status_code
        == 404
    )


def test_openapi_lists_the_documents_endpoints(client, user_named):
    """The schema documents every endpoint, and verification needs no authentication."""
    client.force_login(user_named("pimpinan"))
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/documents/employers/{employer_id}/certificates",
        "/api/documents/certificates/{certificate_id}/pdf",
        "/api/documents/employers/{employer_id}/cards",
        "/api/documents/employers/{employer_id}/card-batches",
        "/api/documents/card-batches/{batch_id}",
        "/api/documents/verify/{token}",
    ):
        assert path in paths, path
    assert not paths["/api/documents/verify/{token}"]["get"].get("security")
