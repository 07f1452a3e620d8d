"""`payung void_payment --employer X --reference R --reason TEXT [--approve] [--as USER] [--json]`:
void a payment by a reversing entry; above the four-eyes limit a second user runs it with
--approve."""

from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.billing.models import Payment, PaymentVoid
from payung.billing.services import approve_void, void_payment
from payung.employers.models import Employer
from payung.employers.selectors import resolve_employer

from ._common import EXIT_REFUSED, ActingCommand, dumps, refusals_as_errors


class Command(ActingCommand):
    help = (
        "Batalkan pembayaran / Void a payment by a reversing entry with a reason; above the "
        "four-eyes limit another user approves it with --approve."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employer", required=True, help="NPP or region code")
        parser.add_argument("--reference", required=True, help="The payment's reference")
        parser.add_argument("--reason", default="", help="Why the payment is voided")
        parser.add_argument("--approve", action="store_true", help="Approve a pending void")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        employer = refusals_as_errors(lambda: resolve_employer(options["employer"]))
        self.actor.check_may_change(
            Employer.objects.filter(pk=employer.pk), what="pemberi kerja", units_too=False
        )
        payment = Payment.objects.filter(
            employer=employer, reference=options["reference"].strip()
        ).first()
        if payment is None:
            raise CommandError(
                "Pembayaran tidak ditemukan / payment not found", returncode=EXIT_REFUSED
            )
        user = self.actor.user
        if options["approve"]:
            pending = PaymentVoid.objects.filter(payment=payment).first()
            if pending is None:
                raise CommandError(
                    "Tidak ada pembatalan / no void to approve", returncode=EXIT_REFUSED
                )
            request = refusals_as_errors(lambda: approve_void(request=pending, actor=user))
        else:
            request = refusals_as_errors(
                lambda: void_payment(payment=payment, reason=options["reason"], actor=user)
            )
        result = {
            "employer": employer.npp or str(employer.pk),
            "reference": payment.reference,
            "state": request.state,
            "reason": request.reason,
        }
        if options["json"]:
            self.stdout.write(dumps(result))
            return
        self.stdout.write(f"{payment.reference}: {request.get_state_display()} ({request.reason})")
