"""The register's life-event pages, each form submitted: add, correct, wage, move, end, death,
reprint a card; destructive steps show what they end (counts and names) before they do it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from payung.employers.models import Employer, WorkUnit
from payung.enrollments.life_events import add_worker
from payung.enrollments.models import Enrollment
from payung.tests.factories import valid_nik
from payung.workers.models import Employment, Wage, Worker

pytestmark = pytest.mark.django_db

BORN = date(1992, 7, 9)


@pytest.fixture
def as_user(user_named):
    def login(name: str) -> Client:
        client = Client()
        client.force_login(user_named(name))
        return client

    return login


def _kendari() -> Employer:
    return Employer.objects.get(npp="74710001")


def _damkar() -> WorkUnit:
    return WorkUnit.objects.get(employer__npp="74710001", code="DAMKAR")


def _worker(user_named, name: str = "Laode Halaman") -> Worker:
    return add_worker(
        nik=valid_nik(birth_date=BORN, sex="L"),
        name=name,
        birth_date=BORN,
        sex="L",
        employer=_kendari(),
        unit=_damkar(),
        start=date(2026, 1, 1),
        wage=Decimal(2_600_000),
        programs=["jkk", "jkm"],
        kpj="18009999999",
        actor=user_named("damkar"),
    ).worker


def test_add_a_worker_from_the_employer_page(as_user):
    client = as_user("damkar")
    url = reverse("add_worker", args=[_kendari().pk])
    assert url in client.get(reverse("employer", args=[_kendari().pk])).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="nik"' in page.content.decode()
    nik = valid_nik(birth_date=BORN, sex="P")
    form = {
        "nik": nik,
        "name": "Wa Ode Formulir",
        "birth_date": BORN.isoformat(),
        "sex": "P",
        "category": "non_asn",
        "unit": _damkar().pk,
        "start": "2026-02-01",
        "wage": "2700000",
        "programs": ["jkk", "jkm"],
        "kpj": "",
    }
    response = client.post(url, form)
    worker = Worker.objects.get(nik=nik)
    assert response.status_code == 302
    assert response["Location"] == reverse("worker", args=[worker.pk])
    assert Enrollment.objects.filter(worker=worker).count() == 2
    refused = client.post(url, {**form, "nik": nik[:15] + "x", "sex": "L"})
    assert refused.status_code == 400
    assert "16" in refused.content.decode()


def test_add_refuses_another_unit_on_the_form(as_user):
    client = as_user("damkar")
    satpol = WorkUnit.objects.get(employer__npp="74710001", code="SATPOLPP")
    response = client.post(
        reverse("add_worker", args=[_kendari().pk]),
        {
            "nik": valid_nik(birth_date=BORN, sex="L"),
            "name": "X",
            "birth_date": BORN.isoformat(),
            "sex": "L",
            "category": "non_asn",
            "unit": satpol.pk,
            "start": "2026-02-01",
            "programs": ["jkk"],
        },
    )
    assert response.status_code == 400
    assert not Worker.objects.filter(name="X").exists()


def test_the_worker_page_offers_the_actions_to_writers_only(as_user, user_named):
    worker = _worker(user_named)
    page = as_user("damkar").get(reverse("worker", args=[worker.pk])).content.decode()
    for name in ("worker_identity", "worker_wage", "worker_move", "worker_end", "worker_death"):
        assert reverse(name, args=[worker.pk]) in page
    assert reverse("documents:worker_card", args=[worker.pk, _kendari().pk]) in page
    viewer = as_user("pimpinan")
    assert (
        'id="worker-actions"'
        not in viewer.get(reverse("worker", args=[worker.pk])).content.decode()
    )
    assert viewer.get(reverse("worker_identity", args=[worker.pk])).status_code == 403


def test_correct_identity_form(as_user, user_named):
    worker = _worker(user_named)
    client = as_user("damkar")
    url = reverse("worker_identity", args=[worker.pk])
    assert "Laode Halaman" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "La Ode Halaman",
            "birth_date": BORN.isoformat(),
            "sex": "L",
            "category": "non_asn",
        },
    )
    assert response.status_code == 302
    assert Worker.objects.get(pk=worker.pk).name == "La Ode Halaman"
    refused = client.post(
        url, {"name": "La Ode", "birth_date": "1992-07-10", "sex": "L", "category": "non_asn"}
    )
    assert refused.status_code == 400
    assert "NIK" in refused.content.decode()


def test_change_wage_form(as_user, user_named):
    worker = _worker(user_named)
    client = as_user("damkar")
    url = reverse("worker_wage", args=[worker.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"employer": _kendari().pk, "amount": "3100000", "start": "2026-06-01"}
    )
    assert response.status_code == 302
    assert Wage.objects.get(worker=worker, start_date=date(2026, 6, 1)).amount == 3_100_000


def test_move_shows_what_ends_then_moves(as_user, user_named):
    worker = _worker(user_named)
    client = as_user("cabang")
    url = reverse("worker_move", args=[worker.pk])
    assert client.get(url).status_code == 200
    konawe = Employer.objects.get(npp="74020001")
    employment = Employment.objects.get(worker=worker)
    form = {"employment": employment.pk, "destination": f"e{konawe.pk}", "on": "2026-09-01"}
    preview = client.post(url, form)
    text = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="confirm-form"' in text
    assert "Laode Halaman" in text
    assert "JKK — Pemerintah Kota Kendari, KPJ 18009999999" in text
    assert "2 kepesertaan berakhir" in text
    assert Employment.objects.get(pk=employment.pk).end_date is None
    response = client.post(url, {**form, "confirmed": "1"})
    assert response.status_code == 302
    assert Employment.objects.get(pk=employment.pk).end_date == date(2026, 8, 31)
    assert (
        Enrollment.objects.filter(
            worker=worker, employer=konawe, start_date=date(2026, 9, 1)
        ).count()
        == 2
    )


def test_end_an_employment_after_confirmation(as_user, user_named):
    worker = _worker(user_named)
    client = as_user("damkar")
    url = reverse("worker_end", args=[worker.pk])
    assert client.get(url).status_code == 200
    employment = Employment.objects.get(worker=worker)
    form = {"target": f"m{employment.pk}", "on": "2026-10-31", "reason": "employment_ended"}
    preview = client.post(url, form).content.decode()
    assert "1 hubungan kerja berakhir" in preview
    assert "Pemerintah Kota Kendari — Dinas Pemadam Kebakaran" in preview
    assert Enrollment.objects.filter(worker=worker, end_date__isnull=True).count() == 2
    assert client.post(url, {**form, "confirmed": "1"}).status_code == 302
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_reason", flat=True)) == {
        "employment_ended"
    }


def test_end_one_enrolment(as_user, user_named):
    worker = _worker(user_named)
    client = as_user("damkar")
    jkm = Enrollment.objects.get(worker=worker, program="jkm")
    form = {"target": f"k{jkm.pk}", "on": "2026-10-31", "reason": "other", "confirmed": "1"}
    assert client.post(reverse("worker_end", args=[worker.pk]), form).status_code == 302
    assert Enrollment.objects.get(pk=jkm.pk).end_date == date(2026, 10, 31)
    assert Enrollment.objects.get(worker=worker, program="jkk").end_date is None


def test_record_a_death_after_confirmation(as_user, user_named):
    worker = _worker(user_named)
    client = as_user("damkar")
    url = reverse("worker_death", args=[worker.pk])
    assert client.get(url).status_code == 200
    preview = client.post(url, {"died_on": "2026-10-05"}).content.decode()
    assert "2 kepesertaan berakhir" in preview
    assert "JKM — Pemerintah Kota Kendari" in preview
    assert client.post(url, {"died_on": "2026-10-05", "confirmed": "1"}).status_code == 302
    day_after = date(2026, 10, 5) + timedelta(days=1)
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_date", "end_reason")) == {
        (day_after, "death")
    }
    again = client.post(url, {"died_on": "2026-10-05"})
    assert again.status_code == 400


def test_reprint_one_member_card(as_user, user_named):
    worker = _worker(user_named)
    response = as_user("damkar").get(
        reverse("documents:worker_card", args=[worker.pk, _kendari().pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        as_user("pimpinan")
        .get(reverse("documents:worker_card", args=[worker.pk, _kendari().pk]))
        .status_code
        == 403
    )


def test_the_confirmation_speaks_english_when_asked(as_user, user_named, settings):
    worker = _worker(user_named)
    client = as_user("damkar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    preview = client.post(
        reverse("worker_death", args=[worker.pk]), {"died_on": "2026-10-05"}
    ).content.decode()
    assert "2 enrolments end" in preview
    assert "1 employment ends" in preview
    assert "Yes, save" in preview


def test_reprint_one_card_through_the_api(as_user, user_named):
    worker = _worker(user_named)
    url = f"/api/documents/employers/{_kendari().pk}/cards?worker={worker.pk}"
    response = as_user("damkar").get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    konawe = Employer.objects.get(npp="74020001")
    other = as_user("cabang").get(f"/api/documents/employers/{konawe.pk}/cards?worker={worker.pk}")
    assert other.status_code == 404
