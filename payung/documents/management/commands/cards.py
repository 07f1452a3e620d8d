"""`payung cards --employer X [--unit U] -o FILE.pdf [--on DATE] [--json]`: member cards as PDF.

X is an NPP or a region code (that region's government employer); U a unit code (e.g. DAMKAR).
One card per worker with an enrolment active on the day (default today), 10 per A4 page.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from payung.core.commands import dumps, parse_date
from payung.core.errors import DomainError
from payung.core.scope import Scope
from payung.employers.selectors import resolve_employer

from ._documents import refused, write_pdf


class Command(BaseCommand):
    help = "Kartu peserta / Member cards of an employer or a work unit as A4 PDF sheets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employer", required=True, help="NPP or region code, e.g. 74.71")
        parser.add_argument("--unit", default=None, help="Work unit code, e.g. DAMKAR")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(
        self,
        *args: Any,
        employer: str,
        unit: str | None,
        output: str,
        on: str | None,
        json: bool,
        **options: Any,
    ) -> None:
        # The PDF, QR and font libraries load when cards are made, not with every command.
        from payung.documents.rendering import CARDS_PER_PAGE
        from payung.documents.services import cards_pdf, resolve_unit

        day = parse_date(on) if on else timezone.localdate()
        try:
            found = resolve_employer(employer)
            found_unit = resolve_unit(found, unit) if unit else None
        except DomainError as error:
            raise refused(self, error, as_json=json) from error
        started = time.perf_counter()
        result = cards_pdf(employer=found, unit=found_unit, on=day, scope=Scope(everything=True))
        seconds = time.perf_counter() - started
        path = write_pdf(output, result.pdf)
        pages = max(1, -(-result.cards // CARDS_PER_PAGE))
        summary = {
            "employer": found.npp,
            "employer_name": found.name,
            "unit": found_unit.code if found_unit else None,
            "on": day.isoformat(),
            "cards": result.cards,
            "pages": pages,
            "file": str(path),
            "bytes": len(result.pdf),
            "seconds": round(seconds, 3),
        }
        if json:
            self.stdout.write(dumps(summary))
            return
        where = f"{found.name}" + (f" / {found_unit.name}" if found_unit else "")
        self.stdout.write(
            f"{result.cards:,} kartu / cards, {pages:,} halaman / pages — {where} → {path}"
        )
