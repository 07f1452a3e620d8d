"""Benchmark: reads at national scale on a database that holds `payung demo --national`.

DATABASE_URL=postgres://…/payung_national_big .venv/bin/python bench/national.py [--runs 40]

Prints, per read, p50/p95/max in ms over random regions (or names), through Django's test
client in this process (middleware, access gate, templates; no network): the coverage API of any
region, region pages, the 38 provinces in sequence, and the worker search for a common name, a
rare name and a NIK prefix. The database is read, never changed (but for one benchmark user).
"""

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, timings: list[float], extra: str = "") -> None:
    print(
        f"{name:<52} n={len(timings):>3}  p50 {statistics.median(timings):7.1f} ms  "
        f"p95 {percentile(timings, 0.95):7.1f} ms  max {max(timings):7.1f} ms {extra}"
    )


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    import argparse

    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--runs", type=int, default=40, help="requests per figure")
    cli.add_argument("--on", default="2025-06-30", help="the day the coverage is asked for")
    cli.add_argument(
        "--only",
        choices=["coverage", "pages", "provinces", "search"],
        action="append",
        help="only these figures (repeatable); default all",
    )
    args = cli.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from payung.regions.models import Region
    from payung.workers.models import Worker

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    rng = random.Random(14)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    workers = Worker.objects.count()
    print(f"{connection.vendor}, {os.cpu_count()} cores; {workers:,} workers; on {args.on}")

    def get(url: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    levels = {
        "province": list(Region.objects.filter(level="province").values_list("code", flat=True)),
        "regency/city": list(
            Region.objects.filter(level__in=["regency", "city"]).values_list("code", flat=True)
        ),
        "district": list(Region.objects.filter(level="district").values_list("code", flat=True)),
    }
    for code in levels["province"][:3]:  # warm up
        get(f"/api/coverage/{code}?on={args.on}")()
        get(f"/wilayah/{code}/?on={args.on}")()
    wanted = set(args.only or ["coverage", "pages", "provinces", "search"])
    every: list[float] = []
    for level, codes in levels.items() if "coverage" in wanted else ():
        timings = [
            timed(get(f"/api/coverage/{rng.choice(codes)}?on={args.on}")) for _ in range(args.runs)
        ]
        every += timings
        report(f"GET /api/coverage/{{code}} ({level})", timings)
    if every:
        report("GET /api/coverage/{code} (any level)", every)
    for level, codes in levels.items() if "pages" in wanted else ():
        timings = [
            timed(get(f"/wilayah/{rng.choice(codes)}/?on={args.on}")) for _ in range(args.runs)
        ]
        report(f"GET /wilayah/{{code}}/ ({level})", timings)
    sequences = []
    for _ in range(5 if "provinces" in wanted else 0):
        started = time.perf_counter()
        for code in sorted(levels["province"]):
            get(f"/api/coverage/{code}?on={args.on}")()
        sequences.append((time.perf_counter() - started) * 1000)
    if sequences:
        report(f"{len(levels['province'])} provinces in sequence (API)", sequences)
    if "search" not in wanted:
        return

    top = Worker.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sample = Worker.objects.filter(pk__in=[rng.randrange(1, top + 1) for _ in range(400)])
    names = list(sample.values_list("name", flat=True))
    given = [name.split()[0] for name in names]
    common = max(set(given), key=given.count)
    searches = {
        f"search common name ({common!r})": [common] * args.runs,
        "search rare name (a full name)": [rng.choice(names) for _ in range(args.runs)],
        "search absent name ('Zzqx')": ["Zzqx"] * args.runs,
        "search NIK prefix (8 digits)": [nik[:8] for nik in sample.values_list("nik", flat=True)][
            : args.runs
        ],
    }
    for name, queries in searches.items():
        timings = [timed(get(f"/api/workers/?q={query}&limit=50")) for query in queries]
        last = client.get(f"/api/workers/?q={queries[-1]}&limit=50").json()
        shown = f"{last['count']:,}" + ("+" if last["more"] else "")
        matches = (
            Worker.objects.filter(name__icontains=queries[-1]).count()
            if "NIK" not in name
            else None
        )
        report(
            f"GET /api/workers/ {name}",
            timings,
            f"(count {shown}" + (f"; {matches:,} match)" if matches is not None else ")"),
        )


if __name__ == "__main__":
    main()
