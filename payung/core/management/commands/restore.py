"""`payung restore FILE [--force] [--json]`: put back a `payung backup` archive.

Refused on a database (or uploads folder) that already holds data, unless --force; stop
`payung serve` and `payung worker` first. Afterwards run `payung migrate` if the code is newer.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.core.backup import restore_backup
from payung.core.commands import EXIT_REFUSED, dumps
from payung.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Pulihkan arsip cadangan / Restore a backup archive into this database and MEDIA_ROOT "
        "(refused when they hold data, unless --force)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="An archive written by `payung backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds data (the old uploads are kept beside)",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, file: str, force: bool, json: bool, **options: Any) -> None:
        source = Path(file)
        if not source.is_file():
            raise CommandError(
                f"Berkas tidak ada / no such file: {source}", returncode=EXIT_REFUSED
            )
        try:
            restored = restore_backup(source, force=force)
        except DomainError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        manifest = restored.manifest
        if json:
            self.stdout.write(
                dumps(
                    {
                        "file": str(source),
                        "created_at": manifest["created_at"],
                        "engine": manifest["engine"],
                        "counts": manifest["counts"],
                        "media": manifest["media"],
                        "pending_migrations": restored.pending_migrations,
                    }
                )
            )
            return
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"{source} ({manifest['created_at']}): {rows:,} baris / rows, "
            f"{manifest['media']['files']:,} berkas / files dipulihkan / restored"
        )
        if restored.pending_migrations:
            self.stdout.write(
                "Jalankan / run: payung migrate "
                f"({len(restored.pending_migrations)} migrasi baru / new migrations)"
            )
