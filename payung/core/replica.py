"""Dashboard reads from a PostgreSQL streaming replica, when one is configured.

With `DATABASE_REPLICA_URL` set (payung/settings.py), the database alias `replica` exists and the
reads made inside `dashboard_reads()` (or a view wrapped by `reads_from_replica`) — coverage
pages, the coverage API and CLI, region pages, the worker search — go to it through
`ReplicaRouter`. Everything else stays on `default`:

- every write (Django sends writes to `db_for_write`, which is always `default`);
- every read while `default` is inside a transaction (`atomic`): a read that decides a write, or
  that must see the transaction's own rows, never goes to a replica that lags behind;
- accounts, permissions, sessions and tasks, even in a dashboard: who may see what is read from
  the primary, so a withdrawn role never lingers on a lagging replica.

A replica lags the primary by its replay delay (milliseconds on a local network): a worker added
a moment ago may be missing from a search for that long. Without the alias, nothing changes.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
"""The database alias dashboards read from when `DATABASE_REPLICA_URL` is set."""

PRIMARY_ONLY_APPS = frozenset(
    {"accounts", "auth", "contenttypes", "sessions", "admin", "django_tasks_db", "migrations"}
)
"""Apps whose rows are always read from the primary (access decisions, sessions, the queue)."""

_dashboard: ContextVar[bool] = ContextVar("payung_dashboard_reads", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def dashboard_reads() -> Iterator[None]:
    """Reads inside this block may go to the replica (when configured and not in a transaction)."""
    token = _dashboard.set(True)
    try:
        yield
    finally:
        _dashboard.reset(token)


def reads_from_replica[F: Callable[..., Any]](view: F) -> F:
    """A view (page, API endpoint) whose reads are dashboard reads."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with dashboard_reads():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def read_alias(model: type[Any] | None = None) -> str:
    """The alias a read of `model` goes to now (what the router decides)."""
    if not _dashboard.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    if model is not None and model._meta.app_label in PRIMARY_ONLY_APPS:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


class ReplicaRouter:
    """Django database router: dashboard reads to `replica`, everything else to `default`."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return read_alias(model)

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica replays the primary's schema
