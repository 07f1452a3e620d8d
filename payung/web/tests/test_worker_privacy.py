"""The worker pages show each reader only its part of a worker, and a viewer no full NIK."""

from datetime import date

import pytest

from payung.billing.services import finalize_bill, issue_bills, record_payment
from payung.employers.models import Employer
from payung.tests.factories import worker_of_kendari_and_konawe
from payung.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_of(client, user_named):
    def read(username, worker):
        client.force_login(user_named(username))
        response = client.get(f"/pekerja/{worker.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    return read


@pytest.fixture
def shared():
    """The worker of Kendari and Konawe from January 2019, on both employers' final January 2019
    bills (their first month: none before it is unbilled); only
    Kendari's is paid; a change of the worker made by a Konawe roster import."""
    worker = worker_of_kendari_and_konawe(start=date(2019, 1, 1))
    kendari = Employer.objects.get(npp="74710001")
    konawe = Employer.objects.get(npp="74020001")
    for employer in (kendari, konawe):
        finalize_bill(bill=issue_bills(employer=employer, period="2019-01"))
    paid = issue_bills(employer=kendari, period="2019-01")
    record_payment(employer=kendari, amount=paid.total, paid_on=date(2019, 2, 1), reference="K1")
    worker.name = "Wa Ode Ganda Sari Putri"
    worker._change_reason = "Impor daftar pekerja / roster import: konawe-setda-2019.xlsx"
    worker.save()
    return worker


def test_region_officer_sees_only_its_employers_part(page_of, shared):
    """Kendari's officer sees the Damkar employment and Kendari's enrolments, not Konawe's
    employment, enrolments, unpaid bill or the Konawe import that changed the worker."""
    page = page_of("kendari", shared)
    assert "Pemerintah Kota Kendari" in page
    assert "Dinas Pemadam Kebakaran" in page
    assert "Konawe" not in page
    assert "konawe-setda-2019" not in page
    assert "2.100.000" in page
    assert "2.350.000" not in page  # Konawe's wage for the same worker
    assert page.count("<td>JKK") == 1
    assert page.count("<td>JKM") == 1
    assert '<dd id="paid-through">2019-01</dd>' in page  # Konawe's unpaid bill is not its


def test_branch_officer_sees_the_whole_worker(page_of, shared):
    """The branch officer covers both: both parts, and January is not paid by both."""
    page = page_of("cabang", shared)
    assert "Pemerintah Kota Kendari" in page
    assert "Pemerintah Kabupaten Konawe" in page
    assert page.count("<td>JKK") == 2
    assert "konawe-setda-2019" in page
    assert '<dd id="paid-through">—</dd>' in page


def test_unit_operator_sees_its_units_part_and_no_bills(page_of, shared):
    """Damkar's operator sees its unit's employment and Kendari's enrolments; no bill state."""
    page = page_of("damkar", shared)
    assert "Dinas Pemadam Kebakaran" in page
    assert "Konawe" not in page
    assert "Sekretariat Daerah" not in page
    assert page.count("<td>JKK") == 1
    assert 'id="paid-through"' not in page


def test_unit_operator_does_not_see_another_employers_enrolment_in_its_city(
    client, user_named, shared
):
    """An enrolment of the Damkar worker with another employer of Kota Kendari is not Damkar's
    (the gate matches the enrolment's employer to the unit's, not only the region)."""
    from payung.tests.factories import EmployerFactory, EnrollmentFactory

    other = EmployerFactory(region_id="74.71", name="Kelurahan Uji Kendari")
    EnrollmentFactory(worker=shared, employer=other, program="jkk")
    client.force_login(user_named("damkar"))
    page = client.get(f"/pekerja/{shared.pk}/").content.decode()
    assert "Kelurahan Uji Kendari" not in page
    listed = client.get(f"/api/enrollments/?worker={shared.pk}").json()
    assert {e["employer_id"] for e in listed["items"]} == {Employer.objects.get(npp="74710001").pk}
    client.force_login(user_named("kendari"))
    assert "Kelurahan Uji Kendari" in client.get(f"/pekerja/{shared.pk}/").content.decode()


def test_viewer_sees_no_full_nik_birth_date_or_sex(page_of, shared):
    """The viewer's page masks the NIK and leaves out the birth date and sex beside it."""
    page = page_of("pimpinan", shared)
    assert shared.masked_nik in page
    assert shared.nik not in page
    assert "9 Maret 1988" not in page
    assert "1988" not in page
    assert "Perempuan" not in page
    assert "Tanggal lahir" not in page


def test_writer_sees_full_identity(page_of, shared):
    page = page_of("kendari", shared)
    assert shared.nik in page
    assert "9 Maret 1988" in page
    assert "Perempuan" in page


def test_lists_mask_the_nik_and_show_no_sex(client, user_named):
    """Unit lists and search results mask the NIK and show neither birth date nor sex."""
    client.force_login(user_named("cabang"))
    worker = Worker.objects.filter(employments__unit__code="SDA").first()
    page = client.get(f"/unit/{worker.employments.first().unit_id}/").content.decode()
    assert worker.masked_nik in page
    assert worker.nik not in page
    assert "Laki-laki" not in page
    assert "Perempuan" not in page


def test_search_keeps_the_nik_out_of_urls(client, user_named):
    """The search is posted; the page it lands on carries an opaque key, never the NIK."""
    client.force_login(user_named("kendari"))
    worker = Worker.objects.filter(employments__employer__npp="74710001").first()
    posted = client.post("/pekerja/", {"q": worker.nik})
    assert posted.status_code == 302
    assert worker.nik not in posted.url
    assert worker.nik[:6] not in posted.url
    assert posted.url.startswith("/pekerja/?cari=")
    page = client.get(posted.url).content.decode()
    assert worker.name in page
    assert "1 pekerja" in page
    # The search form posts; paging links repeat the key, not the query.
    assert 'method="post" class="search"' in page
    assert "?q=" not in page


def test_an_old_search_link_becomes_a_key(client, user_named):
    """`/pekerja/?q=` still answers, by moving the query into the session at once."""
    client.force_login(user_named("kendari"))
    worker = Worker.objects.filter(employments__employer__npp="74710001").first()
    response = client.get("/pekerja/", {"q": worker.name})
    assert response.status_code == 302
    assert response.url.startswith("/pekerja/?cari=")
    assert worker.name in client.get(response.url).content.decode()


def test_an_unknown_search_key_shows_the_form(client, user_named):
    client.force_login(user_named("kendari"))
    page = client.get("/pekerja/?cari=tidak-ada").content.decode()
    assert 'id="search-expired"' in page


def test_viewer_finds_a_worker_by_the_whole_nik_only(client, user_named):
    """A viewer cannot read NIKs digit by digit through prefix searches; the whole NIK works."""
    client.force_login(user_named("pimpinan"))
    worker = Worker.objects.filter(employments__employer__npp="74710001").first()
    prefix = client.get(client.post("/pekerja/", {"q": worker.nik[:12]}).url).content.decode()
    assert "0 pekerja" in prefix
    whole = client.get(client.post("/pekerja/", {"q": worker.nik}).url).content.decode()
    assert worker.name in whole
