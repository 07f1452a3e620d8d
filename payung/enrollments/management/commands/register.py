"""`payung register add|move|end|death|identity|wage …`: a worker's life events and corrections
from the command line, the
same services as the pages and the API (`docs/register.md`). A worker is named by NIK, an
employer by NPP or region code, a unit by its code. `--as USER` acts within that account's
scope; `--json` prints one object; a refusal exits with status 2 and a bilingual line."""

import argparse
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from payung.core.commands import EXIT_REFUSED, ActingCommand, dumps, parse_date
from payung.core.errors import DomainError
from payung.core.money import parse_amount
from payung.employers.models import Employer, WorkUnit
from payung.employers.selectors import resolve_employer
from payung.enrollments import life_events
from payung.workers import services as worker_services
from payung.workers.models import Employment, Worker


def _refusals_as_errors[T](action: Callable[[], T]) -> T:
    try:
        return action()
    except DomainError as error:
        message = "; ".join(f"[{r.code}] {r.message}" for r in error.refusals)
        raise CommandError(message, returncode=EXIT_REFUSED) from error


def _amount(text: str | None) -> Decimal | None:
    """An amount typed the Indonesian way (`2.500.000`), the English way or plain digits."""
    if text is None:
        return None
    try:
        return parse_amount(text.replace("_", ""))
    except (ValueError, InvalidOperation) as error:
        raise CommandError(
            f"Jumlah tidak valid / invalid amount: {text!r}", returncode=EXIT_REFUSED
        ) from error


def _worker(nik: str) -> Worker:
    found = Worker.objects.filter(nik=nik.strip()).first()
    if found is None:
        raise CommandError("NIK tidak terdaftar / NIK not in the register", returncode=EXIT_REFUSED)
    return found


def _unit(employer: Employer, code: str | None) -> WorkUnit | None:
    if not code:
        return None
    found = WorkUnit.objects.filter(employer=employer, code__iexact=code.strip()).first()
    if found is None:
        raise CommandError(
            f"{employer.name} tidak memiliki unit {code!r} / has no unit {code!r}",
            returncode=EXIT_REFUSED,
        )
    return found


def _employment(worker: Worker, employer_text: str | None) -> Employment:
    """The worker's open employment (with that employer when given); exactly one."""
    open_ones = Employment.objects.filter(worker=worker).filter(end_date__isnull=True)
    if employer_text:
        employer = _refusals_as_errors(lambda: resolve_employer(employer_text))
        open_ones = open_ones.filter(employer=employer)
    found = list(open_ones[:2])
    if len(found) != 1:
        raise CommandError(
            "Sebutkan --from NPP: pekerja ini tidak punya tepat satu hubungan kerja berjalan / "
            "give --from NPP: this worker has not exactly one running employment",
            returncode=EXIT_REFUSED,
        )
    return found[0]


class Command(ActingCommand):
    help = (
        "Peristiwa pekerja / a worker's life events: add, move, end, death; correct identity, "
        "change wage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add one worker to an employer")
        add.add_argument("--employer", required=True, help="NPP or region code")
        add.add_argument("--unit", help="work unit code")
        add.add_argument("--nik", required=True)
        add.add_argument("--name", required=True)
        add.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
        add.add_argument("--sex", required=True, choices=["L", "P"])
        add.add_argument("--category", default="non_asn")
        add.add_argument("--start", required=True, help="YYYY-MM-DD")
        add.add_argument("--wage", help="monthly wage in Rupiah")
        add.add_argument("--programs", default="jkk,jkm")
        add.add_argument("--kpj", default="")
        move = actions.add_parser("move", help="move a worker to another unit or employer")
        move.add_argument("--nik", required=True)
        move.add_argument("--from", dest="from_employer", help="NPP: which employment moves")
        move.add_argument("--to", required=True, help="NPP or region code of the employer")
        move.add_argument("--to-unit", help="work unit code there")
        move.add_argument("--on", required=True, help="first day at the new place")
        move.add_argument("--wage", help="new monthly wage (default: the old one)")
        end = actions.add_parser("end", help="end an employment and its enrolments")
        end.add_argument("--nik", required=True)
        end.add_argument("--employer", help="NPP or region code (when several)")
        end.add_argument("--on", required=True, help="the last day")
        end.add_argument(
            "--reason", required=True, choices=["employment_ended", "correction", "other"]
        )
        death = actions.add_parser("death", help="record a death: all ends the day after")
        death.add_argument("--nik", required=True)
        death.add_argument("--date", required=True, help="date of death YYYY-MM-DD")
        identity = actions.add_parser("identity", help="correct name, birth date, sex, category")
        identity.add_argument("--nik", required=True)
        identity.add_argument("--name", help="the name as on the KTP")
        identity.add_argument("--birth-date", help="YYYY-MM-DD (must agree with the NIK)")
        identity.add_argument("--sex", choices=["L", "P"], help="must agree with the NIK")
        identity.add_argument("--category", help="worker category, e.g. non_asn")
        wage = actions.add_parser("wage", help="a new monthly wage from a date")
        wage.add_argument("--nik", required=True)
        wage.add_argument("--wage", required=True, help="monthly wage, e.g. 2.500.000")
        wage.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        wage.add_argument("--employer", help="NPP or region code (when several)")
        for sub in (add, move, end, death, identity, wage):
            sub.add_argument("--json", action="store_true", help="print one JSON object")
            # `--as` also after the action; unset there, it leaves the command's own value.
            sub.add_argument("--as", dest="as_user", metavar="USER", default=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        result = getattr(self, f"_{options['action']}")(options)
        if options["json"]:
            self.stdout.write(dumps(result))
        else:
            self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))

    def _add(self, options: dict[str, Any]) -> dict[str, Any]:
        employer = _refusals_as_errors(lambda: resolve_employer(options["employer"]))
        unit = _unit(employer, options["unit"])
        birth_date, start = parse_date(options["birth_date"]), parse_date(options["start"])
        added = _refusals_as_errors(
            lambda: life_events.add_worker(
                nik=options["nik"],
                name=options["name"],
                birth_date=birth_date,
                sex=options["sex"],
                category=options["category"],
                employer=employer,
                unit=unit,
                start=start,
                wage=_amount(options["wage"]),
                programs=[p.strip() for p in options["programs"].split(",") if p.strip()],
                kpj=options["kpj"],
                actor=self.actor.user,
            )
        )
        return {
            "worker_id": added.worker.pk,
            "created": added.created,
            "enrolled": added.enrolled,
            "warnings": [warning.as_dict() for warning in added.warnings],
        }

    def _move(self, options: dict[str, Any]) -> dict[str, Any]:
        worker = _worker(options["nik"])
        employment = _employment(worker, options["from_employer"])
        to_employer = _refusals_as_errors(lambda: resolve_employer(options["to"]))
        to_unit = _unit(to_employer, options["to_unit"])
        on = parse_date(options["on"])
        moved = _refusals_as_errors(
            lambda: life_events.move_worker(
                employment=employment,
                to_employer=to_employer,
                to_unit=to_unit,
                on=on,
                wage=_amount(options["wage"]),
                actor=self.actor.user,
            )
        )
        return {
            "employment_id": moved.pk,
            "employer": to_employer.npp,
            "unit": to_unit.code if to_unit else None,
            "start_date": moved.start_date.isoformat(),
        }

    def _end(self, options: dict[str, Any]) -> dict[str, Any]:
        worker = _worker(options["nik"])
        employment = _employment(worker, options["employer"])
        on = parse_date(options["on"])
        ended = _refusals_as_errors(
            lambda: life_events.end_employment(
                employment=employment, on=on, reason=options["reason"], actor=self.actor.user
            )
        )
        return {"employments": 1, "enrollments": ended, "last_day": on.isoformat()}

    def _death(self, options: dict[str, Any]) -> dict[str, Any]:
        worker = _worker(options["nik"])
        died_on = parse_date(options["date"])
        result = _refusals_as_errors(
            lambda: life_events.record_death(worker=worker, died_on=died_on, actor=self.actor.user)
        )
        return {
            "last_day": result.last_day.isoformat(),
            "employments": result.employments,
            "enrollments": result.enrollments,
        }

    def _identity(self, options: dict[str, Any]) -> dict[str, Any]:
        worker = _worker(options["nik"])
        given = [options[name] for name in ("name", "birth_date", "sex", "category")]
        if all(value is None for value in given):
            raise CommandError(
                "Tidak ada yang diubah: beri --name, --birth-date, --sex atau --category / "
                "nothing to change: give --name, --birth-date, --sex or --category",
                returncode=EXIT_REFUSED,
            )
        birth_date = (
            parse_date(options["birth_date"]) if options["birth_date"] else worker.birth_date
        )
        corrected = _refusals_as_errors(
            lambda: worker_services.correct_identity(
                worker=worker,
                name=options["name"] if options["name"] is not None else worker.name,
                birth_date=birth_date,
                sex=options["sex"] or worker.sex,
                category=options["category"] or worker.category,
                actor=self.actor.user,
                on=timezone.localdate(),
            )
        )
        return {
            "worker_id": corrected.pk,
            "name": corrected.name,
            "birth_date": corrected.birth_date.isoformat() if corrected.birth_date else None,
            "sex": corrected.sex,
            "category": corrected.category,
        }

    def _wage(self, options: dict[str, Any]) -> dict[str, Any]:
        worker = _worker(options["nik"])
        employment = _employment(worker, options["employer"])
        amount = _amount(options["wage"])
        assert amount is not None
        start = parse_date(options["start"])
        changed = _refusals_as_errors(
            lambda: worker_services.change_wage(
                worker=worker,
                employer=employment.employer,
                amount=amount,
                start=start,
                actor=self.actor.user,
            )
        )
        return {
            "worker_id": worker.pk,
            "employer": employment.employer.npp,
            "wage": str(amount),
            "from": start.isoformat(),
            "changed": changed,
        }
