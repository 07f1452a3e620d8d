"""The documents pages in a real browser: issue a certificate, download cards, verify a card.

Run with `pytest -m browser`; needs Debian's Chromium (see payung/conftest.py).
"""

from typing import Any

import pytest
from playwright.sync_api import expect

from payung.employers.models import Employer, WorkUnit

from ..tokens import card_token

pytestmark = pytest.mark.browser


def test_officer_issues_a_certificate_and_downloads_unit_cards(log_in_as: Any) -> None:
    """From the employer page to its documents: issue, see the number, download a unit's cards."""
    kendari = Employer.objects.get(npp="74710001")
    page = log_in_as("cabang")
    page.goto(f"/pemberi-kerja/{kendari.pk}/")
    page.get_by_role("link", name="Sertifikat dan kartu peserta pemberi kerja ini").click()
    expect(page.locator("h1")).to_have_text("Sertifikat dan kartu peserta")
    page.get_by_role("button", name="Terbitkan sertifikat hari ini").click()
    expect(page.locator(".messages")).to_contain_text("SKP/74710001/")
    expect(page.locator("#certificates td.code")).to_have_count(1)

    sda = WorkUnit.objects.get(employer=kendari, code="SDA")
    page.select_option("select#unit", str(sda.pk))
    page.get_by_role("button", name="Pilih").click()
    expect(page.locator("#cards")).to_contain_text("10 kartu")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh kartu (PDF)").click()
    assert download.value.suggested_filename == "kartu-74710001-SDA.pdf"


def test_public_verification_of_a_card_needs_no_login(browser_page: Any) -> None:
    """Anyone opening a card's URL sees 'valid' with initials, never the name or NIK."""
    kendari = Employer.objects.get(npp="74710001")
    worker = kendari.enrollments.select_related("worker").earliest("pk").worker
    page = browser_page
    page.goto(f"/verify/{card_token(worker_id=worker.pk, employer_id=kendari.pk)}/")
    expect(page.locator(".status")).to_contain_text("BERLAKU hari ini")
    expect(page.locator(".status")).to_contain_text("VALID today")
    body = page.locator("main").inner_text()
    assert worker.nik not in body
    assert worker.name not in body
    assert "Pemerintah Kota Kendari" in body
    page.goto("/verify/not-a-token/")
    expect(page.locator(".status")).to_contain_text("TIDAK DIKENAL")
