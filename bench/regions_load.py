"""Benchmark: load the national Kemendagri region list (91,600 rows) into a fresh database.

.venv/bin/python bench/regions_load.py [--database postgres://postgres@127.0.0.1:5432/bench]
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import django_on_fresh_database, parser


def main() -> None:
    args = parser(__doc__ or "").parse_args()
    machine = django_on_fresh_database(args)
    from payung.regions.services import load_national

    started = time.perf_counter()
    result = load_national()
    elapsed = time.perf_counter() - started
    print(
        f"regions load ({machine}): {result.created:,} regions in {elapsed:.2f} s "
        f"= {result.created / elapsed:,.0f} rows/s (with history)"
    )
    started = time.perf_counter()
    load_national()
    print(f"second load (idempotent, nothing to add): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
