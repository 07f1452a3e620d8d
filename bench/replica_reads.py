"""Dashboard reads with a replica configured: which database each read's queries ran on.

DATABASE_URL=postgres://…:5432/DB DATABASE_REPLICA_URL=postgres://…:5434/DB \
    .venv/bin/python bench/replica_reads.py [--on 2025-06-30]

Run by `bench/replica.sh`, which starts the replica. For each read (the coverage API, a region
page, a worker search, the `payung coverage` command) it prints the number of queries on each
alias and the tables they read; then what each alias's server says it is
(`pg_is_in_recovery()`, port). Nothing is written but one benchmark user on the primary.
"""

import os
import re
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import argparse

    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--on", default="2025-06-30", help="the day the coverage is asked for")
    args = cli.parse_args()
    if not os.environ.get("DATABASE_REPLICA_URL"):
        sys.exit("DATABASE_REPLICA_URL is not set")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from payung.core.replica import REPLICA
    from payung.regions.models import Region
    from payung.workers.models import Worker

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    province = (
        Region.objects.filter(level="province").order_by("code").values_list("code", flat=True)[0]
    )
    regency = (
        Region.objects.filter(parent_id=province).order_by("code").values_list("code", flat=True)[0]
    )
    name = Worker.objects.order_by("pk").values_list("name", flat=True).first() or "A"
    part = name.split()[0]

    def get(url: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    reads: dict[str, Callable[[], object]] = {
        f"GET /api/coverage/{province}": get(f"/api/coverage/{province}?on={args.on}"),
        f"GET /wilayah/{regency}/": get(f"/wilayah/{regency}/?on={args.on}"),
        f"GET /api/workers/?q={part}": get(f"/api/workers/?q={part}&limit=20"),
        f"payung coverage --region {province}": lambda: call_command(
            "coverage", "--region", province, "--on", args.on, "--json", stdout=StringIO()
        ),
    }
    tables = re.compile(r'FROM "(\w+)"')
    for label, read in reads.items():
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            read()
        for alias, captured in (("default", primary), (REPLICA, replica)):
            read_tables = sorted(
                {
                    table
                    for query in captured.captured_queries
                    for table in tables.findall(query["sql"])
                }
            )
            print(f"{label:<40} {alias:<8} {len(captured):>3} queries  {', '.join(read_tables)}")
    for alias in ("default", REPLICA):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
            recovery, port = cursor.fetchone()
        print(f"alias {alias:<8} port {port}  pg_is_in_recovery() = {recovery}")


if __name__ == "__main__":
    main()
