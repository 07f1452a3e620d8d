"""Benchmark: import a synthetic valid roster of N rows through the real import path.

.venv/bin/python bench/import_roster.py --rows N [--database postgres://postgres@127.0.0.1:5432/x]

Makes a fresh database (a temporary SQLite file; with --database, a new PostgreSQL database
`payung_bench_import` on that server, dropped afterwards) with Sultra's regions and Pemerintah
Kota Kendari and its work units, writes an N-row CSV (`;`-separated, as Indonesian Excel
does), imports it for Kendari (validation, workers, employments, JKK + JKM enrolments,
history), then times a bare `executemany` (SQLite) or `COPY` (PostgreSQL) of the same
file's rows into one plain table.
"""

import argparse
import csv
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DATABASE = "payung_bench_import"
UNITS = ("DLHK", "DAMKAR", "SATPOLPP", "SDA")


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--rows", type=int, default=100_000)
    cli.add_argument("--database", default="", help="a PostgreSQL URL: its server is used")
    cli.add_argument(
        "--phases", action="store_true", help="also print the time of each step of the import"
    )
    args = cli.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="payung-bench-import-"))
    server_url = ""
    if args.database:
        server_url = args.database
        os.environ["DATABASE_URL"] = _fresh_postgres(server_url)
    else:
        os.environ["DATABASE_URL"] = ""
        os.environ["PAYUNG_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    try:
        _run(args.rows, workdir, phases=args.phases)
    finally:
        if server_url:
            from django.db import connections

            connections.close_all()
            _drop_postgres(server_url)


def _run(rows: int, workdir: Path, *, phases: bool) -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    settings.PAYUNG_IMPORT_MAX_ROWS = max(rows, 1_000_000)
    call_command("migrate", verbosity=0)
    from payung.imports.services import import_roster

    machine = f"{connection.vendor}, {os.cpu_count()} cores, {platform.python_version()}"
    roster = workdir / "roster.csv"
    started = time.perf_counter()
    _write_roster(roster, rows)
    written = time.perf_counter() - started
    employer = _kendari()
    before_rss = _peak_mib()
    steps = _time_steps() if phases else {}

    started = time.perf_counter()
    result = import_roster(
        path=roster, employer=employer, on=date(2018, 10, 1), programs=("jkk", "jkm"), actor=None
    )
    elapsed = time.perf_counter() - started
    peak = _peak_mib()
    if (result.accepted, result.created) != (rows, rows):
        raise SystemExit(f"the synthetic roster was not imported whole: {result.as_dict()}")

    started = time.perf_counter()
    _bare_load(roster)
    bare = time.perf_counter() - started

    print(f"roster import ({machine}), {rows:,} rows, file {roster.stat().st_size / 2**20:.0f} MiB")
    print(f"  file written in {written:.1f} s (not counted)")
    print(
        f"  import: {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s "
        f"(created {result.created:,} workers, {2 * result.created:,} enrolments, their record)"
    )
    print(f"  peak memory (ru_maxrss): {peak:,.0f} MiB (before the import: {before_rss:,.0f} MiB)")
    kind = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(
        f"  bare {kind} of the same rows into one plain table: {bare:.1f} s "
        f"= {rows / bare:,.0f} rows/s; import / bare = {elapsed / bare:.1f}x"
    )
    if steps:
        print("  steps (reading and checking the file is inside _stage):")
        for name, seconds in steps.items():
            print(f"    {name:<24} {seconds:6.2f} s")
        print(f"    {'commit and the rest':<24} {elapsed - sum(steps.values()):6.2f} s")


def _time_steps() -> dict[str, float]:
    """Wrap the import's steps with timers; the returned dict fills in as they run."""
    import functools

    from payung.imports.services import _Apply

    steps: dict[str, float] = {}

    def timed(name: str, method: Any) -> Any:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    for name in (
        "_stage",
        "_refuse_duplicates",
        "_check_references",
        "_resolve_workers",
        "_warn_enrolled_elsewhere",
        "_take_out_of_tally",
        "_update_workers",
        "_create_workers",
        "_place_workers",
        "_declare_wages",
        "_enrol_workers",
        "_put_back_into_tally",
        "_record_history",
        "_record_created_rows",
        "_count_outcomes",
        "_analyze",
    ):
        setattr(_Apply, name, timed(name, getattr(_Apply, name)))
    return steps


def _kendari() -> Any:
    """Sultra's regions and Pemerintah Kota Kendari with its demo work units (no demo workers)."""
    from payung.demo.data import EMPLOYERS
    from payung.employers.models import Employer, WorkUnit
    from payung.regions.services import load_sultra

    load_sultra()
    spec = next(spec for spec in EMPLOYERS if spec.npp == "74710001")
    employer = Employer.objects.create(
        kind=spec.kind, region_id=spec.region, name=spec.name, npp=spec.npp
    )
    WorkUnit.objects.bulk_create(
        WorkUnit(employer=employer, code=unit.code, name=unit.name) for unit in spec.units
    )
    return employer


def _write_roster(path: Path, rows: int) -> None:
    """Unique valid NIKs: district 74.71.01, a birth date per 9,999 rows, serial 1-9999."""
    base = date(1975, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(
            ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "upah", "unit_kerja", "kategori"]
        )
        for i in range(rows):
            born = base + timedelta(days=i // 9_999)
            sex = "P" if i % 2 else "L"
            day = born.day + (40 if sex == "P" else 0)
            nik = f"747101{day:02d}{born:%m%y}{i % 9_999 + 1:04d}"
            out.writerow(
                [
                    nik,
                    f"Pekerja Sintetis {i}",
                    f"{born:%d-%m-%Y}",
                    sex,
                    f"Rp {2_000_000 + (i % 500) * 1_000:,}".replace(",", "."),
                    UNITS[i % len(UNITS)],
                    "honorer",
                ]
            )


def _bare_load(path: Path) -> None:
    """The physical floor: the file's rows as text into a plain table, one transaction."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain (nik text, nama text, tanggal_lahir text, "
            "jenis_kelamin text, upah text, unit_kerja text, kategori text)"
        )
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            if connection.vendor == "postgresql":
                with cursor.copy("COPY bench_plain FROM STDIN") as copy:
                    for record in reader:
                        copy.write_row(record)
            else:
                cursor.executemany(
                    "INSERT INTO bench_plain VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    reader,  # type: ignore[arg-type]
                )
        cursor.execute("DROP TABLE bench_plain")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _server(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def _fresh_postgres(url: str) -> str:
    import psycopg

    with psycopg.connect(_server(url, "postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return _server(url, BENCH_DATABASE)


def _drop_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(_server(url, "postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


if __name__ == "__main__":
    main()
