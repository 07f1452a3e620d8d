"""`payung regions load [--national]`: load the region tree, idempotently."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from payung.regions import services


class Command(BaseCommand):
    help = "Muat wilayah / Load regions (Sultra shipped with Payung, or the national list)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load regions (the national Kemendagri list by default)")
        load.add_argument(
            "--sultra-only",
            action="store_true",
            help="Only the Sulawesi Tenggara regions shipped with Payung",
        )

    def handle(self, *args: Any, action: str, sultra_only: bool, **options: Any) -> None:
        started = time.perf_counter()
        result = services.load_sultra() if sultra_only else services.load_national()
        self.stdout.write(
            f"Wilayah baru / regions created: {result.created:,}; "
            f"sudah ada / already present: {result.existing:,} "
            f"({time.perf_counter() - started:.1f} s)"
        )
