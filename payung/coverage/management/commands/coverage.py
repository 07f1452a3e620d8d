"""`payung coverage --region CODE [--on DATE] [--json]`: who is covered under a region;
`payung coverage rebuild`: recompute the coverage tally from the enrolments."""

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.core.commands import ReadingCommand, parse_date
from payung.core.replica import dashboard_reads
from payung.core.scope import Scope
from payung.coverage.selectors import region_coverage
from payung.enrollments.tally import rebuild
from payung.regions.models import Region
from payung.workers.models import Category


class Command(ReadingCommand):
    help = "Cakupan kepesertaan / Coverage of a region and its child regions on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", nargs="?", choices=["rebuild"], help="rebuild: recompute the tally"
        )
        parser.add_argument("--region", help="Kemendagri code, e.g. 74 or 74.71")
        parser.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--group",
            choices=Category.values,
            default=None,
            help="non_asn (default levels: a province's regencies, a regency's work units), "
            "village_official or village_facilitator (levels down to villages)",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(
        self,
        *args: Any,
        action: str | None,
        region: str | None,
        on: str | None,
        group: str | None,
        json: bool,
        **options: Any,
    ) -> None:
        if action == "rebuild":
            started = time.perf_counter()
            rows = rebuild()
            self.stdout.write(
                f"Rekap cakupan dihitung ulang / coverage tally rebuilt: {rows:,} baris / rows "
                f"({time.perf_counter() - started:.1f} s)"
            )
            return
        if not region:
            raise CommandError(
                "--region wajib / --region is required, or: payung coverage rebuild"
                " (payung help coverage)",
                returncode=2,
            )
        with dashboard_reads():
            self._show(region, on, group, json)

    def _show(self, region: str, on: str | None, group: str | None, json: bool) -> None:
        day = parse_date(on) if on else date.today()
        found = Region.objects.filter(code=region.strip()).first()
        if found is None:
            raise CommandError(f"Wilayah tidak dikenal / unknown region: {region!r}", returncode=2)
        coverage = region_coverage(region=found, on=day, scope=Scope(everything=True), group=group)
        if json:
            self.stdout.write(_dumps(coverage.as_dict()))
            return
        self.stdout.write(f"{found.code} {found.name} — {day.isoformat()}")
        self.stdout.write(f"Peserta / participants: {coverage.participants:,}")
        if coverage.reported:
            self.stdout.write(
                f"Dilaporkan / reported: {coverage.reported.figure.count:,} "
                f"(selisih / difference {coverage.reported.difference:+,})"
            )
        for row in coverage.children:
            mark = "  ← belum terdaftar / unregistered" if row.unregistered else ""
            self.stdout.write(f"  {row.code:<8} {row.name:<32} {row.participants:>8,}{mark}")
        for unit in coverage.units:
            mark = "  ← belum terdaftar / unregistered" if unit.unregistered else ""
            self.stdout.write(f"  {unit.name:<41} {unit.participants:>8,}{mark}")


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
