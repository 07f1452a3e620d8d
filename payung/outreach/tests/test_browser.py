"""Moving a region through the pipeline in a real browser, and watching the board and the
province picture change. Run with `pytest -m browser`; needs Debian's Chromium (see conftest)."""

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BOARD = "/sosialisasi/?region=74&on=2018-12-31"
TIMELINE = "/sosialisasi/wilayah/74.12/?on=2018-12-31"


def _tile(page: Any) -> Any:
    return page.locator('#province .tile[data-code="74.12"]')


def _on_board_in(page: Any, stage: str) -> str:
    """Open the board; Konawe Kepulauan's card is in `stage`'s column and its tile says so.
    Returns the tile's colour."""
    page.goto(BOARD)
    expect(
        page.locator(f'.column[data-stage="{stage}"] .region-card[data-code="74.12"]')
    ).to_be_visible()
    expect(_tile(page)).to_have_attribute("data-stage", stage)
    return str(_tile(page).evaluate("el => getComputedStyle(el).backgroundColor"))


def _record_activity(page: Any, kind: str, day: str, next_step: str = "", due: str = "") -> None:
    page.goto(TIMELINE)
    form = page.locator("#activity-form")
    form.locator("[name=date]").fill(day)
    form.locator("[name=kind]").select_option(kind)
    form.locator("[name=people_met]").fill("Sekda Konawe Kepulauan")
    if next_step:
        form.locator("[name=next_step]").fill(next_step)
        form.locator("[name=due]").fill(due)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Kegiatan dicatat")


def test_a_region_moves_through_the_pipeline(log_in_as: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path  # the signed document is stored, but not in var/media
    page = log_in_as("cabang")
    page.click("header nav >> text=Sosialisasi")
    expect(page.locator("#board")).to_be_visible()

    colours = [_on_board_in(page, "not_contacted")]

    _record_activity(page, "call", "2018-11-05", "Kirim surat resmi", "2018-11-20")
    colours.append(_on_board_in(page, "contacted"))
    card = page.locator('.region-card[data-code="74.12"]')
    expect(card).to_contain_text("Kirim surat resmi")

    _record_activity(page, "socialisation", "2018-11-21")
    colours.append(_on_board_in(page, "socialised"))

    page.goto(TIMELINE)
    form = page.locator("#agreement-form")
    form.locator("[name=kind]").select_option("pks")
    form.locator("[name=parties]").fill("Pemkab Konawe Kepulauan dan BPJS Ketenagakerjaan")
    form.locator("[name=signed_on]").fill("2018-12-10")
    form.locator("[name=workers_planned]").fill("400")
    form.locator("[name=budget_year]").fill("2019")
    form.locator("[name=expires_on]").fill("2019-12-31")
    form.locator("[name=document]").set_input_files(
        {"name": "pks.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 uji"}
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Perjanjian dicatat")
    expect(page.locator('#timeline li[data-kind="agreement"]')).to_contain_text("400")
    expect(page.locator('#stages tr[data-group="non_asn"] [data-stage]')).to_have_attribute(
        "data-stage", "agreement_signed"
    )

    colours.append(_on_board_in(page, "agreement_signed"))
    assert len(set(colours)) == 4, colours  # each stage has its own colour in the picture
