"""`payung export-roster --employer X [--format sipp|xlsx|csv] [--on DATE] [-o FILE]`."""

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from payung.core.commands import ReadingCommand
from payung.core.errors import DomainError
from payung.imports.export import FORMATS, SIPP_ROW_LIMIT, write_roster
from payung.imports.services import resolve_employer

SUFFIX = {"sipp": ".xlsx", "xlsx": ".xlsx", "csv": ".csv"}


class Command(ReadingCommand):
    help = (
        "Write an employer's roster (participants on --on, default today) as the SIPP template "
        "(sheet data_tk_baru, every cell text), .xlsx or .csv, in the columns the import reads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employer", required=True, help="NPP, or a region code")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="sipp")
        parser.add_argument("--on", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument(
            "-o",
            "--output",
            default=None,
            help="file to write ('-' for standard output); default daftar-<NPP>-<date>.<ext>",
        )

    def handle(
        self,
        *args: Any,
        employer: str,
        fmt: str,
        on: date | None,
        output: str | None,
        **options: Any,
    ) -> None:
        try:
            found = resolve_employer(employer)
        except DomainError as refused:
            raise CommandError(str(refused)) from refused
        day = on or timezone.localdate()
        if output == "-":
            stream = sys.stdout if fmt == "csv" else sys.stdout.buffer
            try:
                count = write_roster(employer=found, fmt=fmt, out=stream, on=day)
                stream.flush()
            except BrokenPipeError:  # e.g. piped into `head`
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
            self.stderr.write(f"{count} baris / rows")
            return
        name = output or f"daftar-{found.npp or found.region_id}-{day:%Y%m%d}{SUFFIX[fmt]}"
        count = write_roster(employer=found, fmt=fmt, out=Path(name), on=day)
        self.stdout.write(f"{name}: {count} baris / rows ({found.name}, {day:%Y-%m-%d})")
        if fmt == "sipp" and count > SIPP_ROW_LIMIT:
            self.stderr.write(
                f"Perhatian: portal SIPP menerima paling banyak {SIPP_ROW_LIMIT} baris per berkas."
                f" / Note: the SIPP portal takes at most {SIPP_ROW_LIMIT} rows per file."
            )
