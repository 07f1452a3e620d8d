"""The replica router: dashboard reads go to the `replica` alias when it exists; writes, reads
inside a transaction and access decisions stay on `default`.

The alias is configured here as a second connection to the test database (a test mirror), the
way `DATABASE_REPLICA_URL` adds it in production; the tests are transactional, because a read
inside the test case's own transaction would (rightly) stay on `default`.
"""

from collections.abc import Iterator
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext

from payung.core.replica import REPLICA, ReplicaRouter, dashboard_reads
from payung.coverage.models import ReportedFigure
from payung.enrollments.models import Enrollment
from payung.regions.services import load_sultra
from payung.tests.factories import EmployerFactory, EnrollmentFactory
from payung.workers.models import Worker

router = ReplicaRouter()


pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup: None) -> Iterator[None]:
    """The `replica` alias for this module's tests: another connection to the test database
    (set up before the tests' database access, which checks the aliases it is given)."""
    settings_dict = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA] = settings_dict
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica() -> Any:
    return connections[REPLICA]


def test_without_a_replica_every_read_is_on_default(monkeypatch: Any) -> None:
    monkeypatch.delitem(connections.settings, REPLICA)
    with dashboard_reads():
        assert router.db_for_read(Worker) == DEFAULT_DB_ALIAS
        assert Worker.objects.all().db == DEFAULT_DB_ALIAS


def test_routing_decisions(replica: Any) -> None:
    user_model = get_user_model()
    assert router.db_for_read(Worker) == DEFAULT_DB_ALIAS  # not a dashboard read
    with dashboard_reads():
        assert router.db_for_read(Worker) == REPLICA
        assert router.db_for_read(ReportedFigure) == REPLICA
        assert Enrollment.objects.all().db == REPLICA
        assert router.db_for_read(user_model) == DEFAULT_DB_ALIAS  # who may see what
        assert router.db_for_write(Worker) == DEFAULT_DB_ALIAS
        with transaction.atomic():  # a read inside a write transaction stays with the writes
            assert router.db_for_read(Worker) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Worker) == REPLICA
    assert router.db_for_read(Worker) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "workers")
    assert not router.allow_migrate(REPLICA, "workers")


def test_coverage_api_and_search_read_from_the_replica(client: Any, replica: Any) -> None:
    load_sultra()  # an earlier transactional test may have flushed the migrations' regions
    EnrollmentFactory(employer=EmployerFactory(), start_date=date(2018, 1, 1))
    admin = get_user_model().objects.create_superuser("replica-admin", password="x-Pass-1234")
    client.force_login(admin)
    primary = connections[DEFAULT_DB_ALIAS]
    for url in ("/api/coverage/74?on=2018-10-31", "/api/workers/?q=Pekerja&limit=5"):
        with (
            CaptureQueriesContext(replica) as on_replica,
            CaptureQueriesContext(primary) as on_default,
        ):
            response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
        default_sql = " ".join(query["sql"] for query in on_default.captured_queries)
        table = "enrollments_coveragetally" if "coverage" in url else "workers_worker"
        assert table in replica_sql, url
        assert table not in default_sql, url
        assert "auth_user" in default_sql, url
        assert "auth_user" not in replica_sql, url
    assert response.json()["count"] == 1

    # The CLI's coverage reads there too; a read outside a dashboard does not.
    with CaptureQueriesContext(replica) as on_replica:
        call_command(
            "coverage", "--region", "74", "--on", "2018-10-31", "--json", stdout=StringIO()
        )
        Worker.objects.count()
    sql = [query["sql"] for query in on_replica.captured_queries]
    assert any("enrollments_coveragetally" in query for query in sql)
    assert not any("workers_worker" in query for query in sql)
