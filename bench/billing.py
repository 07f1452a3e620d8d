"""Benchmark: one month's bills for N active enrolments (set-based issue_bills).

.venv/bin/python bench/billing.py --enrollments 1000000 [--database URL] [--keep]

Builds the Sultra demo, adds N/2 synthetic workers with JKK+JKM enrolments spread over the demo
employers (four distinct wages), then times `issue_month`: every employer's bill for 2019-02
(a month the demo has not billed) in one set-based pass; then a second issue of the same month
(drafts recomputed: old lines deleted, new ones written). On SQLite all the work is in this
process, so its CPU time is what the issue costs on a machine nobody else uses; the load
average says how shared the machine was.

`--keep` saves the filled database (PostgreSQL: a database `<name>_seed_<N>` on the same server;
SQLite: a file under /tmp/payung-bench-billing-<N>/) and later runs with `--keep` start from a
copy of it instead of building the demo and the enrolments again (about 2.5 min at 1M).
"""

import argparse
import io
import os
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import django_on_fresh_database, parser

WAGES = ("2000000", "2177053", "2250000", "2351870")
PERIOD = "2019-02"


def _fill(count: int) -> None:
    """N/2 workers and their JKK+JKM enrolments, by COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection, transaction

    from payung.employers.models import Employer

    employers = list(Employer.objects.values_list("pk", flat=True))
    workers = count // 2
    with transaction.atomic(), connection.cursor() as cursor:
        worker_rows = [(f"99{i:014d}", f"Bench {i}", "1990-01-01") for i in range(workers)]
        if connection.vendor == "postgresql":
            _copy(
                cursor,
                "workers_worker (nik, name, birth_date, sex, category, is_synthetic)",
                (f"{n}\t{name}\t{b}\tL\tnon_asn\tt" for n, name, b in worker_rows),
            )
        else:
            cursor.executemany(
                "INSERT INTO workers_worker (nik, name, birth_date, sex, category,"
                " is_synthetic) VALUES (%s, %s, %s, 'L', 'non_asn', TRUE)",
                worker_rows,
            )
        cursor.execute("SELECT id FROM workers_worker WHERE nik LIKE '99%%' ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        # Each worker's employer reports one of four wages from the start of their enrolment.
        wage_rows = [
            (employers[i % len(employers)], worker_id, WAGES[i % len(WAGES)])
            for i, worker_id in enumerate(ids)
        ]
        rows = [
            (worker_id, employer, program)
            for employer, worker_id, _ in wage_rows
            for program in ("jkk", "jkm")
        ]
        if connection.vendor == "postgresql":
            _copy(
                cursor,
                "workers_wage (employer_id, worker_id, start_date, amount)",
                (f"{e}\t{w}\t2018-12-01\t{a}" for e, w, a in wage_rows),
            )
            _copy(
                cursor,
                "enrollments_enrollment (worker_id, employer_id, program, start_date,"
                " end_reason, kpj)",
                (f"{w}\t{e}\t{p}\t2018-12-01\t\t" for w, e, p in rows),
            )
        else:
            cursor.executemany(
                "INSERT INTO workers_wage (employer_id, worker_id, start_date, amount)"
                " VALUES (%s, %s, '2018-12-01', %s)",
                wage_rows,
            )
            cursor.executemany(
                "INSERT INTO enrollments_enrollment (worker_id, employer_id, program,"
                " start_date, end_reason, kpj) VALUES (%s, %s, %s, '2018-12-01', '', '')",
                rows,
            )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def _copy(cursor: object, target: str, lines: Iterable[str]) -> None:
    buffer = io.StringIO("\n".join(lines) + "\n")
    with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:  # type: ignore[attr-defined]
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def _seed_sqlite(count: int) -> Path:
    return Path(f"/tmp/payung-bench-billing-{count}")


def _postgres(url: str) -> tuple[str, str]:
    """The maintenance database's URL on the server of `url`, and the database name of `url`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _restore(args: argparse.Namespace) -> bool:
    """Start from the seed kept by an earlier `--keep` run, if there is one."""
    if not args.database:
        seed_file = _seed_sqlite(args.enrollments) / "seed.sqlite3"
        if not seed_file.exists():
            return False
        work = _seed_sqlite(args.enrollments) / "work"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        shutil.copy(seed_file, work / "payung.sqlite3")
        return True
    import psycopg

    server, name = _postgres(args.database)
    with psycopg.connect(server, autocommit=True) as admin:
        seed = f"{name}_seed_{args.enrollments}"
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [seed]).fetchone():
            return False
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{seed}" STRATEGY FILE_COPY')
    return True


def _save(args: argparse.Namespace) -> None:
    """Keep the filled database as the seed of later `--keep` runs."""
    from django.db import connection

    connection.close()
    if not args.database:
        from django.conf import settings

        shutil.copy(
            settings.DATABASES["default"]["NAME"], _seed_sqlite(args.enrollments) / "seed.sqlite3"
        )
        return
    import psycopg

    server, name = _postgres(args.database)
    with psycopg.connect(server, autocommit=True) as admin:
        seed = f"{name}_seed_{args.enrollments}"
        admin.execute(f'DROP DATABASE IF EXISTS "{seed}"')
        admin.execute(f'CREATE DATABASE "{seed}" TEMPLATE "{name}" STRATEGY FILE_COPY')


def _issue_all(period: str) -> tuple[float, float, int, int]:
    """Wall-clock and this process's CPU seconds, lines and participants of one issue."""
    from payung.billing.services import issue_month

    started, cpu = time.perf_counter(), time.process_time()
    bills = issue_month(period=period)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, sum(b.line_count for b in bills), sum(b.participants for b in bills)


def main() -> None:
    cli = parser(__doc__ or "")
    cli.add_argument("--enrollments", type=int, default=200_000)
    cli.add_argument("--keep", action="store_true", help="keep the filled database and reuse it")
    args = cli.parse_args()
    restored = args.keep and _restore(args)
    data_dir = ""
    if args.keep and not args.database:
        data_dir = str(_seed_sqlite(args.enrollments) / "work")
        if not restored:
            shutil.rmtree(data_dir, ignore_errors=True)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    machine = django_on_fresh_database(args, flush=not restored, data_dir=data_dir)
    if restored:
        print(f"setup: the kept database with {args.enrollments:,} enrolments", flush=True)
    else:
        from payung.demo.services import build_demo

        build_demo()
        started = time.perf_counter()
        _fill(args.enrollments)
        took = time.perf_counter() - started
        print(f"setup: {args.enrollments:,} enrolments added in {took:.1f} s", flush=True)
        if args.keep:
            _save(args)
    for label in ("first issue", "second issue (drafts recomputed)"):
        seconds, cpu, lines, participants = _issue_all(PERIOD)
        print(
            f"{label} of {PERIOD} ({machine}): {lines:,} lines, {participants:,} participants, "
            f"{seconds * 1000:,.0f} ms, {lines / seconds:,.0f} lines/s "
            f"(CPU of this process {cpu * 1000:,.0f} ms; load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
