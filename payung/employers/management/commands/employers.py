"""`payung employers add|edit …`: create and edit employers from the command line, through the
same services as the pages and the API (`docs/register.md`). An employer is named by its NPP or
its government's region code; `--as USER` acts within that account's scope; `--json` prints one
object; a refusal or a bad argument exits with status 2 and one bilingual line."""

import argparse
from typing import Any

from django.core.management.base import CommandError, CommandParser

from payung.core.commands import EXIT_REFUSED, ActingCommand, dumps
from payung.core.errors import DomainError
from payung.employers.models import Employer, EmployerKind, RiskClass
from payung.employers.selectors import resolve_employer
from payung.employers.services import EmployerFields, create_employer, update_employer


def _refused(error: DomainError) -> CommandError:
    message = "; ".join(f"[{r.code}] {r.message}" for r in error.refusals)
    return CommandError(message, returncode=EXIT_REFUSED)


def _row(employer: Employer) -> dict[str, Any]:
    return {
        "employer_id": employer.pk,
        "npp": employer.npp,
        "name": employer.name,
        "kind": employer.kind,
        "region": employer.region_id,
        "risk_class": employer.risk_class,
    }


class Command(ActingCommand):
    help = "Pemberi kerja / employers: add one, or edit its kind, region, name, NPP, risk class."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="add|edit")
        add = actions.add_parser("add", help="create an employer")
        add.add_argument("--kind", required=True, choices=EmployerKind.values)
        add.add_argument("--region", required=True, help="Kemendagri code, e.g. 74.71")
        add.add_argument("--name", required=True)
        add.add_argument("--npp", default="", help="BPJS's employer number (digits)")
        add.add_argument("--risk-class", choices=RiskClass.values, default=RiskClass.VERY_LOW)
        edit = actions.add_parser("edit", help="edit an employer (only what is given changes)")
        edit.add_argument("--employer", required=True, help="NPP or region code")
        edit.add_argument("--kind", choices=EmployerKind.values)
        edit.add_argument("--region", help="Kemendagri code")
        edit.add_argument("--name")
        edit.add_argument("--npp", help="the new NPP ('' removes it)")
        edit.add_argument("--risk-class", choices=RiskClass.values)
        for sub in (add, edit):
            sub.add_argument("--json", action="store_true", help="print one JSON object")
            sub.add_argument("--as", dest="as_user", metavar="USER", default=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            employer = getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise _refused(error) from error
        result = _row(employer)
        if options["json"]:
            self.stdout.write(dumps(result))
        else:
            self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))

    def _add(self, options: dict[str, Any]) -> Employer:
        fields = EmployerFields(
            kind=options["kind"],
            region_code=options["region"].strip(),
            name=options["name"],
            npp=options["npp"],
            risk_class=options["risk_class"],
        )
        return create_employer(fields=fields, actor=self.actor.user)

    def _edit(self, options: dict[str, Any]) -> Employer:
        employer = resolve_employer(options["employer"])
        self.actor.check_may_change(
            Employer.objects.filter(pk=employer.pk), what="pemberi kerja", units_too=False
        )
        fields = EmployerFields(
            kind=options["kind"] or employer.kind,
            region_code=(options["region"] or employer.region_id).strip(),
            name=options["name"] if options["name"] is not None else employer.name,
            npp=options["npp"] if options["npp"] is not None else (employer.npp or ""),
            risk_class=options["risk_class"] or employer.risk_class,
        )
        return update_employer(employer=employer, fields=fields, actor=self.actor.user)
