"""The Indonesian import and outreach forms in a real browser, submitted with the date the page
filled in: a browser drops a date value that is not ISO, so a required date would start blank."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from payung.employers.models import Employer
from payung.imports.tests.web_support import KENDARI_NPP, valid_and_bad

pytestmark = pytest.mark.browser

ISO = r"^\d{4}-\d{2}-\d{2}$"


def test_import_form_submits_in_indonesian_with_its_own_date(
    log_in_as: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page = log_in_as("provinsi")
    kendari = Employer.objects.get(npp=KENDARI_NPP)
    page.goto(f"/impor/unggah/?employer={kendari.pk}")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")

    expect(page.locator("#id_on")).to_have_value(re.compile(ISO))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "daftar.csv", "mimeType": "text/csv", "buffer": valid_and_bad()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("#run-state")).to_have_attribute("data-state", "checked")


def test_outreach_forms_submit_in_indonesian_with_their_own_dates(
    log_in_as: Any, settings: Any, tmp_path: Path
) -> None:

    settings.MEDIA_ROOT = tmp_path
    page = log_in_as("cabang")
    timeline = "/sosialisasi/wilayah/74.12/?on=2018-12-31"
    page.goto(timeline)
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    for form_id, date_name in (("activity-form", "date"), ("target-form", "as_of")):
        expect(page.locator(f"#{form_id} [name={date_name}]")).to_have_value("2018-12-31")
    page.locator("#activity-form [name=people_met]").fill("Sekda Konawe Kepulauan")
    with page.expect_navigation():
        page.locator("#activity-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Kegiatan dicatat")

    page.goto(timeline)
    expect(page.locator("#agreement-form [name=signed_on]")).to_have_value(re.compile(ISO))
    page.locator("#agreement-form [name=parties]").fill("Pemkab Konawe Kepulauan dan BPJS")
    page.locator("#agreement-form [name=workers_planned]").fill("120")
    with page.expect_navigation():
        page.locator("#agreement-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Perjanjian dicatat")

    page.goto(timeline)
    page.locator("#target-form [name=head_count]").fill("300")
    page.locator("#target-form [name=source]").fill("BKD 2018")
    with page.expect_navigation():
        page.locator("#target-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Sasaran dicatat")
