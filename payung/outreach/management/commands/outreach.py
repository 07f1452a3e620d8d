"""`payung outreach --region CODE [--on DATE] [--group GROUP] [--json]`: the pipeline of the
child regions of a region."""

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.core.commands import ReadingCommand, parse_date
from payung.core.money import number
from payung.core.scope import Scope
from payung.outreach.models import Group, Stage
from payung.outreach.selectors import pipeline
from payung.regions.models import Region


class Command(ReadingCommand):
    help = "Tahap sosialisasi / Outreach stage of each child region of a region on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 74")
        parser.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--group", default=Group.NON_ASN, choices=Group.values, help="Target group"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(
        self, *args: Any, region: str, on: str | None, group: str, json: bool, **options: Any
    ) -> None:
        day = parse_date(on) if on else date.today()
        found = Region.objects.filter(code=region.strip()).first()
        if found is None:
            raise CommandError(f"Wilayah tidak dikenal / unknown region: {region!r}", returncode=2)
        result = pipeline(region=found, on=day, scope=Scope(everything=True), group=group)
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        self.stdout.write(f"{found.code} {found.name} — {day.isoformat()} — {Group(group).label}")
        self.stdout.write(
            f"  {'Kode':<8} {'Wilayah':<30} {'Tahap / stage':<26} {'Peserta':>8} {'Sasaran':>8}"
            "  Langkah lanjut / next step"
        )
        for row in result.rows:
            target = number(row.target) if row.target is not None else "—"
            step = (
                f"{row.next_step} ({row.due.isoformat() if row.due else '—'})"
                if row.next_step
                else ""
            )
            self.stdout.write(
                f"  {row.code:<8} {row.name[:30]:<30} {Stage(row.stage).label:<26} "
                f"{number(row.participants):>8} "
                f"{target:>8}  {step}"
            )


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
