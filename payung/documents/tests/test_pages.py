"""Pages: an employer's documents, batches with progress, and the public verification page."""

import pytest
from django.urls import reverse

from payung.employers.models import Employer, WorkUnit

from ..models import BatchState, Certificate, DocumentBatch
from ..services import BACKGROUND_ABOVE
from ..tokens import card_token
from .support import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def kendari():
    return Employer.objects.get(npp="74710001")


def test_documents_page_issue_and_download(client, user_named, kendari):
    """A branch officer sees the page, issues a certificate and downloads it."""
    client.force_login(user_named("cabang"))
    url = reverse("documents:employer", args=[kendari.pk])
    page = client.get(url).content.decode()
    assert "Terbitkan sertifikat" in page
    assert "Buat kartu di latar belakang" in page  # 1,136 cards > the background threshold
    client.post(reverse("documents:issue_certificate", args=[kendari.pk]))
    certificate = Certificate.objects.get(employer=kendari)
    assert certificate.number in client.get(url).content.decode()
    pdf = client.get(reverse("documents:certificate_pdf", args=[certificate.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_small_unit_downloads_at_once_big_one_goes_to_background(client, user_named, kendari):
    """A unit of 10 downloads directly; a set above the threshold is sent to the batch form."""
    client.force_login(user_named("kendari"))
    small = WorkUnit.objects.get(employer=kendari, code="SDA")
    cards = client.get(reverse("documents:cards_pdf", args=[kendari.pk]) + f"?unit={small.pk}")
    assert cards["Content-Type"] == "application/pdf"
    big = client.get(reverse("documents:cards_pdf", args=[kendari.pk]))
    assert big.status_code == 302
    assert big["Location"] == reverse("documents:employer", args=[kendari.pk])
    assert BACKGROUND_ABOVE < 1136


def test_viewer_and_unit_operator_cannot_issue(client, user_named, kendari):
    """Read-only users and unit operators see no issue button and are refused on POST."""
    for name in ("pimpinan", "damkar"):
        client.force_login(user_named(name))
        page = client.get(reverse("documents:employer", args=[kendari.pk])).content.decode()
        assert "Terbitkan sertifikat" not in page
        client.post(reverse("documents:issue_certificate", args=[kendari.pk]))
    assert not Certificate.objects.exists()


def test_unit_operator_sees_only_its_unit(client, user_named, kendari):
    """Damkar's operator counts its 217 cards, not Kendari's 1,136; other employers are 404."""
    client.force_login(user_named("damkar"))
    page = client.get(reverse("documents:employer", args=[kendari.pk])).content.decode()
    assert "217 kartu" in page
    province = Employer.objects.get(npp="74000001")
    assert client.get(reverse("documents:employer", args=[province.pk])).status_code == 404


def test_background_batch_shows_progress_and_its_file(
    client, user_named, kendari, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The batch form queues the task; the batch page shows progress, then the download."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_named("kendari"))
    unit = WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    response = client.post(reverse("documents:request_cards", args=[kendari.pk]), {"unit": unit.pk})
    batch = DocumentBatch.objects.get()
    assert response["Location"] == reverse("documents:batch", args=[batch.pk])
    queued = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in queued
    assert "<progress" in queued
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:request_cards", args=[kendari.pk]), {"unit": unit.pk})
    done = DocumentBatch.objects.filter(state=BatchState.DONE).get()
    assert (done.total, done.done) == (217, 217)
    page = client.get(reverse("documents:batch", args=[done.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    download = client.get(reverse("documents:batch_file", args=[done.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(user_named("damkar"))
    assert client.get(reverse("documents:batch", args=[done.pk])).status_code == 200
    client.force_login(user_named("provinsi"))
    assert client.get(reverse("documents:batch", args=[done.pk])).status_code == 200


def test_verification_page_needs_no_login_and_says_unknown_for_garbage(client, kendari):
    """Random and tampered tokens give a 200 page saying 'tidak dikenal / unknown'."""
    for token in ("abc", "k.1.1:forged", card_token(worker_id=1, employer_id=kendari.pk) + "x"):
        page = client.get(f"/verify/{token}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert 'data-status="unknown"' in text
        assert "TIDAK DIKENAL" in text
        assert "UNKNOWN" in text


def test_employer_and_unit_pages_link_to_documents(client, user_named, kendari):
    """The employer page links to its documents; a unit page to that unit's cards."""
    client.force_login(user_named("cabang"))
    documents = reverse("documents:employer", args=[kendari.pk])
    assert documents in client.get(reverse("employer", args=[kendari.pk])).content.decode()
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    page = client.get(reverse("unit", args=[unit.pk])).content.decode()
    assert f"{documents}?unit={unit.pk}" in page
