"""The Content-Security-Policy (issue 11, finding 8): no page breaks it in a real browser.

The policy allows no inline script and no style="" attribute. Chromium reports each refused
script or style as a console message and a `securitypolicyviolation` event; this walks the main
pages (site, back office, API docs) as the superuser and fails on any report.
"""

from typing import Any

import pytest

pytestmark = pytest.mark.browser

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _main_pages() -> dict[str, str]:
    from payung.billing.models import Bill
    from payung.documents.tokens import card_token
    from payung.employers.models import Employer
    from payung.workers.models import Worker

    kendari = Employer.objects.get(npp="74710001")
    unit = kendari.units.order_by("pk").first()
    worker = Worker.objects.filter(employments__employer=kendari).order_by("pk").first()
    bill = Bill.objects.filter(employer__npp="74110001").order_by("pk").first()
    assert unit is not None
    assert worker is not None
    assert bill is not None
    return {
        "region": "/wilayah/74/?on=2018-10-31",
        "child region": "/wilayah/74.71/?on=2018-10-31",
        "employer": f"/pemberi-kerja/{kendari.pk}/",
        "unit": f"/unit/{unit.pk}/",
        "worker search": "/pekerja/?q=74",
        "worker": f"/pekerja/{worker.pk}/",
        "calculator": "/kalkulator/?program=jkk",
        "cost to cover": "/wilayah/74.13/biaya/?year=2022&workers=3080&wage=2552014",
        "import history": "/impor/",
        "import upload": "/impor/unggah/",
        "bills": f"/tagihan/pemberi-kerja/{kendari.pk}/",
        "bill": f"/tagihan/{bill.pk}/",
        "arrears": "/tagihan/tunggakan/74/?on=2019-03-01",
        "documents": f"/dokumen/pemberi-kerja/{kendari.pk}/",
        "card verification": f"/verify/{card_token(worker_id=worker.pk, employer_id=kendari.pk)}/",
        "outreach board": "/sosialisasi/?on=2018-10-31",
        "outreach timeline": "/sosialisasi/wilayah/74.13/?on=2022-02-01",
        "reminders": "/sosialisasi/pengingat/",
        "back office": "/admin/",
        "back office list": "/admin/workers/worker/?q=Budi",
        "back office form": f"/admin/workers/worker/{worker.pk}/change/",
        "token form": "/admin/accounts/apitoken/add/",
        "API docs": "/api/docs",
    }


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


def test_no_page_breaks_the_content_security_policy(log_in_as: Any) -> None:
    page = log_in_as("admin")
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    found: dict[str, list[str]] = {}
    for name, path in _main_pages().items():
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, (name, path, response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        page.wait_for_load_state("networkidle")
        if reported := _violations(page):
            found[name] = reported
    assert not found, found
    assert not console, console

    # The page scripts ran: the tile map got its columns, positions and shares from data-.
    page.goto("/wilayah/74/?on=2018-10-31")
    page.wait_for_selector("html[data-ready]")
    columns = page.eval_on_selector(".tiles", "el => getComputedStyle(el).gridTemplateColumns")
    assert len(columns.split()) == int(page.get_attribute(".tiles", "data-grid-cols") or 0)
    tile = page.locator(".tiles .tile:not(.none)").first
    assert tile.evaluate("el => el.style.gridRow") == tile.get_attribute("data-row")
    share = tile.get_attribute("data-share")
    assert tile.evaluate("el => el.style.getPropertyValue('--share')") == f"{share}%"

    # The collector itself works: an inline style set through an attribute is reported.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any(v.startswith("style-src") for v in _violations(page))


def test_the_print_button_prints_without_an_inline_handler(log_in_as: Any) -> None:
    page = log_in_as("cabang")
    page.goto("/wilayah/74.13/biaya/?year=2022&workers=3080&wage=2552014")
    page.wait_for_selector("html[data-ready]")
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.click("button[data-print]")
    assert page.evaluate("window.__printed === true")
