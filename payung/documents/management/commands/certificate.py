"""`payung certificate --employer X -o FILE.pdf [--on DATE] [--as USER] [--json]`: a participation
certificate.

X is an NPP or a region code (that region's government employer). Issuing again on the same day
with the same facts gives the same certificate (same number).
"""

from typing import Any

from django.core.management.base import CommandParser

from payung.core.commands import ActingCommand, dumps, parse_date
from payung.core.errors import DomainError
from payung.documents.tokens import certificate_token, verify_url
from payung.employers.models import Employer
from payung.employers.selectors import resolve_employer

from ._documents import refused, write_pdf


class Command(ActingCommand):
    help = "Sertifikat kepesertaan / Participation certificate of an employer as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employer", required=True, help="NPP or region code, e.g. 74.71")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(
        self, *args: Any, employer: str, output: str, on: str | None, json: bool, **options: Any
    ) -> None:
        # The PDF, QR and font libraries load when a certificate is made, not with every command.
        from payung.documents.services import certificate_pdf, issue_certificate

        try:
            found = resolve_employer(employer)
        except DomainError as error:
            raise refused(self, error, as_json=json) from error
        # Certificates speak for a whole employer: not issued by a unit operator.
        self.actor.check_may_change(
            Employer.objects.filter(pk=found.pk), what="pemberi kerja", units_too=False
        )
        try:
            certificate = issue_certificate(
                employer=found, actor=self.actor.user, on=parse_date(on) if on else None
            )
        except DomainError as error:
            raise refused(self, error, as_json=json) from error
        content = certificate_pdf(certificate)
        path = write_pdf(output, content)
        summary = {
            "employer": found.npp,
            "employer_name": found.name,
            "number": certificate.number,
            "issued_on": certificate.issued_on.isoformat(),
            "effective_date": certificate.effective_date.isoformat(),
            "programs": certificate.program_codes,
            "participants": certificate.participants,
            "verify_url": verify_url(certificate_token(certificate_id=certificate.pk)),
            "file": str(path),
            "bytes": len(content),
        }
        if json:
            self.stdout.write(dumps(summary))
            return
        self.stdout.write(
            f"{certificate.number} — {found.name}: {certificate.participants:,} peserta / "
            f"participants, {', '.join(certificate.program_codes).upper()} → {path}"
        )
