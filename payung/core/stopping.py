"""A stop signal reaches the task worker even inside one long SQLite statement.

Python runs signal handlers only between bytecodes, so a worker stuck in a single SQLite
statement (a 150,000-row apply spends seconds in one) cannot act on the second SIGTERM that
tells it to give its task up; `payung serve` then kills it, and the run stays "running" until
the next worker starts. A progress handler that calls back into Python every few thousand
SQLite instructions lets the handler run: the `SystemExit` it raises there is swallowed by
`sqlite3`, which aborts the statement with `OperationalError('interrupted')` instead, and the
transaction rolls back. `was_interrupted` recognises that error, so the task can report it as
the stop it is. PostgreSQL needs none of this: psycopg waits for results in Python and lets
the signal through.
"""

import sqlite3
from typing import Any

from django.db import DatabaseError
from django.db.backends.signals import connection_created

# SQLite virtual-machine instructions between two chances for a signal handler to run: a few
# thousand calls a second into Python at most, too few to measure against the statement.
INSTRUCTIONS = 100_000


def _let_signal_handlers_run() -> int:
    return 0  # Go on: a pending handler has run at this call's start, or raised out of it.


def listen(raw: sqlite3.Connection) -> None:
    """Give this SQLite connection's long statements to pending signal handlers."""
    raw.set_progress_handler(_let_signal_handlers_run, INSTRUCTIONS)


def _on_connection_created(sender: Any, connection: Any, **_: Any) -> None:
    if connection.vendor == "sqlite":
        listen(connection.connection)


def let_signals_into_statements() -> None:
    """For the worker process: every SQLite connection it opens (and the open ones) listens."""
    from django.db import connections

    connection_created.connect(_on_connection_created, dispatch_uid="payung.core.stopping")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _on_connection_created(None, connection)


def was_interrupted(error: BaseException) -> bool:
    """True for the error a stop signal leaves behind inside a SQLite statement."""
    return isinstance(error, DatabaseError | sqlite3.DatabaseError) and str(error) == "interrupted"
