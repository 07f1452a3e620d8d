"""`payung demo`: load the Sulawesi Tenggara 2018 demo (idempotent) and print the demo logins;
`payung demo --national [--workers N]`: a synthetic national register (payung.demo.national).

A new database is migrated first. Only on an empty or a demo database: where real workers,
employers or accounts exist it refuses with exit status 2 and changes nothing (its accounts have
a published password).
"""

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.core.commands import EXIT_REFUSED
from payung.demo.data import DEMO_PASSWORD
from payung.demo.national import DEFAULT_WORKERS, build_national
from payung.demo.services import NotADemoDatabase, build_demo


class Command(BaseCommand):
    help = (
        "Muat demo Sultra 2018 / Load the Sulawesi Tenggara 2018 demo (synthetic workers), "
        "only on an empty or a demo database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--national",
            action="store_true",
            help="Register nasional sintetis / a synthetic national register (every province "
            "and regency/city, village governments), instead of the Sultra demo",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"Pekerja non-ASN / non-ASN workers with --national (default {DEFAULT_WORKERS:,})",
        )

    def handle(self, *args: Any, national: bool, workers: int | None, **options: Any) -> None:
        # A new, empty database gets its tables first (migrating an up-to-date one does nothing).
        call_command("migrate", interactive=False, verbosity=0)
        if workers is not None and not national:
            raise CommandError("--workers hanya dengan / only with --national", returncode=2)
        if workers is not None and workers < 0:
            raise CommandError("--workers harus ≥ 0 / must be ≥ 0", returncode=2)
        if national:
            self._national(DEFAULT_WORKERS if workers is None else workers)
            return
        try:
            result = build_demo()
        except NotADemoDatabase as refused:
            raise CommandError(refused.refusals[0].message, returncode=EXIT_REFUSED) from refused
        state = "dibuat / created" if result.created else "sudah ada / already loaded"
        self.stdout.write(f"Demo Sultra 2018 {state}: {result.workers:,} pekerja sintetis.")
        self.stdout.write(f"Akun demo / demo accounts (kata sandi / password: {DEMO_PASSWORD}):")
        for user in result.users:
            self.stdout.write(f"  {user.username:<10} {user.role:<16} {user.covers}")

    def _national(self, workers: int) -> None:
        started = time.perf_counter()
        try:
            result = build_national(workers=workers, progress=self.stderr.write)
        except NotADemoDatabase as refused:
            raise CommandError(refused.refusals[0].message, returncode=EXIT_REFUSED) from refused
        self.stdout.write(
            f"Demo nasional (data sintetis / synthetic): {result.regions:,} wilayah / regions, "
            f"{result.employers:,} pemberi kerja / employers, {result.workers:,} pekerja / "
            f"workers, {result.enrolments:,} kepesertaan / enrolments "
            f"({time.perf_counter() - started:.1f} s)"
        )
