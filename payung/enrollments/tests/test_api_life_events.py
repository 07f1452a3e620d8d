"""The life-event API: add, correct, change wage, move, end, death — the same services and
refusals as the pages, in the API's refusal shape."""

import json
from datetime import date

import pytest

from payung.accounts.models import ApiToken
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.tests.factories import valid_nik
from payung.workers.models import Employment, Wage, Worker

pytestmark = pytest.mark.django_db

BORN = date(1988, 12, 1)


@pytest.fixture
def post(client, user_named):
    def send(user: str, url: str, body: dict) -> tuple[int, dict]:
        _, raw = ApiToken.issue(user=user_named(user), name="test")
        response = client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        return response.status_code, response.json()

    return send


def _damkar() -> WorkUnit:
    return WorkUnit.objects.get(employer__npp="74710001", code="DAMKAR")


def _new_worker(post, user: str = "damkar") -> tuple[int, dict]:
    return post(
        user,
        "/api/enrollments/workers",
        {
            "nik": valid_nik(birth_date=BORN, sex="L"),
            "name": "La Ode API",
            "birth_date": BORN.isoformat(),
            "sex": "L",
            "employer": _damkar().employer_id,
            "unit": _damkar().pk,
            "start": "2026-01-01",
            "wage": "2500000",
            "kpj": "18005550001",
        },
    )


def test_add_correct_wage_move_end_through_the_api(post):
    status, added = _new_worker(post)
    assert status == 201
    assert added["created"] is True
    assert added["enrolled"] == 2
    worker_id = added["worker_id"]
    status, body = post(
        "damkar",
        f"/api/workers/{worker_id}/identity",
        {"name": "La Ode Api", "birth_date": BORN.isoformat(), "sex": "L"},
    )
    assert status == 200
    assert body["name"] == "La Ode Api"
    kendari = Employer.objects.get(npp="74710001")
    status, body = post(
        "damkar",
        f"/api/workers/{worker_id}/wages",
        {"employer": kendari.pk, "amount": "2750000", "start": "2026-04-01"},
    )
    assert (status, body) == (200, {"changed": 1})
    assert Wage.objects.filter(worker_id=worker_id).count() == 2
    employment = Employment.objects.get(worker_id=worker_id)
    satpol = WorkUnit.objects.get(employer=kendari, code="SATPOLPP")
    status, body = post(
        "damkar",
        f"/api/enrollments/workers/{worker_id}/move",
        {
            "employment": employment.pk,
            "to_employer": kendari.pk,
            "to_unit": satpol.pk,
            "on": "2026-05-01",
        },
    )
    assert status == 404  # Satpol PP is outside the Damkar operator's scope
    assert body["code"] == "not_found"
    assert body["refusals"][0]["message_en"]
    status, body = post(
        "kendari",
        f"/api/enrollments/workers/{worker_id}/move",
        {
            "employment": employment.pk,
            "to_employer": kendari.pk,
            "to_unit": satpol.pk,
            "on": "2026-05-01",
        },
    )
    assert status == 200
    assert body["unit_id"] == satpol.pk
    status, body = post(
        "kendari",
        f"/api/enrollments/workers/{worker_id}/end",
        {"employment": body["employment_id"], "on": "2026-09-30", "reason": "employment_ended"},
    )
    assert (status, body) == (200, {"employments": 1, "enrollments": 2})


def test_death_and_refusals_through_the_api(post):
    _, added = _new_worker(post)
    worker_id = added["worker_id"]
    status, body = post(
        "pimpinan", f"/api/enrollments/workers/{worker_id}/death", {"died_on": "2026-10-05"}
    )
    assert status == 403
    status, body = post(
        "damkar", f"/api/enrollments/workers/{worker_id}/death", {"died_on": "2026-10-05"}
    )
    assert status == 200
    assert body == {"last_day": "2026-10-06", "employments": 1, "enrollments": 2}
    assert set(
        Enrollment.objects.filter(worker_id=worker_id).values_list("end_reason", flat=True)
    ) == {"death"}
    status, body = post(
        "damkar", f"/api/enrollments/workers/{worker_id}/death", {"died_on": "2026-10-05"}
    )
    assert status == 400
    assert body["code"] == "nothing_to_end"
    status, body = post(
        "damkar",
        "/api/enrollments/workers",
        {
            "nik": "1234",
            "name": "X",
            "birth_date": "1990-01-01",
            "sex": "L",
            "employer": _damkar().employer_id,
            "unit": _damkar().pk,
            "start": "2026-01-01",
        },
    )
    assert status == 400
    assert body["code"] == "nik_not_16_digits"
    assert not Worker.objects.filter(name="X").exists()
    konawe = Worker.objects.filter(employments__employer__npp="74020001").first()
    status, _ = post(
        "damkar", f"/api/enrollments/workers/{konawe.pk}/death", {"died_on": "2026-10-05"}
    )
    assert status == 404
