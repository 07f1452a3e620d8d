"""In a real browser: the worker search keeps the NIK out of the address bar, and each reader
sees its own part of a shared worker; pages at 390 and 1366 px, in Indonesian and English.

Run with `pytest -m browser`; screenshots go to test-artifacts/privacy/.
"""

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "privacy"
WIDTHS = (390, 1366)


def _shots(page: Any, name: str) -> None:
    """The page at each width, in Indonesian and English, for a person to look at.

    (At 390 px every page of the site is wider than the window: the header's links and wide
    tables do not wrap. That is the site's layout, not these pages'; no assertion here.)
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = page.url
    host = urlsplit(url).hostname

    def choose(language: str) -> None:
        cookie = {"name": "django_language", "value": language, "domain": host, "path": "/"}
        page.context.add_cookies([cookie])

    for language in ("id", "en"):
        choose(language)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("lang", language)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{language}-{width}.png"), full_page=True)
    choose("id")


def test_search_by_nik_leaves_no_nik_in_the_address(log_in_as: Any) -> None:
    from payung.workers.models import Worker

    worker = Worker.objects.filter(employments__employer__npp="74710001").earliest("pk")
    page = log_in_as("kendari")
    page.goto("/pekerja/")
    page.fill("form.search input[name=q]", worker.nik)
    with page.expect_navigation():
        page.press("form.search input[name=q]", "Enter")
    expect(page).to_have_url(re.compile(r"/pekerja/\?cari=[\w-]+$"))
    assert worker.nik[:6] not in page.url
    expect(page.locator("table.workers tbody tr")).to_have_count(1)
    expect(page.locator("table.workers")).to_contain_text(worker.name)
    expect(page.locator("table.workers")).to_contain_text(worker.masked_nik)
    expect(page.locator("table.workers")).not_to_contain_text(worker.nik)
    _shots(page, "search")


def test_each_reader_sees_its_part_of_a_shared_worker(log_in_as: Any) -> None:
    from payung.tests.factories import worker_of_kendari_and_konawe

    worker = worker_of_kendari_and_konawe()
    page = log_in_as("kendari")
    page.goto(f"/pekerja/{worker.pk}/")
    expect(page.locator("#nik")).to_have_text(worker.nik)
    expect(page.locator("main")).not_to_contain_text("Konawe")
    expect(page.locator("#enrollments tbody tr")).to_have_count(2)
    _shots(page, "worker-officer")

    page.context.clear_cookies()
    page = log_in_as("pimpinan")
    page.goto(f"/pekerja/{worker.pk}/")
    expect(page.locator("#nik")).to_contain_text(worker.masked_nik)
    expect(page.locator("main")).not_to_contain_text(worker.nik)
    expect(page.locator("main")).not_to_contain_text("1988")
    expect(page.locator("main")).to_contain_text("Konawe")  # the viewer covers the province
    _shots(page, "worker-viewer")


def test_viewer_documents_page_offers_no_cards(log_in_as: Any) -> None:
    from payung.employers.models import Employer

    kendari = Employer.objects.get(npp="74710001")
    page = log_in_as("pimpinan")
    page.goto(f"/dokumen/pemberi-kerja/{kendari.pk}/")
    expect(page.locator("#cards-read-only")).to_be_visible()
    expect(page.locator("#cards form[method=post]")).to_have_count(0)
    _shots(page, "documents-viewer")


def test_a_command_line_import_in_the_history(log_in_as: Any, tmp_path: Path) -> None:
    """A `payung import` run is listed at /impor/ with who ran it; its page offers no confirm."""
    from django.core.management import call_command

    from payung.imports.tests.rosters import person, write_csv

    path = write_csv(tmp_path / "dari-server.csv", [person("Cli Browser")])
    call_command("import", str(path), "--employer", "74.71", "--on", "2018-10-01", "--dry-run")
    page = log_in_as("kendari")
    page.goto("/impor/")
    expect(page.locator("main")).to_contain_text("cli:import by os-user")
    _shots(page, "import-history")
    row = page.locator("#runs tbody tr").filter(has_text="dari-server.csv")
    row.locator("a").first.click()
    expect(page.locator("main")).to_contain_text("cli:import by os-user")
    expect(page.locator("#confirm-form")).to_have_count(0)
    _shots(page, "import-run-cli")
