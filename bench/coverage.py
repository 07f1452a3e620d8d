"""Benchmark: the coverage overview's query over N active enrolments.

.venv/bin/python bench/coverage.py --enrollments 200000 [--database URL]
"""

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import django_on_fresh_database, parser


def main() -> None:
    cli = parser(__doc__ or "")
    cli.add_argument("--enrollments", type=int, default=200_000)
    args = cli.parse_args()
    machine = django_on_fresh_database(args)
    from django.db import connection, transaction

    from payung.core.scope import Scope
    from payung.coverage.selectors import region_coverage
    from payung.demo.services import build_demo
    from payung.employers.models import Employer
    from payung.regions.models import Region

    build_demo()
    employers = list(Employer.objects.values_list("pk", flat=True))
    workers = args.enrollments // 2
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO workers_worker (nik, name, birth_date, sex, category, is_synthetic)"
            " VALUES (%s, %s, %s, 'L', 'non_asn', TRUE)",
            [(f"99{i:014d}", f"Bench {i}", date(1990, 1, 1)) for i in range(workers)],
        )
        cursor.execute("SELECT id FROM workers_worker WHERE nik LIKE '99%%' ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO enrollments_enrollment (worker_id, employer_id, program, start_date,"
            " end_reason, kpj) VALUES (%s, %s, %s, %s, '', '')",
            [
                (worker_id, employers[i % len(employers)], program, date(2018, 10, 1))
                for i, worker_id in enumerate(ids)
                for program in ("jkk", "jkm")
            ],
        )
    province = Region.objects.get(code="74")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        coverage = region_coverage(
            region=province, on=date(2018, 10, 31), scope=Scope(everything=True)
        )
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"coverage of province 74 ({machine}): {coverage.participants:,} participants, "
        f"{2 * len(ids) + 2 * 7432:,} enrolments: best {min(timings):.0f} ms, "
        f"median {sorted(timings)[2]:.0f} ms"
    )


if __name__ == "__main__":
    main()
