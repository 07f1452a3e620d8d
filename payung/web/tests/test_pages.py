import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payung.employers.models import Employer, WorkUnit
from payung.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, user_named):
    def login(name):
        client.force_login(user_named(name))
        return client

    return login


def test_pages_need_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get("/wilayah/74/")
    assert response.status_code == 302
    assert response.url.startswith("/masuk/")


def test_login_page_and_wrong_password(client):
    """A wrong password shows a clear message, not an error page."""
    response = client.post("/masuk/", {"username": "cabang", "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_home_sends_each_user_to_its_region(logged_in):
    """The branch officer lands on the province; Kendari's officer on Kendari."""
    assert logged_in("cabang").get("/").url == "/wilayah/74/"
    assert logged_in("kendari").get("/").url == "/wilayah/74.71/"


def test_overview_shows_register_reported_and_unregistered(logged_in):
    """The province page shows 7,432 in the register, 7,431 reported and 11 unregistered."""
    page = logged_in("cabang").get("/wilayah/74/?on=2018-10-31").content.decode()
    assert 'data-value="7432"' in page
    assert 'data-value="7431"' in page
    assert 'data-value="11"' in page
    assert "Kabupaten Wakatobi" in page
    assert "Kota Baubau" in page


def test_overview_query_count_is_fixed(logged_in, django_assert_max_num_queries):
    """The overview costs a bounded number of queries (with the outreach summary of the
    province's children, coverage month by month and the unbilled months: see
    payung/coverage/tests/test_region_pages.py)."""
    client = logged_in("cabang")
    with django_assert_max_num_queries(21):
        client.get("/wilayah/74/")


def test_out_of_scope_is_not_found(logged_in):
    """Kendari's officer gets 404 for Konawe's region, employer and workers."""
    client = logged_in("kendari")
    konawe = Employer.objects.get(npp="74020001")
    assert client.get("/wilayah/74.02/").status_code == 404
    assert client.get(f"/pemberi-kerja/{konawe.pk}/").status_code == 404
    worker = Worker.objects.filter(employments__employer=konawe).first()
    assert client.get(f"/pekerja/{worker.pk}/").status_code == 404


def test_drill_down_pages(logged_in):
    """Region → employer → unit → worker pages all answer, with the counts of the seeds."""
    client = logged_in("cabang")
    kendari = Employer.objects.get(npp="74710001")
    employer_page = client.get(f"/pemberi-kerja/{kendari.pk}/?on=2018-10-31").content.decode()
    assert "Dinas Pemadam Kebakaran" in employer_page
    assert ">217<" in employer_page
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    unit_page = client.get(f"/unit/{unit.pk}/").content.decode()
    assert "10 pekerja" in unit_page
    worker = Worker.objects.filter(employments__unit=unit).first()
    worker_page = client.get(f"/pekerja/{worker.pk}/").content.decode()
    assert worker.nik in worker_page  # an officer sees the NIK in full (docs/security.md)
    assert worker.masked_nik in unit_page
    assert worker.nik not in unit_page
    assert "JKK" in worker_page
    assert "JKM" in worker_page


def test_worker_search_by_nik_and_name(logged_in):
    """Search finds a worker by NIK prefix and by part of the name, without a query per row."""
    client = logged_in("cabang")
    worker = Worker.objects.filter(employments__employer__npp="74000001").first()
    found = client.post("/pekerja/", {"q": worker.nik}, follow=True)
    assert worker.name in found.content.decode()
    searched = client.post("/pekerja/", {"q": worker.name.split()[0]})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(searched.url).content.decode()
    assert worker.name.split()[0] in page
    assert len(queries) < 12


def test_admin_refuses_a_bad_nik_with_a_message(client, user_named):
    """The back office's worker form explains a bad NIK in both languages and saves nothing."""
    client.force_login(user_named("admin"))
    before = Worker.objects.count()
    response = client.post(
        "/admin/workers/worker/add/",
        {
            "nik": "9971010101900001",
            "name": "Uji",
            "birth_date": "1990-01-01",
            "sex": "L",
            "category": "non_asn",
            "employments-TOTAL_FORMS": "0",
            "employments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "province" in response.content.decode().lower()
    assert Worker.objects.count() == before
