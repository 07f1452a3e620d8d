"""`payung pay --employer X --amount N --date D --reference R [--channel C] [--confirm]
[--as USER] [--json]`: record a payment (--confirm for an amount above the confirmation limit)."""

from typing import Any

from django.core.management.base import CommandParser

from payung.billing.selectors import payment_summary
from payung.billing.services import record_payment
from payung.core.money import rupiah
from payung.employers.models import Employer
from payung.employers.selectors import resolve_employer

from ._common import ActingCommand, dumps, parse_amount, parse_date, refusals_as_errors


class Command(ActingCommand):
    help = (
        "Catat pembayaran / Record a payment; it pays the oldest open bills first and what is "
        "left stays as credit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employer", required=True, help="NPP or region code")
        parser.add_argument("--amount", required=True, help="Rupiah, e.g. 10551600")
        parser.add_argument("--date", required=True, help="Payment date YYYY-MM-DD")
        parser.add_argument("--reference", required=True, help="Bank or SP2D reference")
        parser.add_argument("--channel", default="bank_transfer", help="e.g. bank_transfer, sp2d")
        parser.add_argument(
            "--confirm", action="store_true", help="Accept an amount above the confirmation limit"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        amount = parse_amount(options["amount"])
        paid_on = parse_date(options["date"])
        employer = refusals_as_errors(lambda: resolve_employer(options["employer"]))
        self.actor.check_may_change(
            Employer.objects.filter(pk=employer.pk), what="pemberi kerja", units_too=False
        )
        payment = refusals_as_errors(
            lambda: record_payment(
                employer=employer,
                amount=amount,
                paid_on=paid_on,
                reference=options["reference"],
                channel=options["channel"],
                actor=self.actor.user,
                confirmed=options["confirm"],
            )
        )
        summary = payment_summary(payment)
        if options["json"]:
            self.stdout.write(dumps(summary))
            return
        self.stdout.write(
            f"{payment.employer.name}: {rupiah(payment.amount)} {payment.date} "
            f"({payment.reference})"
        )
        for part in summary["allocations"]:
            self.stdout.write(
                f"  → {part['period']}: {rupiah(part['amount'])} "
                f"(denda / late fee {rupiah(part['late_fee'])})"
            )
        self.stdout.write(f"  kredit / credit {rupiah(summary['credit'])}")
