"""Test support for browser tests over every page: each role's pages (found by the crawl) opened
in Chromium with that role's session, in a given language and viewport."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

from payung.conftest import BROWSER_TIMEOUT_MS

from .crawl import client_for, crawl


def page_urls(role: str, language: str = "id") -> tuple[Any, list[str]]:
    """A logged-in test client for `role` and the pages it reaches (answered 200)."""
    client = client_for(role, language)
    return client, [page.url for page in crawl(client) if page.status == 200]


@contextmanager
def browser_as(
    chromium: Any, live_server: Any, client: Any, *, width: int, language: str = "id"
) -> Iterator[Any]:
    """A browser page sharing `client`'s session, at `width` x 800."""
    context = chromium.new_context(
        viewport={"width": width, "height": 800},
        base_url=live_server.url,
        locale="id-ID" if language == "id" else "en-US",
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    cookies = [
        {"name": name, "value": morsel.value, "domain": host, "path": "/"}
        for name, morsel in client.cookies.items()
    ]
    cookies.append(
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}
    )
    context.add_cookies(cookies)
    try:
        yield context.new_page()
    finally:
        context.close()


def open_ready(page: Any, url: str) -> None:
    """Open `url` and wait until its scripts have run (`<html data-ready>`)."""
    page.goto(url)
    page.wait_for_selector("html[data-ready]", state="attached")
