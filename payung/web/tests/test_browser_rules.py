"""The calculator and cost-to-cover pages in a real browser, on the Sulawesi Tenggara demo.

Run with `pytest -m browser`; needs Debian's Chromium (see conftest.py).
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_officer_costs_muna_barat_2022_from_the_region_page(log_in_as: Any) -> None:
    """From the province, the officer opens the cost of Muna Barat, still unregistered at the end
    of 2021, types 2022, its 3,080 workers and the Rp2,552,014 wage, and sees Rp13.780 per
    person a month with its explanation."""
    page = log_in_as("cabang")
    page.goto("/wilayah/74/?on=2021-12-31")
    row = page.locator("#children tr").filter(has_text="Kabupaten Muna Barat")
    with page.expect_navigation():
        row.locator("a.cost").click()
    expect(page).to_have_url(re.compile(r"/wilayah/74\.13/biaya/\?year=2021$"))
    expect(page.locator("h1")).to_contain_text("Kabupaten Muna Barat")
    expect(page.locator("select[name=region]")).to_have_value("74.13")
    expect(page.locator("input[name=year]")).to_have_value("2021")
    expect(page.locator("#wage-source")).to_have_attribute("data-source", "ump")

    page.fill("input[name=year]", "2022")
    page.fill("input[name=workers]", "3080")
    page.fill("input[name=wage]", "2.552.014")
    with page.expect_navigation():
        page.locator(".cost-form button.primary").click()

    per_person = page.locator("#per-person-total")
    expect(per_person).to_have_attribute("data-value", "13780")
    expect(per_person).to_have_text("Rp13.780")
    expect(page.locator("#monthly-total")).to_have_text("Rp42.442.400")
    expect(page.locator("#yearly-total")).to_have_text("Rp509.308.800")
    jkk = page.locator("#costs tbody tr[data-program=jkk]")
    expect(jkk.locator("td.code")).to_have_text("5.1.02.02.02.0006")

    explanation = jkk.locator("details.why")
    expect(explanation.locator("ul.basis")).to_be_hidden()
    explanation.locator("summary").click()
    basis = explanation.locator("ul.basis")
    expect(basis).to_be_visible()
    expect(basis).to_contain_text("0,24%")
    expect(basis).to_contain_text("PP 44/2015")
    expect(page.locator("#basis")).to_contain_text("5.1.02.02.02.0007")

    with page.expect_download() as download:
        page.locator("#export-csv").click()
    assert download.value.suggested_filename == "biaya-perlindungan-74.13-2022.csv"

    page.emulate_media(media="print")
    expect(page.locator("form.cost-form")).to_be_hidden()
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("#basis")).to_be_visible()


def test_calculator_shows_a_refusal_and_a_total(log_in_as: Any) -> None:
    """The navigation leads to the calculator; a date before the rules is refused on the form in
    both languages, and the Pemprov 2018 contribution comes to Rp10.800."""
    page = log_in_as("provinsi")
    with page.expect_navigation():
        page.locator("header.top nav a", has_text="Kalkulator").click()
    form = page.locator("#contribution form")
    form.locator("input[name=contribution-on]").fill("2014-12-01")
    with page.expect_navigation():
        form.locator("button.primary").click()
    error = page.locator("#field-contribution-on .error")
    expect(error).to_contain_text("sebelum aturan berlaku")
    expect(error).to_contain_text("before the rules begin")

    form = page.locator("#contribution form")
    form.locator("input[name=contribution-on]").fill("2018-10-01")
    with page.expect_navigation():
        form.locator("button.primary").click()
    expect(page.locator("#contribution-total")).to_have_text("Rp10.800")
