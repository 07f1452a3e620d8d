"""The printed documents, read back like a person with a phone would: text and QR codes."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from payung.core.scope import Scope
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import EndReason, Enrollment
from payung.workers.models import Worker
from payung.workers.nik import mask_nik

from ..selectors import card_rows
from ..services import cards_pdf, certificate_pdf, issue_certificate
from .support import page_png, path_of, pdf_text, qr_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def kendari():
    return Employer.objects.get(npp="74710001")


def test_certificate_pdf_states_the_employer_and_its_qr_verifies(client, kendari, tmp_path):
    """The certificate names employer, NPP, number and cover; its QR opens a 'valid' page."""
    certificate = issue_certificate(employer=kendari, actor=None)
    pdf = certificate_pdf(certificate)
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "SERTIFIKAT KEPESERTAAN",
        "Pemerintah Kota Kendari",
        "74710001",
        certificate.number,
        "JKK",
        "JKM",
        "Kantor Cabang BPJS Ketenagakerjaan Kendari",
        "1.136",
    ):
        assert expected in text, expected
    [url] = qr_urls(page_png(pdf, tmp_path))
    assert url.startswith("http://127.0.0.1:8000/verify/s.")
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert 'data-status="valid"' in page.content.decode()


@override_settings(PAYUNG_OFFICE_ADDRESS="Jl. Contoh No. 1, Kendari")
def test_certificate_has_the_letterhead_the_employer_address_and_a_page_number(kendari, tmp_path):
    kendari.address = "Jl. Drs. H. Abdullah Silondae, Kendari"
    kendari.save()
    text = pdf_text(certificate_pdf(issue_certificate(employer=kendari, actor=None)), tmp_path)
    for expected in (
        "Jl. Contoh No. 1, Kendari",
        "Alamat / Address",
        "Jl. Drs. H. Abdullah Silondae, Kendari",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected


def test_cards_show_kpj_and_masked_nik_and_their_qr_verify_then_end(client, kendari, tmp_path):
    """Cards of a unit carry each KPJ and masked NIK; a card's QR answers valid, then ended."""
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    today = timezone.localdate()
    rows = card_rows(employer=kendari, unit=unit, on=today, scope=Scope(everything=True))
    assert len(rows) == 10
    result = cards_pdf(employer=kendari, unit=unit, on=today, scope=Scope(everything=True))
    assert result.cards == 10
    text = pdf_text(result.pdf, tmp_path)
    assert "Pemerintah Kota Kendari" in text
    for row in rows:
        assert row.kpj in text
        masked = mask_nik(row.nik)
        assert masked[:4] + "********" + masked[-4:] == masked
        assert masked in text
        assert row.nik not in text
    urls = qr_urls(page_png(result.pdf, tmp_path))
    assert len(urls) == 10
    assert all(url.startswith("http://127.0.0.1:8000/verify/k.") for url in urls)

    first = urls[0]
    worker_id = int(path_of(first).split("/")[2].split(":")[0].split(".")[1])
    worker = Worker.objects.get(pk=worker_id)
    page = client.get(path_of(first)).content.decode()
    assert 'data-status="valid"' in page
    assert worker.nik not in page
    assert mask_nik(worker.nik) not in page
    assert worker.name not in page
    for wage in worker.wages.values_list("amount", flat=True):
        assert f"{wage:.0f}" not in page
    assert "Pemerintah Kota Kendari" in page

    Enrollment.objects.filter(worker=worker, employer=kendari).update(
        end_date=today - timedelta(days=1), end_reason=EndReason.EMPLOYMENT_ENDED
    )
    page = client.get(path_of(first)).content.decode()
    assert 'data-status="ended"' in page
    assert "ENDED" in page
    assert worker.nik not in page


def test_page_header_of_demo_cards_says_synthetic(kendari, tmp_path):
    """Sheets of demo cards say their data is synthetic, so nobody takes them for real."""
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    result = cards_pdf(
        employer=kendari, unit=unit, on=timezone.localdate(), scope=Scope(everything=True)
    )
    assert "SYNTHETIC DEMO DATA" in pdf_text(result.pdf, tmp_path)


def test_public_url_setting_is_read_when_rendering(settings, kendari, tmp_path):
    """PAYUNG_PUBLIC_URL decides the QR's address at render time, not at import."""
    settings.PAYUNG_PUBLIC_URL = "https://payung.example.go.id/"
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    result = cards_pdf(
        employer=kendari, unit=unit, on=timezone.localdate(), scope=Scope(everything=True)
    )
    urls = qr_urls(page_png(result.pdf, tmp_path))
    assert len(urls) == 10
    assert all(u.startswith("https://payung.example.go.id/verify/k.") for u in urls)
