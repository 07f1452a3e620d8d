"""Schemathesis against /api/openapi.json: no input gives a server error or an undocumented answer.

Every operation of the schema is called with the schema's boundary values (schemathesis'
coverage phase) and 30 generated valid and invalid requests, deterministically, as a region
officer (`kendari`, a scoped token) and as the superuser (`admin`). The requests go to the WSGI
application inside the test's transaction, so the Sultra demo stays as the session built it and
everything the run creates is rolled back. Each request runs in a savepoint: a database error in
one request (which aborts a PostgreSQL transaction) is still seen as the 500 it answered, and the
next request starts clean.

No operation is left out: none deletes anything, and the writes (bills, payments, agreements,
imports, card batches) are rolled back with the test.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from payung.accounts.models import ApiToken

pytestmark = [pytest.mark.django_db, pytest.mark.api_fuzz]

EXAMPLES_PER_OPERATION = 30
SEED = 20181031
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFIG = {
    "seed": SEED,
    "generation": {
        "mode": "all",
        "max-examples": EXAMPLES_PER_OPERATION,
        "deterministic": True,
    },
    "phases": {"stateful": {"enabled": False}},
}
# Calls made per role and operation, printed at the end of the run (`pytest -s`).
CALLS: dict[str, Counter[str]] = {}


def in_test_transaction(handler: WSGIHandler) -> Callable[..., Iterable[bytes]]:
    """The WSGI application without Django's closing of the connection around each request
    (it would end the test's transaction), each request in a savepoint."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        body: list[bytes] = []
        try:
            with transaction.atomic():
                response = handler(environ, start_response)
                body = list(response)
                response.close()  # type: ignore[attr-defined]
        except DatabaseError:
            pass  # the request failed in the database and answered 500; its savepoint is undone
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return body

    return app


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    """Print how many operations and requests each role's run made (`pytest -s`)."""
    yield
    for username, calls in CALLS.items():
        print(f"\n{username}: {len(calls)} operations, {sum(calls.values())} requests")


@pytest.fixture(params=["kendari", "admin"])
def role(request: Any, user_named: Any) -> tuple[str, dict[str, str]]:
    """A region officer's token (scoped) and the superuser's."""
    _, raw = ApiToken.issue(user=user_named(request.param), name="schemathesis")
    CALLS.setdefault(request.param, Counter())
    return request.param, {"Authorization": f"Bearer {raw}"}


# The schema is read as served, when the tests are collected (that request reads no table);
# the operations are then called inside each test's transaction.
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", WSGIHandler(), config=schemathesis.Config.from_dict(CONFIG)
)
schema.app = in_test_transaction(WSGIHandler())


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_no_server_error_nor_schema_violation(case: Any, role: Any) -> None:
    """Generated and boundary requests never answer 500, nor a status, type or body the
    schema does not document."""
    username, headers = role
    CALLS[username][case.operation.label] += 1
    case.call_and_validate(headers=headers, checks=CHECKS)
