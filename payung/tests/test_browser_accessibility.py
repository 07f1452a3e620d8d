"""axe-core (axe-playwright-python) over every page of every role, in Indonesian and, for one
role, in English, on a laptop and on a phone: no serious or critical violation."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from payung.tests.browser_pages import browser_as, open_ready, page_urls
from payung.tests.crawl import ROLES

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
CASES = [(role, "id", 1366) for role in ROLES] + [("cabang", "en", 1366), ("cabang", "id", 390)]


@pytest.mark.parametrize(("role", "language", "width"), CASES)
def test_no_serious_accessibility_violation(
    role: str, language: str, width: int, chromium: Any, live_server: Any, browser_demo: Any
) -> None:
    axe = Axe()
    client, urls = page_urls(role, language)
    found = []
    with browser_as(chromium, live_server, client, width=width, language=language) as page:
        for url in urls:
            open_ready(page, url)
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    found.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
    assert not found, "\n".join(found)
