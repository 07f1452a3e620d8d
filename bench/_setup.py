"""Start Django on a fresh, migrated database for a benchmark (temporary SQLite by default)."""

import argparse
import os
import platform
import tempfile


def django_on_fresh_database(
    args: argparse.Namespace, *, flush: bool = True, data_dir: str = ""
) -> str:
    """Configure and migrate; return a one-line description of engine and machine.

    `flush=False` keeps a database the caller prepared; `data_dir` names the SQLite directory.
    """
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    else:
        os.environ["DATABASE_URL"] = ""
        os.environ["PAYUNG_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="payung-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    if args.database and flush:
        call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    return f"{connection.vendor}, {os.cpu_count()} cores, {platform.python_version()}"


def parser(description: str) -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(description=description)
    result.add_argument(
        "--database", default="", help="a DATABASE_URL to use (its tables are flushed)"
    )
    return result
