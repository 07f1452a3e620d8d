"""`payung claims assess|list`: assess an event for a worker without saving anything, and list
claims of a region.

    payung claims assess --nik NIK --event jkm-death|jkk-death|jkk-accident --date YYYY-MM-DD
        [--event-time HH:MM] [--reported-at YYYY-MM-DDTHH:MM] [--children N]
        [--child-levels sd,smp] [--json]
    payung claims list --region CODE [--state S] [--json]
    payung claims remind [--dry-run] [--json]

Bad arguments exit with status 2 and one bilingual line.
"""

import argparse
import sys
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from payung.claims.assessment import StageTwo, assess
from payung.claims.models import ClaimState, EventType, SchoolLevel, TransportMode
from payung.claims.reminders import send_claim_reminders
from payung.claims.selectors import claim_row, claims_in
from payung.claims.services import check_children_levels
from payung.core.commands import EXIT_REFUSED, ReadingCommand, dumps
from payung.core.errors import DomainError
from payung.core.money import rupiah
from payung.core.scope import Scope
from payung.regions.models import Region
from payung.workers.models import Worker


class OneLineParser(CommandParser):
    """Argument errors as one bilingual line and exit status 2, for the command and its
    subcommands."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"payung claims: Argumen tidak valid / invalid arguments: {message}\n")
        sys.exit(EXIT_REFUSED)


def _refused(message_id: str, message_en: str) -> CommandError:
    return CommandError(f"{message_id} / {message_en}", returncode=EXIT_REFUSED)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"tanggal tidak valid / invalid date {text!r} (YYYY-MM-DD)"
        ) from error


def _time(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"jam tidak valid / invalid time {text!r} (HH:MM)"
        ) from error


def _moment(text: str) -> datetime:
    try:
        return timezone.make_aware(datetime.strptime(text, "%Y-%m-%dT%H:%M"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"waktu tidak valid / invalid date-time {text!r} (YYYY-MM-DDTHH:MM)"
        ) from error


def _count(text: str) -> int:
    if not text.isdigit() or int(text) > 20:
        raise argparse.ArgumentTypeError(
            f"jumlah anak tidak valid / invalid number of children {text!r} (0-20)"
        )
    return int(text)


LEVEL_ALIASES = {
    "tk": "primary",
    "sd": "primary",
    "tk-sd": "primary",
    "smp": "junior_secondary",
    "sma": "senior_secondary",
    "smk": "senior_secondary",
    "pt": "higher_education",
    "kuliah": "higher_education",
}


def _levels(text: str) -> list[str]:
    """`sd,smp` or `primary,junior_secondary`: one school level per child, in order."""
    levels = []
    for part in text.split(","):
        word = part.strip().lower()
        level = LEVEL_ALIASES.get(word, word)
        if level not in SchoolLevel.values:
            raise argparse.ArgumentTypeError(
                f"tingkat pendidikan tidak dikenal / unknown school level {part.strip()!r} "
                f"(sd, smp, sma, pt)"
            )
        levels.append(level)
    return levels


def _months(text: str) -> int:
    if not text.isdigit() or int(text) > 600:
        raise argparse.ArgumentTypeError(f"bulan tidak valid / invalid months {text!r} (0-600)")
    return int(text)


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise argparse.ArgumentTypeError(f"jumlah tidak valid / invalid amount {text!r}") from error
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"jumlah tidak valid / invalid amount {text!r}")
    return value


class Command(ReadingCommand):
    help = (
        "Klaim / Claims: assess an event for a worker (nothing saved), list a region's, or mail "
        "reminders of stage II reports and decisions due."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = OneLineParser.error.__get__(parser)  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="assess|list|remind", parser_class=OneLineParser
        )
        check = actions.add_parser("assess", help="Nilai peristiwa / assess an event (no save)")
        check.add_argument("--nik", required=True, help="The worker's 16-digit NIK")
        check.add_argument("--event", required=True, choices=EventType.values)
        check.add_argument("--date", required=True, type=_date, help="Event date YYYY-MM-DD")
        check.add_argument("--event-time", type=_time, default=None, help="HH:MM (local)")
        check.add_argument(
            "--reported-at", type=_moment, default=None, help="Stage I report YYYY-MM-DDTHH:MM"
        )
        check.add_argument("--children", type=_count, default=None, help="Children (scholarship)")
        check.add_argument(
            "--child-levels",
            type=_levels,
            default=None,
            help="Each child's school level, in order: sd,smp,sma,pt",
        )
        check.add_argument(
            "--stmb-months", type=_months, default=None, help="Months unable to work"
        )
        check.add_argument("--disability-percent", type=_amount, default=None, help="Table %%")
        check.add_argument("--total-disability", action="store_true")
        check.add_argument("--medical", type=_amount, default=None, help="Medical costs (Rp)")
        check.add_argument("--transport", type=_amount, default=None, help="Transport costs (Rp)")
        check.add_argument("--transport-mode", choices=TransportMode.values, default="land")
        check.add_argument("--json", action="store_true", help="Print one JSON object")
        listing = actions.add_parser("list", help="Klaim wilayah / a region's claims")
        listing.add_argument("--region", required=True, help="Kemendagri code, e.g. 74 or 74.71")
        listing.add_argument("--state", choices=ClaimState.values, default=None)
        listing.add_argument("--json", action="store_true", help="Print one JSON object")
        remind = actions.add_parser(
            "remind", help="Kirim pengingat / mail stage II and decisions due or overdue"
        )
        remind.add_argument(
            "--dry-run", action="store_true", help="List the mails, send and record nothing"
        )
        remind.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "assess":
                self._assess(options)
            elif options["action"] == "remind":
                self._remind(options)
            else:
                self._list(options)
        except DomainError as error:
            message = "; ".join(f"[{r.code}] {r.message}" for r in error.refusals)
            raise CommandError(message, returncode=EXIT_REFUSED) from error

    def _assess(self, options: dict[str, Any]) -> None:
        nik = options["nik"].strip()
        if len(nik) != 16 or not nik.isdigit():
            raise _refused(f"NIK harus 16 angka: {nik!r}", f"A NIK has 16 digits: {nik!r}")
        worker = Worker.objects.filter(nik=nik).first()
        if worker is None:
            raise _refused(f"Pekerja dengan NIK {nik} tidak ada", f"No worker with NIK {nik}")
        day: date = options["date"]
        if day > timezone.localdate():
            raise _refused("Tanggal peristiwa belum terjadi", "The event's date is in the future")
        reported = options["reported_at"]
        event_time = options["event_time"]
        if reported is not None and reported < timezone.make_aware(
            datetime.combine(day, event_time or time(0))
        ):
            raise _refused("Dilaporkan sebelum peristiwa", "Reported before the event")
        children, levels = check_children_levels(options["children"], options["child_levels"])
        result = assess(
            worker=worker,
            event=options["event"],
            event_date=day,
            event_time=event_time,
            reported_at=reported,
            children=children,
            children_levels=levels,
            stage_two=StageTwo(
                stmb_months=options["stmb_months"],
                disability_percent=options["disability_percent"],
                total_disability=options["total_disability"],
                medical=options["medical"],
                transport=options["transport"],
                transport_mode=options["transport_mode"],
            ),
            scope=Scope(everything=True),
        )
        if options["json"]:
            self.stdout.write(dumps(result.as_dict()))
            return
        employer = result.employer
        self.stdout.write(f"{worker.name} — {result.event} {day.isoformat()} ({result.program})")
        self.stdout.write(
            f"  Tercakup / covered: {'ya / yes' if result.covered else 'tidak / no'}; "
            f"pemberi kerja / employer: {f'{employer.npp} {employer.name}' if employer else '—'}"
        )
        self.stdout.write(
            f"  Upah / wage: {rupiah(result.wage) if result.wage is not None else '—'}; "
            f"lunas sampai / paid through: {result.paid_through or '—'}; "
            f"ditanggung pemberi kerja / employer liable: "
            f"{'ya / yes' if result.employer_liable else 'tidak / no'}"
        )
        for reason in result.reasons:
            self.stdout.write(f"  [{reason.code}] {reason.message_id} / {reason.message_en}")
        for line in result.lines if result.covered else []:
            self.stdout.write(f"  {line.item:<18} {rupiah(line.amount):>16}  {line.basis}")
        self.stdout.write(f"  Jumlah / total: {rupiah(result.total)}")

    def _list(self, options: dict[str, Any]) -> None:
        code = options["region"].strip()
        if not Region.objects.filter(code=code).exists():
            raise _refused(f"Wilayah tidak dikenal: {code!r}", f"Unknown region: {code!r}")
        claims = claims_in(Scope(everything=True), region=code, state=options["state"])
        rows = [claim_row(claim) for claim in claims]
        if options["json"]:
            self.stdout.write(
                dumps(
                    {"region": code, "state": options["state"], "count": len(rows), "claims": rows}
                )
            )
            return
        self.stdout.write(f"{code}: {len(rows)} klaim / claims")
        for row in rows:
            self.stdout.write(
                f"  #{row['id']:<5} {row['event_date']} {row['event']:<13} {row['state']:<10} "
                f"{row['worker']:<30} {rupiah(row['benefit_total']):>16}"
            )

    def _remind(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        dry_run = options["dry_run"]
        mails = send_claim_reminders(now=now, dry_run=dry_run)
        if options["json"]:
            self.stdout.write(
                dumps(
                    {
                        "dry_run": dry_run,
                        "mails": [
                            {
                                "to": mail.recipient,
                                "subject": mail.subject(now),
                                "already_sent_today": mail.already_sent,
                                "claims": [item.as_dict(now) for item in mail.items],
                            }
                            for mail in mails
                        ],
                    }
                )
            )
            return
        verb = "akan dikirim / would send" if dry_run else "dikirim / sent"
        fresh = [mail for mail in mails if not mail.already_sent]
        self.stdout.write(
            f"{len(fresh)} email {verb}; {len(mails) - len(fresh)} sudah dikirim hari ini / "
            "already sent today"
        )
        for mail in fresh:
            self.stdout.write(f"  {mail.recipient}: {mail.subject(now)}")
