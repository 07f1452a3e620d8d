"""`payung demo`: load the Sulawesi Tenggara 2018 demo (idempotent) and print the demo logins.

A new database is migrated first. Only on an empty or a demo database: where real workers,
employers or accounts exist it refuses with exit status 2 and changes nothing (its accounts have
a published password).
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from payung.core.commands import EXIT_REFUSED
from payung.demo.data import DEMO_PASSWORD
from payung.demo.services import NotADemoDatabase, build_demo


class Command(BaseCommand):
    help = (
        "Muat demo Sultra 2018 / Load the Sulawesi Tenggara 2018 demo (synthetic workers), "
        "only on an empty or a demo database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # A new, empty database gets its tables first (migrating an up-to-date one does nothing).
        call_command("migrate", interactive=False, verbosity=0)
        try:
            result = build_demo()
        except NotADemoDatabase as refused:
            raise CommandError(refused.refusals[0].message, returncode=EXIT_REFUSED) from refused
        state = "dibuat / created" if result.created else "sudah ada / already loaded"
        self.stdout.write(f"Demo Sultra 2018 {state}: {result.workers:,} pekerja sintetis.")
        self.stdout.write(f"Akun demo / demo accounts (kata sandi / password: {DEMO_PASSWORD}):")
        for user in result.users:
            self.stdout.write(f"  {user.username:<10} {user.role:<16} {user.covers}")
