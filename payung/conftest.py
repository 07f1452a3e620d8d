"""Shared fixtures: the Sultra demo is built once per test database and shared by all tests."""

import os
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
    """Every test database starts with the Sultra 2018 demo."""
    with django_db_blocker.unblock():
        build_demo()


@pytest.fixture
def user_named(db: Any) -> Any:
    """A demo user by name (cabang, provinsi, kendari, damkar, pimpinan, admin)."""
    return lambda name: get_user_model().objects.get(username=name)
