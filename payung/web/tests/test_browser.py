"""The pages in a real browser, on the Sulawesi Tenggara 2018 demo.

Run with `pytest -m browser`; needs Debian's Chromium (see conftest.py).
"""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
# The README's picture is refreshed on purpose (PAYUNG_SCREENSHOT_DIR=docs), not by every run.
SCREENSHOT = ROOT / os.environ.get("PAYUNG_SCREENSHOT_DIR", "test-artifacts") / "screenshot.png"

UNREGISTERED = {
    "Kabupaten Wakatobi",
    "Kota Baubau",
    "Kabupaten Muna",
    "Kabupaten Muna Barat",
    "Kabupaten Buton",
    "Kabupaten Buton Selatan",
    "Kabupaten Buton Tengah",
    "Kabupaten Kolaka Utara",
    "Kabupaten Buton Utara",
    "Kabupaten Konawe Utara",
    "Kabupaten Konawe Kepulauan",
}


def _value(page: Any, stat: str) -> Any:
    return page.locator(f"#stat-{stat} .value")


def _path_is(page: Any, path: str) -> None:
    """The page is at `path` (any query string); a trailing `<id>/` stands for a number."""
    pattern = re.escape(path).replace("<id>/", r"\d+/")
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{pattern}(\?.*)?$"))


def test_branch_officer_sees_the_province_overview(log_in_as: Any) -> None:
    """The issue's "done means": 7,432 in the register, 7,431 reported, 11 regions without."""
    page = log_in_as("cabang")
    _path_is(page, "/wilayah/74/")
    page.goto("/wilayah/74/?on=2018-10-31")  # the reports' month: Muna Barat enrolled in 2022
    expect(page.locator("h1")).to_contain_text("Sulawesi Tenggara")

    register, reported, unregistered = (
        _value(page, s) for s in ("register", "reported", "unregistered")
    )
    expect(register).to_have_attribute("data-value", "7432")
    expect(register).to_have_text("7.432")
    expect(reported).to_have_attribute("data-value", "7431")
    expect(reported).to_have_text("7.431")
    expect(page.locator("#stat-reported .diff")).to_contain_text("+1")
    expect(unregistered).to_have_attribute("data-value", "11")
    expect(unregistered).to_have_text("11")

    names = page.locator("ul#unregistered li a").all_inner_texts()
    assert len(names) == 11
    assert {name.strip() for name in names} == UNREGISTERED

    expect(page.locator(".tiles .tile")).to_have_count(17)
    expect(page.locator(".tiles .tile.none")).to_have_count(11)
    tile_names = {t.strip() for t in page.locator(".tiles .tile.none .tname").all_inner_texts()}
    short = {name.removeprefix("Kabupaten ").removeprefix("Kota ") for name in UNREGISTERED}
    assert tile_names == short

    page.goto("/wilayah/74/?on=2018-10-31")  # a fixed day keeps the README's picture stable
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_drill_down_from_province_to_a_worker(log_in_as: Any) -> None:
    """Province → Kota Kendari → Pemerintah Kota Kendari → Damkar (217) → a worker's JKK/JKM."""
    page = log_in_as("cabang")
    _path_is(page, "/wilayah/74/")

    page.locator(".tiles a.tile[href^='/wilayah/74.71/']").click()
    _path_is(page, "/wilayah/74.71/")
    expect(page.locator("h1")).to_contain_text("Kota Kendari")
    expect(_value(page, "register")).to_have_attribute("data-value", "1136")
    expect(_value(page, "register")).to_have_text("1.136")
    expect(_value(page, "reported")).to_have_attribute("data-value", "1135")
    expect(_value(page, "reported")).to_have_text("1.135")
    expect(page.locator("#stat-reported .diff")).to_have_text(re.compile(r"Selisih\s+\+1$"))

    employers = page.locator("section.card").filter(
        has=page.get_by_role("heading", name="Pemberi kerja di tingkat ini")
    )
    employers.get_by_role("link", name="Pemerintah Kota Kendari", exact=True).click()
    _path_is(page, "/pemberi-kerja/<id>/")
    expect(page.locator("h1")).to_have_text("Pemerintah Kota Kendari")

    damkar = page.get_by_role("link", name="Dinas Pemadam Kebakaran", exact=True)
    expect(page.locator("tr").filter(has=damkar).locator("td.num")).to_have_text("217")
    damkar.click()
    _path_is(page, "/unit/<id>/")
    expect(page.locator("h1")).to_contain_text("Dinas Pemadam Kebakaran")
    rows = page.locator("table.workers tbody tr")
    expect(rows).to_have_count(50)
    expect(page.locator("nav.pager")).to_contain_text("217 pekerja")

    first = rows.first.locator("a")
    name = first.inner_text().strip()
    first.click()
    _path_is(page, "/pekerja/<id>/")
    expect(page.locator("h1")).to_have_text(name)
    enrollments = page.locator("#enrollments tbody tr")
    expect(enrollments).to_have_count(2)
    expect(enrollments.filter(has_text="JKK")).to_have_count(1)
    expect(enrollments.filter(has_text="JKM")).to_have_count(1)
    expect(enrollments.filter(has_text="Pemerintah Kota Kendari")).to_have_count(2)


def test_unit_operator_sees_only_its_unit(log_in_as: Any) -> None:
    """damkar sees Damkar Kota Kendari's 217 workers, inside region 74.71 and nowhere else."""
    from payung.employers.models import WorkUnit

    other_unit = WorkUnit.objects.get(employer__npp="74710001", code="DLHK").pk

    page = log_in_as("damkar")
    _path_is(page, "/wilayah/74.71/")  # home sends a unit operator to its employer's region
    expect(_value(page, "register")).to_have_attribute("data-value", "217")

    page.goto("/pekerja/")
    pager = page.locator("nav.pager")
    expect(pager).to_contain_text("217 pekerja")
    expect(page.locator("#worker-list tbody tr")).to_have_count(50)
    expect(page.locator("#next-page")).to_have_count(1)

    for path in ("/wilayah/74/", "/wilayah/74.02/", f"/unit/{other_unit}/"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, f"{path} should be out of damkar's scope"

    response = page.goto("/wilayah/74.71/")
    assert response is not None
    assert response.status == 200
    expect(_value(page, "register")).to_have_attribute("data-value", "217")


def test_language_switch_to_english(log_in_as: Any) -> None:
    """The EN button turns the page English (lang="en"); the numbers stay."""
    page = log_in_as("cabang")
    _path_is(page, "/wilayah/74/")
    page.goto("/wilayah/74/?on=2018-10-31")  # the reports' month: Muna Barat enrolled in 2022
    expect(page.locator("html")).to_have_attribute("lang", "id")

    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    _path_is(page, "/wilayah/74/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("button[name=language][value=en]")).to_have_attribute(
        "aria-current", "true"
    )
    expect(_value(page, "register")).to_have_attribute("data-value", "7432")
    expect(_value(page, "reported")).to_have_attribute("data-value", "7431")
    expect(_value(page, "unregistered")).to_have_attribute("data-value", "11")
    expect(page.locator("ul#unregistered li")).to_have_count(11)

    page.goto("/pekerja/")  # the choice sticks to later pages
    expect(page.locator("html")).to_have_attribute("lang", "en")
