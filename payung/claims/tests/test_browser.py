"""Filing a JKM claim from a worker's page through to payment in a real browser, with two
branch officers for the four eyes. Run with `pytest -m browser`; needs Debian's Chromium."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from payung.demo.data import DEMO_PASSWORD

from .helpers import second_branch_officer, worker_of

pytestmark = pytest.mark.browser


def _ready(page: Any) -> None:
    page.wait_for_selector("html[data-ready]", state="attached")


def _press(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    _ready(page)


def _log_in(page: Any, username: str) -> None:
    page.goto("/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    _press(page, "main form button[type=submit]")


def test_a_jkm_claim_from_the_workers_page_to_payment(log_in_as: Any) -> None:
    worker = worker_of("74710001")
    officer = second_branch_officer()
    officer.set_password(DEMO_PASSWORD)
    officer.save()

    page = log_in_as("kendari")
    page.goto(f"/pekerja/{worker.pk}/")
    _ready(page)
    _press(page, "#file-claim")
    form = page.locator("#claim-form")
    form.locator("[name=event]").select_option("jkm-death")
    form.locator("[name=event_date]").fill("2019-12-02")
    _press(page, "#claim-form button[type=submit]")
    expect(page.locator("#state")).to_have_attribute("data-state", "draft")
    expect(page.locator("#benefit-total")).to_have_text("Rp42.000.000")
    expect(page.locator('#lines tr[data-item="funeral"]')).to_contain_text("PP 82/2019")

    heir = page.locator("#heir-form")
    heir.locator("[name=name]").fill("Wa Ode Hasnia")
    heir.locator("[name=relation]").select_option("spouse")
    _press(page, "#heir-form button[type=submit]")
    expect(page.locator("#heirs")).to_contain_text("Wa Ode Hasnia")
    while page.locator("#documents button").count():
        _press(page, "#documents button >> nth=0")
    expect(page.locator("#documents .badge.warn")).to_have_count(0)
    _press(page, "#submit-claim")
    expect(page.locator("#state")).to_have_attribute("data-state", "submitted")
    expect(page.locator("#verify-claim")).to_have_count(0)  # the employer side does not verify

    _log_in(page, "cabang")
    page.goto("/klaim/?region=74.71&state=submitted")
    _ready(page)
    _press(page, '#claims tr[data-state="submitted"] a >> nth=0')
    _press(page, "#verify-claim")
    expect(page.locator("#state")).to_have_attribute("data-state", "verified")
    expect(page.locator("#approve-claim")).to_have_count(0)  # four eyes: not the verifier
    detail = page.url

    _log_in(page, "cabang2")
    page.goto(detail)
    _ready(page)
    _press(page, "#approve-claim")
    expect(page.locator("#state")).to_have_attribute("data-state", "approved")
    pay = page.locator("#payment-form")
    pay.locator("[name=paid_on]").fill("2019-12-20")
    pay.locator("[name=account_name]").fill("Wa Ode Hasnia")
    pay.locator("[name=account_number]").fill("0123456789")
    _press(page, "#payment-form button[type=submit]")
    expect(page.locator("#state")).to_have_attribute("data-state", "paid")
    expect(page.locator("#payment")).to_contain_text("Rp42.000.000")

    page.goto("/klaim/?region=74")
    _ready(page)
    kendari = page.locator('#claims-per-region tr[data-code="74.71"]')
    expect(kendari.locator(".paid-amount")).not_to_have_text("Rp0")


def test_the_employers_clock_ticks_in_the_page_language(log_in_as: Any, user_named: Any) -> None:
    """A fresh accident: the employer's page shows its stage I clock, and the script (no inline
    code, under the CSP) keeps the Indonesian words the server wrote."""
    from datetime import time

    from django.utils import timezone

    from payung.claims.services import file_claim

    claim = file_claim(
        actor=user_named("kendari"),
        worker=worker_of("74710001"),
        event="jkk-accident",
        event_date=timezone.localdate(),
        event_time=time(0, 0),
    )
    errors: list[str] = []
    page = log_in_as("kendari")
    page.on("console", lambda message: errors.append(message.text))
    page.goto(f"/pemberi-kerja/{claim.employer_id}/")
    _ready(page)
    clock = page.locator("#reports-due .deadline-clock").first
    expect(clock).to_have_text(re.compile(r"^(sisa|lewat) \d+ j \d\d m$"))
    page.evaluate("document.querySelector('#reports-due .deadline-clock').textContent = ''")
    expect(clock).to_have_text(re.compile(r"^(sisa|lewat) \d+ j \d\d m$"), timeout=15_000)
    assert not [text for text in errors if "Content Security Policy" in text]


@pytest.mark.parametrize(
    ("language", "pattern", "other"),
    [
        ("id", r"^(sisa|lewat) \d+ j \d\d m$", "left"),
        ("en", r"^(\d+ h \d\d m left|overdue by \d+ h \d\d m)$", "sisa"),
    ],
)
def test_the_stage_one_clock_speaks_the_pages_language_only(
    log_in_as: Any, language: str, pattern: str, other: str
) -> None:
    """The live 2 × 24-hour clock reads "sisa 5 j 00 m" in Indonesian and "5 h 00 m left" in
    English, never both at once."""
    import re
    from datetime import time

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from payung.claims.services import file_claim

    claim = file_claim(
        actor=get_user_model().objects.get(username="kendari"),
        worker=worker_of("74710001"),
        event="jkk-accident",
        event_date=timezone.localdate(),
        event_time=time(0, 1),
    )
    page = log_in_as("kendari")
    if language == "en":
        page.goto("/klaim/")
        _ready(page)
        _press(page, "button[name=language][value=en]")
    page.goto(f"/klaim/{claim.pk}/")
    _ready(page)
    clock = page.locator("#deadline-clock")
    expect(clock).to_have_text(re.compile(pattern))
    assert other not in (clock.text_content() or "")
