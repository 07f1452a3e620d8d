"""Benchmark: member cards per second (query, QR codes, A4 sheets, PDF output) for N workers.

.venv/bin/python bench/cards.py [--cards 10000] [--database URL] [--output FILE.pdf]
"""

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import django_on_fresh_database, parser

TARGET_PER_SECOND = 200


def main() -> None:
    cli = parser(__doc__ or "")
    cli.add_argument("--cards", type=int, default=10_000)
    cli.add_argument("--output", default="", help="keep the PDF here")
    args = cli.parse_args()
    machine = django_on_fresh_database(args)
    from django.db import connection, transaction

    from payung.core.scope import Scope
    from payung.demo.services import build_demo
    from payung.documents.services import cards_pdf
    from payung.employers.models import Employer, EmployerKind

    build_demo()
    employer = Employer.objects.create(
        kind=EmployerKind.REGENCY, region_id="74.02", name="Pemerintah Uji Kartu", npp="98000001"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO workers_worker (nik, name, birth_date, sex, category, is_synthetic)"
            " VALUES (%s, %s, %s, 'L', 'non_asn', TRUE)",
            [(f"98{i:014d}", f"Pekerja Uji {i}", date(1990, 1, 1)) for i in range(args.cards)],
        )
        cursor.execute("SELECT id FROM workers_worker WHERE nik LIKE '98%%' ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO enrollments_enrollment (worker_id, employer_id, program, start_date,"
            " end_reason, kpj) VALUES (%s, %s, %s, %s, '', %s)",
            [
                (worker_id, employer.pk, program, date(2018, 10, 1), str(19_000_000_000 + i))
                for i, worker_id in enumerate(ids)
                for program in ("jkk", "jkm")
            ],
        )
    wall, cpu = time.perf_counter(), time.process_time()
    result = cards_pdf(
        employer=employer, unit=None, on=date(2018, 10, 31), scope=Scope(everything=True)
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if args.output:
        Path(args.output).write_bytes(result.pdf)
    rate = result.cards / wall
    print(
        f"member cards ({machine}): {result.cards:,} cards, {-(-result.cards // 10):,} pages, "
        f"{len(result.pdf) / 1e6:.1f} MB in {wall:.1f} s: {rate:,.0f} cards/s "
        f"(CPU {cpu:.1f} s: {result.cards / cpu:,.0f} cards/s of CPU) — target "
        f"{TARGET_PER_SECOND} cards/s: {'met' if rate >= TARGET_PER_SECOND else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
