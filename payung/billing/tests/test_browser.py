"""Billing pages in a real browser: issue, finalise and pay a bill; arrears with unbilled months."""

from typing import Any

import pytest
from playwright.sync_api import expect

from payung.employers.models import Employer

pytestmark = pytest.mark.browser


def test_branch_officer_issues_finalises_and_pays_a_bill(log_in_as: Any) -> None:
    page = log_in_as("cabang")
    employer = Employer.objects.get(npp="74000001")
    page.goto(f"/pemberi-kerja/{employer.pk}/")
    page.get_by_role("link", name="Tagihan dan pembayaran").click()
    page.fill("input[name=period]", "2019-01")
    page.get_by_role("button", name="Terbitkan / hitung ulang draf").click()
    expect(page.locator("#state")).to_have_text("Draf")
    expect(page.locator("#total")).to_contain_text("Rp10.551.600")
    expect(page.locator("#total")).to_contain_text("sepuluh juta lima ratus lima puluh satu ribu")
    page.locator("#finalize input[name=confirm]").check()
    page.get_by_role("button", name="Finalkan").click()
    expect(page.locator("#state")).to_have_text("Final")
    expect(page.locator(".messages")).to_contain_text("74000001201901")
    page.get_by_role("link", name="Tagihan", exact=True).click()
    page.fill("#pay input[name=amount]", "10551600")
    page.fill("#pay input[name=reference]", "SP2D-BROWSER-1")
    page.fill("#pay input[name=date]", "2019-02-10")
    page.get_by_role("button", name="Catat pembayaran").click()
    expect(page.locator("#payments")).to_contain_text("SP2D-BROWSER-1")
    expect(page.locator("#bills tbody tr").first).to_contain_text("Lunas")


def test_arrears_page_lists_the_employer_in_arrears(log_in_as: Any) -> None:
    page = log_in_as("provinsi")
    page.get_by_role("link", name="Tunggakan", exact=True).click()
    page.fill("input[name=on]", "2019-01-31")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#arrears")).to_contain_text("Pemerintah Kabupaten Kolaka Timur")
    # Pemprov paid every bill, but April to September 2018 (enrolled from 9 April) were never
    # billed: it is listed for those months only.
    pemprov = page.locator("#arrears tr", has_text="Pemerintah Provinsi Sulawesi Tenggara")
    expect(pemprov).to_contain_text("6 bulan (2018-04 – 2018-09)")
    expect(page.locator("#unbilled-months")).not_to_have_text("0")
