"""In a real browser at 1366 px: an officer adds a worker, moves them to another unit, and ends
their employment, each destructive step confirmed after it showed what it ends."""

from typing import Any

import pytest
from playwright.sync_api import expect

from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.tests.factories import valid_nik
from payung.workers.models import Employment, Worker

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


def _ready(page: Any) -> None:
    expect(page.locator("html[data-ready]")).to_have_count(1)


def _fits(page: Any) -> None:
    """Nothing wider than the window: no sideways scrolling at 1366 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    _ready(page)
    _fits(page)


def test_add_move_and_end_a_worker(log_in_as: Any) -> None:
    page = log_in_as("kendari")
    page.set_viewport_size(LAPTOP)
    kendari = Employer.objects.get(npp="74710001")
    satpol = WorkUnit.objects.get(employer=kendari, code="SATPOLPP")
    nik = valid_nik(sex="P")

    page.goto(f"/pemberi-kerja/{kendari.pk}/")
    _ready(page)
    _submit(page, "#add-worker")
    page.fill("input[name=nik]", nik)
    page.fill("input[name=name]", "Wa Ode Peramban")
    page.fill("input[name=birth_date]", "1990-05-17")
    page.select_option("select[name=sex]", "P")
    page.select_option(
        "select[name=unit]", label="Dinas Pemadam Kebakaran (Pemerintah Kota Kendari)"
    )
    page.fill("input[name=start]", "2026-01-05")
    page.fill("input[name=wage]", "2600000")
    _submit(page, "#register-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Wa Ode Peramban")
    expect(page.locator("#enrollments tbody tr")).to_have_count(2)
    worker = Worker.objects.get(nik=nik)

    _submit(page, "#worker-actions >> text=Pindahkan")
    page.select_option("select[name=destination]", f"u{satpol.pk}")
    page.fill("input[name=on]", "2026-07-01")
    _submit(page, "#register-form button[type=submit]")
    expect(page.locator("#ending-employments li")).to_have_text(
        ["Pemerintah Kota Kendari — Dinas Pemadam Kebakaran"]
    )
    expect(page.locator("#ending-enrollments li")).to_have_count(0)
    assert Employment.objects.get(worker=worker).end_date is None  # nothing changed yet
    _submit(page, "#confirm-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Wa Ode Peramban")
    assert Employment.objects.get(worker=worker, end_date__isnull=True).unit == satpol

    _submit(page, "#worker-actions >> text=Akhiri")
    page.select_option("select[name=target]", index=0)
    page.fill("input[name=on]", "2026-09-30")
    page.select_option("select[name=reason]", "employment_ended")
    _submit(page, "#register-form button[type=submit]")
    expect(page.locator("#confirm-summary")).to_contain_text("Wa Ode Peramban")
    expect(page.locator("#ending-enrollments li")).to_have_count(2)
    _submit(page, "#confirm-form button[type=submit]")
    expect(page.locator("#enrollments")).to_contain_text("Hubungan kerja berakhir")
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_reason", flat=True)) == {
        "employment_ended"
    }
