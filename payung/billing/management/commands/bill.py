"""`payung bill --employer X --period YYYY-MM [--finalize] [--json] [--pdf FILE] [--as USER]`:
issue a month's bill (--pdf writes it as PDF; --json gains `warnings`). With --finalize it is
idempotent: run at once by several, each gets the one final bill.

`payung bill --employer X --missing [--through YYYY-MM] [--json]`: draft bills for every month
never billed (see `payung.billing.continuity`), each under its own month's rules and wages."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.billing.models import Bill
from payung.billing.selectors import bill_summary
from payung.billing.services import finalize_bill, issue_bills, issue_missing
from payung.billing.wage_checks import bill_warnings
from payung.core.errors import DomainError
from payung.employers.models import Employer
from payung.employers.selectors import resolve_employer

from ._common import EXIT_REFUSED, ActingCommand, dumps, refusals_as_errors


class Command(ActingCommand):
    help = (
        "Terbitkan tagihan bulanan / Issue an employer's bill for a month (a draft is "
        "recomputed, a final bill is left as it is); --finalize locks it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employer", required=True, help="NPP or region code, e.g. 74.71")
        parser.add_argument("--period", default=None, help="Month YYYY-MM")
        parser.add_argument(
            "--missing", action="store_true", help="Issue every unbilled month as a draft"
        )
        parser.add_argument(
            "--through", default=None, help="With --missing: up to this month YYYY-MM"
        )
        parser.add_argument("--finalize", action="store_true", help="Lock the bill")
        parser.add_argument("--pdf", default=None, help="Write the bill as PDF to this file")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        employer = refusals_as_errors(lambda: resolve_employer(options["employer"]))
        self.actor.check_may_change(
            Employer.objects.filter(pk=employer.pk), what="pemberi kerja", units_too=False
        )
        user = self.actor.user
        if options["missing"] == bool(options["period"]):
            raise CommandError(
                "Pilih --period atau --missing / give either --period or --missing",
                returncode=EXIT_REFUSED,
            )
        if options["missing"]:
            self._missing(employer, options["through"], options["json"])
            return

        def run() -> Bill:
            bill = issue_bills(employer=employer, period=options["period"], actor=user)
            if options["finalize"] and not bill.is_locked:
                try:
                    bill = finalize_bill(bill=bill, actor=user)
                except DomainError as error:
                    # Another `bill --finalize` locked it between our issue and finalise:
                    # the month's one final bill is the answer, not an error.
                    if error.code != "bill_not_draft":
                        raise
                    bill = Bill.objects.select_related("employer").get(pk=bill.pk)
            return bill

        bill = refusals_as_errors(run)
        summary = bill_summary(bill)
        if options["pdf"]:
            from payung.billing.exports import bill_pdf  # fpdf: only when a PDF is asked for

            Path(options["pdf"]).write_bytes(bill_pdf(bill))
            summary["pdf"] = options["pdf"]
        warnings = bill_warnings(bill)
        summary["warnings"] = [warning.as_dict() for warning in warnings]
        if options["json"]:
            self.stdout.write(dumps(summary))
            return
        self.stdout.write(
            f"{bill.employer.name} ({summary['employer']}) {bill.period}: "
            f"{bill.get_state_display()}"
        )
        self.stdout.write(
            f"  peserta / participants {bill.participants:,}, baris / lines {bill.line_count:,}, "
            f"jumlah / total Rp{bill.total:,.0f}"
        )
        if bill.payment_code:
            self.stdout.write(f"  kode pembayaran / payment code {bill.payment_code}")
        for warning in warnings:
            self.stdout.write(f"  ! [{warning.code}] {warning.message}")

    def _missing(self, employer: Employer, through: str | None, as_json: bool) -> None:
        bills = refusals_as_errors(
            lambda: issue_missing(employer=employer, through=through, actor=self.actor.user)
        )
        if as_json:
            self.stdout.write(
                dumps(
                    {
                        "employer": employer.npp or str(employer.pk),
                        "issued": [bill.period for bill in bills],
                        "bills": [bill_summary(bill) for bill in bills],
                    }
                )
            )
            return
        self.stdout.write(
            f"{employer.name}: {len(bills)} tagihan draf / draft bills"
            + (f" ({bills[0].period} … {bills[-1].period})" if bills else "")
        )
