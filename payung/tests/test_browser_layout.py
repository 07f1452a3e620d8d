"""Every page of every role fits a phone (390 px wide) and a laptop (1366 px): nothing scrolls
sideways — wide tables scroll inside their own box, the navigation folds into a menu."""

from typing import Any

import pytest

from payung.tests.browser_pages import browser_as, open_ready, page_urls
from payung.tests.crawl import ROLES

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways(
    role: str, chromium: Any, live_server: Any, browser_demo: Any
) -> None:
    client, urls = page_urls(role)
    assert len(urls) >= 10, urls
    too_wide = []
    for width in WIDTHS:
        with browser_as(chromium, live_server, client, width=width) as page:
            for url in urls:
                open_ready(page, url)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    too_wide.append(f"{width}px {url}: {scroll_width}px wide")
    assert not too_wide, "\n".join(too_wide)


def test_phone_navigation_is_a_menu(chromium: Any, live_server: Any, browser_demo: Any) -> None:
    """At 390 px the navigation is folded behind a menu button that opens it."""
    client, _ = page_urls("cabang")
    with browser_as(chromium, live_server, client, width=390) as page:
        open_ready(page, "/pekerja/")
        nav_link = page.locator("header.top nav a", has_text="Kalkulator")
        assert not nav_link.is_visible()
        page.get_by_role("button", name="Menu").click()
        assert nav_link.is_visible()
        with page.expect_navigation():
            nav_link.click()
        assert page.url.endswith("/kalkulator/")
    with browser_as(chromium, live_server, client, width=1366) as page:
        open_ready(page, "/pekerja/")
        assert page.locator("header.top nav a", has_text="Kalkulator").is_visible()
        assert not page.get_by_role("button", name="Menu").is_visible()
