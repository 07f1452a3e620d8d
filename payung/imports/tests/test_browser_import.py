"""The roster import in a real browser: drop a file, read the preview, confirm, watch it finish.

The task runs in the database queue as in production; the test plays `payung worker` itself
(`worker --batch` in the test's thread, which shares the live server's database) while the
page polls the progress endpoint and reloads when the run is done.
"""

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from payung.employers.models import Employer

from .web_support import KENDARI_NPP, media_root, valid_and_bad  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media_root")]


def _drop_file(page: Any, selector: str, name: str, content: bytes) -> None:
    """Drop a file on the drop zone as a user dragging it from the desktop would."""
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "text/csv"}));
            return transfer;
        }""",
        [name, list(content)],
    )
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def test_upload_preview_confirm_progress_and_history(log_in_as: Any) -> None:
    page = log_in_as("provinsi")
    kendari = Employer.objects.get(npp=KENDARI_NPP)
    page.goto(f"/pemberi-kerja/{kendari.pk}/")
    page.get_by_role("link", name="Impor daftar pekerja").click()
    expect(page.locator("h1")).to_have_text("Impor daftar pekerja")
    expect(page.locator("#id_employer")).to_have_value(str(kendari.pk))
    # The drop zone listens only once the page's scripts have run.
    expect(page.locator("html")).to_have_attribute("data-ready", "true")

    _drop_file(page, "[data-dropzone]", "honorer-2026.csv", valid_and_bad())
    expect(page.locator("[data-chosen]")).to_have_text("honorer-2026.csv")
    page.fill("#id_on", "2026-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah dan periksa").click()

    expect(page.locator("#run-state")).to_have_attribute("data-state", "checked")
    expect(page.locator("#count-rows .value")).to_have_attribute("data-value", "3")
    expect(page.locator("#count-accepted .value")).to_have_attribute("data-value", "2")
    expect(page.locator("#count-rejected .value")).to_have_attribute("data-value", "1")
    error_row = page.locator("#errors table tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row.first).to_contain_text("nik_not_16_digits")
    expect(error_row.first.locator("td").first).to_have_text("4")
    with page.expect_download() as download:
        page.locator("#error-report").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    with page.expect_navigation():
        page.get_by_role("button", name="Konfirmasi dan terapkan").click()
    expect(page.locator("#run-state")).to_have_attribute("data-state", "queued")
    expect(page.locator("#progress-bar")).to_be_visible()

    call_command("worker", batch=True)

    expect(page.locator("#run-state")).to_have_attribute("data-state", "done")
    expect(page.locator("#summary h2")).to_have_text("Hasil penerapan")
    expect(page.locator("#count-created")).to_have_text("2")

    page.goto(f"/impor/?employer={kendari.pk}")
    row = page.locator("#runs tbody tr").first
    expect(row).to_contain_text("honorer-2026.csv")
    expect(row).to_contain_text("provinsi")
    expect(row).to_contain_text("Selesai")
