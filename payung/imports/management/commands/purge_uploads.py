"""`payung purge-uploads [--days N] [--dry-run] [--json]`: delete old roster files and reports.

Uploaded rosters and their error reports hold every NIK of a file; they are needed only until
the import is applied and its errors fixed. Run daily (README, docs/security.md).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.core.commands import EXIT_REFUSED, dumps
from payung.imports.runs import purge_cutoff, purge_uploads, upload_retention_days


class Command(BaseCommand):
    help = (
        "Hapus berkas impor dan laporan kesalahan yang melewati masa simpan / Delete roster "
        "uploads and error reports older than the retention period "
        "(PAYUNG_UPLOAD_RETENTION_DAYS, default 30)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days (default: the setting)"
        )
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, days: int | None, dry_run: bool, **options: Any) -> None:
        kept = upload_retention_days() if days is None else days
        if kept < 0:
            raise CommandError(
                f"Jumlah hari tidak valid / invalid number of days: {kept}", returncode=EXIT_REFUSED
            )
        cutoff = purge_cutoff(kept)
        purged = purge_uploads(older_than=cutoff, dry_run=dry_run)
        if options["json"]:
            self.stdout.write(
                dumps(
                    {
                        **purged.as_dict(),
                        "days": kept,
                        "before": cutoff.isoformat(),
                        "dry_run": dry_run,
                    }
                )
            )
            return
        prefix = "[uji coba / dry run] " if dry_run else ""
        self.stdout.write(
            f"{prefix}{purged.files:,} berkas / files ({purged.bytes:,} bita / bytes) dari / "
            f"of {purged.runs:,} impor / imports lebih tua dari / older than {kept} hari / days"
        )
        for name in purged.paths:
            self.stdout.write(f"  {name}")
