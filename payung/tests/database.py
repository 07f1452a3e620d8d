"""Test helpers that reach around the services to the database itself."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def bounds_unchecked(*models: Any) -> Iterator[None]:
    """Write rows as an older version (or a hand-edited database) may have left them: the
    models' bounds checks (constraints named `*_in_bounds`) are off inside the block.

    SQLite ignores check constraints for the connection; PostgreSQL drops them inside the
    test's transaction, which puts them back when it rolls back.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = 1")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = 0")
        return
    with connection.cursor() as cursor:
        # Rows written earlier in the test leave deferred foreign-key checks pending, and a
        # table with pending checks cannot be altered: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in models:
            for constraint in model._meta.constraints:
                if constraint.name.endswith("_in_bounds"):
                    table = model._meta.db_table
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {constraint.name}")
    yield
