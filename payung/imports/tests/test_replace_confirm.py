"""A replace import shows whom it ends, by name, before it is confirmed; one that ends more than
PAYUNG_REPLACE_CONFIRM_SHARE of the roster needs the number typed in a second confirmation."""

import json
from datetime import date

import pytest

from payung.accounts.models import ApiToken
from payung.employers.models import Employer
from payung.imports.models import ImportRun, State
from payung.tests.factories import EmployerFactory, EmploymentFactory, EnrollmentFactory

from .web_support import IMMEDIATE_TASKS, media_root, roster_csv, upload  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

NAMES = ("Andi Tetap", "Budi Pergi", "Citra Pergi", "Dedi Pergi")


@pytest.fixture
def employer() -> Employer:
    """An employer of four enrolled workers."""
    found: Employer = EmployerFactory.create()
    for name in NAMES:
        employment = EmploymentFactory(
            worker__name=name, employer=found, unit=None, start_date=date(2025, 1, 1)
        )
        EnrollmentFactory(worker=employment.worker, employer=found, start_date=date(2025, 1, 1))
    return found


def _check_replace(client, employer: Employer) -> ImportRun:
    staying = employer.employments.get(worker__name="Andi Tetap").worker
    response = client.post(
        "/impor/unggah/",
        {
            "employer": employer.pk,
            "mode": "replace",
            "on": "2026-06-30",
            "programs": ["jkk"],
            "file": upload(roster_csv((staying.nik, staying.name))),
        },
    )
    assert response.status_code == 302
    return ImportRun.objects.get(employer=employer)


def test_the_preview_names_whom_a_replace_ends_and_asks_for_the_count(
    client, user_named, employer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    client.force_login(user_named("cabang"))
    run = _check_replace(client, employer)
    assert run.preview["ended"] == 3
    assert run.preview["roster_before"] == 4
    page = client.get(f"/impor/{run.pk}/").content.decode()
    assert 'id="replace-ending"' in page
    for name in ("Budi Pergi", "Citra Pergi", "Dedi Pergi"):
        assert f"<li>{name}</li>" in page
    assert "<li>Andi Tetap</li>" not in page
    assert 'name="typed_count"' in page

    client.post(f"/impor/{run.pk}/konfirmasi/")
    run.refresh_from_db()
    assert run.state == State.CHECKED
    client.post(f"/impor/{run.pk}/konfirmasi/", {"typed_count": "4"})
    run.refresh_from_db()
    assert run.state == State.CHECKED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/impor/{run.pk}/konfirmasi/", {"typed_count": "3"})
    run.refresh_from_db()
    assert run.state == State.DONE
    assert employer.enrollments.filter(end_reason="not_in_roster").count() == 3


def test_below_the_share_one_confirmation_is_enough(client, user_named, employer, settings):
    settings.PAYUNG_REPLACE_CONFIRM_SHARE = 0.8
    client.force_login(user_named("cabang"))
    run = _check_replace(client, employer)
    page = client.get(f"/impor/{run.pk}/").content.decode()
    assert "<li>Budi Pergi</li>" in page
    assert 'name="typed_count"' not in page


def test_the_api_confirm_needs_the_typed_count(client, user_named, employer):
    client.force_login(user_named("cabang"))
    run = _check_replace(client, employer)
    _, raw = ApiToken.issue(user=user_named("cabang"), name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    refused = client.post(f"/api/imports/runs/{run.pk}/confirm", **auth)
    assert refused.status_code == 400
    assert json.loads(refused.content)["refusals"][0]["code"] == "import_replace_count_required"
    accepted = client.post(f"/api/imports/runs/{run.pk}/confirm?typed_count=3", **auth)
    assert accepted.status_code == 202
