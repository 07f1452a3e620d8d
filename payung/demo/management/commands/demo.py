"""`payung demo`: load the Sulawesi Tenggara 2018 demo (idempotent) and print the demo logins."""

from typing import Any

from django.core.management.base import BaseCommand

from payung.demo.data import DEMO_PASSWORD
from payung.demo.services import build_demo


class Command(BaseCommand):
    help = "Muat demo Sultra 2018 / Load the Sulawesi Tenggara 2018 demo (synthetic workers)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_demo()
        state = "dibuat / created" if result.created else "sudah ada / already loaded"
        self.stdout.write(f"Demo Sultra 2018 {state}: {result.workers:,} pekerja sintetis.")
        self.stdout.write(f"Akun demo / demo accounts (kata sandi / password: {DEMO_PASSWORD}):")
        for user in result.users:
            self.stdout.write(f"  {user.username:<10} {user.role:<16} {user.covers}")
