"""`payung backup FILE [--json]`: the database and the uploads in one archive (docs/security.md).

SQLite is copied with its online backup API, PostgreSQL with `pg_dump` (from DATABASE_URL); the
server may keep running. The archive holds every NIK: it is written 0600.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.core.backup import create_backup
from payung.core.commands import EXIT_REFUSED, dumps
from payung.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Cadangkan basis data dan berkas unggahan ke satu arsip / Back up the database and the "
        "uploaded files into one archive (.tar.gz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive to write, e.g. payung-2026-01-31.tar.gz")
        parser.add_argument("--json", action="store_true", help="Print the manifest as JSON")

    def handle(self, *args: Any, file: str, json: bool, **options: Any) -> None:
        target = Path(file)
        if not target.parent.is_dir():
            raise CommandError(
                f"Folder tidak ada / no such folder: {target.parent}", returncode=EXIT_REFUSED
            )
        try:
            manifest = create_backup(target)
        except DomainError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        if json:
            self.stdout.write(dumps({"file": str(target), **manifest}))
            return
        rows = sum(manifest["counts"].values())
        size = target.stat().st_size
        self.stdout.write(
            f"{target}: {manifest['engine']}, {rows:,} baris / rows, "
            f"{manifest['media']['files']:,} berkas / files ({size:,} bita / bytes)"
        )
