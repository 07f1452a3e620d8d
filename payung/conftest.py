"""Shared fixtures: the Sultra demo, built once per test database and shared by all tests, and
Debian's Chromium driven by Playwright's sync API for the browser tests of every app.

Chromium is not bundled: `apt-get install chromium`. Without it the browser tests skip loudly,
and when the `CI` variable is set they fail instead, so a CI run cannot pass by skipping them.
"""

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from payung.demo.services import build_demo


def strict() -> bool:
    """In CI, a test that cannot run (no Chromium, no PostgreSQL) fails instead of skipping."""
    return bool(os.environ.get("CI"))


def skip_or_fail(reason: str) -> None:
    if strict():
        pytest.fail(f"{reason} (CI is set: this would be a skip locally)")
    pytest.skip(f"!!! {reason} — CI turns this skip into a failure !!!")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Every test database starts with the Sultra 2018 demo.

    Tests use the default database only, whatever DATABASE_REPLICA_URL says: a test that reads
    from a replica sets the alias up itself (payung/core/tests/test_replica.py)."""
    from django.db import connections

    from payung.core.replica import REPLICA

    if REPLICA in connections.settings:
        for made in connections.all(initialized_only=True):  # the wrapper made while setting up
            if made.alias == REPLICA:
                made.close()
                del connections[REPLICA]
        del connections.settings[REPLICA]
    with django_db_blocker.unblock():
        build_demo()


@pytest.fixture
def user_named(db: Any) -> Any:
    """A demo user by name (cabang, provinsi, kendari, damkar, pimpinan, admin)."""
    return lambda name: get_user_model().objects.get(username=name)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
BROWSER_TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (contexts per test keep tests apart)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        skip_or_fail(f"Chromium not installed (playwright cannot be imported: {missing})")
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not installed ({CHROMIUM} is missing): apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
    # (fixtures, flushes) from a thread with a running loop unless told it is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def _demo_snapshot() -> Iterator[dict[str, Any]]:
    """Where the first built demo is kept, as an in-memory SQLite copy, for later tests."""
    kept: dict[str, Any] = {}
    yield kept
    if "db" in kept:
        kept["db"].close()


@pytest.fixture
def browser_demo(transactional_db: None, _demo_snapshot: dict[str, Any]) -> Any:
    """The Sulawesi Tenggara 2018 demo, fresh for each test (live_server tests flush after each).

    Building it takes seconds; on the in-memory SQLite test database the first build is
    copied aside with SQLite's backup API and copied back for later tests. Other engines
    (PostgreSQL) build it for every test.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from payung.demo.services import build_demo

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():  # type: ignore[attr-defined]
        return build_demo()
    connection.ensure_connection()
    if "db" not in _demo_snapshot:
        result = build_demo()
        snapshot = sqlite3.connect(":memory:")
        connection.connection.backup(snapshot)
        _demo_snapshot.update(db=snapshot, result=result)
    else:
        _demo_snapshot["db"].backup(connection.connection)
        ContentType.objects.clear_cache()  # the flush re-created content types, maybe renumbered
    return _demo_snapshot["result"]


@pytest.fixture
def browser_page(chromium: Any, live_server: Any, browser_demo: Any) -> Iterator[Any]:
    """A fresh browser context and page at 1280x900, aimed at the live server."""
    context = chromium.new_context(viewport=VIEWPORT, base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def log_in_as(browser_page: Any) -> Any:
    """Log a demo user in through the login form; returns the page, on where it landed."""
    from payung.demo.data import DEMO_PASSWORD

    def log_in(username: str, password: str = DEMO_PASSWORD) -> Any:
        page = browser_page
        page.goto("/masuk/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "/masuk/" not in page.url, f"login as {username!r} failed: still on {page.url}"
        return page

    return log_in
