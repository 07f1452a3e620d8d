"""`payung arrears --region CODE [--on DATE] [--json]`: employers with overdue bills or months
never billed (`unbilled_periods`, `unbilled_estimate`)."""

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.billing.selectors import region_arrears
from payung.core.commands import ReadingCommand
from payung.core.money import rupiah
from payung.core.scope import Scope
from payung.regions.models import Region

from ._common import EXIT_REFUSED, dumps, parse_date


class Command(ReadingCommand):
    help = "Tunggakan iuran / Arrears of employers under a region on a date, with late fees."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 74 or 74.71")
        parser.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"]) if options["on"] else date.today()
        code = options["region"].strip()
        if not Region.objects.filter(code=code).exists():
            raise CommandError(
                f"Wilayah tidak dikenal / unknown region: {code!r}", returncode=EXIT_REFUSED
            )
        arrears = region_arrears(region_code=code, on=on, scope=Scope(everything=True))
        if options["json"]:
            self.stdout.write(dumps(arrears.as_dict()))
            return
        self.stdout.write(f"{code} — {on.isoformat()}: {len(arrears.employers)} pemberi kerja")
        for row in arrears.employers:
            self.stdout.write(
                f"  {row.employer.npp or '-':<10} {row.employer.name:<44} "
                f"sejak / since {row.oldest_period}  {rupiah(row.unpaid)} "
                f"+ denda / fee {rupiah(row.late_fees)}"
            )
            if row.unbilled_periods:
                self.stdout.write(
                    f"    belum ditagih / unbilled {len(row.unbilled_periods)} bulan / months "
                    f"({row.unbilled_periods[0]} … {row.unbilled_periods[-1]}), "
                    f"perkiraan / estimate Rp{row.unbilled_estimate:,.0f}"
                )
