"""A stop signal is not held back by one long SQLite statement (payung.core.stopping)."""

import signal
import sqlite3
import time

import pytest

from payung.core import stopping

# About a minute of SQLite work on this machine: far longer than the test waits.
LONG_STATEMENT = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
    "SELECT count(*) FROM c"
)


class Stop(Exception):
    pass


def _stop(number: int, frame: object) -> None:
    raise Stop


@pytest.fixture
def alarm_in_a_tenth_of_a_second():
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, 0.1)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_a_signal_aborts_a_long_statement_on_a_listening_connection(alarm_in_a_tenth_of_a_second):
    """The handler runs within the statement; sqlite3 aborts it as 'interrupted', which
    `was_interrupted` recognises, instead of finishing a minute later."""
    raw = sqlite3.connect(":memory:")
    stopping.listen(raw)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError) as error:
        raw.execute(LONG_STATEMENT).fetchone()
    assert time.monotonic() - started < 5
    assert stopping.was_interrupted(error.value)


def test_other_database_errors_are_not_taken_for_a_stop():
    assert not stopping.was_interrupted(sqlite3.OperationalError("database is locked"))
    assert not stopping.was_interrupted(RuntimeError("interrupted"))
