"""What every `payung` command shares: parsing a date option, exit status 2 for bad input, JSON,
and for commands that change the register, `--as USER` and the history of who ran them."""

import getpass
import json
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from .access import scope_for, visible_to
from .history import history_context

EXIT_REFUSED = 2


def parse_date(text: str) -> date:
    """A `YYYY-MM-DD` option, or a one-line bilingual error that exits with status 2."""
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"Tanggal tidak valid / invalid date: {text!r} (YYYY-MM-DD)", returncode=EXIT_REFUSED
        ) from error


def dumps(data: dict[str, Any]) -> str:
    """One JSON object, Indonesian text kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def os_user() -> str:
    """The operating-system account running the command (its uid when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


@dataclass(frozen=True)
class CommandActor:
    """Who a command acts for: the account of `--as USER`, or nobody; `source` names the
    command and the OS user for the history ("cli:import by os-user root")."""

    user: Any
    source: str

    def check_may_change(self, target: QuerySet[Any], *, what: str, units_too: bool) -> None:
        """Refuse (exit 2) when the `--as` account may not change `target` (the queryset of
        the one object acted on): outside its scope, read-only, or (unless `units_too`) a unit
        operator, whose scope is one work unit rather than a whole employer."""
        if self.user is None:
            return
        scope = scope_for(self.user)
        allowed = (
            scope.can_write
            and (units_too or scope.unit_ids is None)
            and visible_to(self.user, target).exists()
        )
        if not allowed:
            name = self.user.get_username()
            raise CommandError(
                f"Pengguna {name!r} tidak berhak mengubah {what} ini / "
                f"user {name!r} may not change this {what}",
                returncode=EXIT_REFUSED,
            )


class ReadingCommand(BaseCommand):
    """A command that reads the register and changes nothing in it.

    It starts without Django's system checks: they load every URL, hence the API and the PDF and
    spreadsheet libraries, seconds on a loaded machine for a question that takes milliseconds.
    `payung check`, `payung migrate` and `payung serve` still run them.
    """

    requires_system_checks: list[str] = []


class ActingCommand(BaseCommand):
    """A command that changes the register: `--as USER` acts as that account within its scope;
    without it the history names the command and the OS user. `self.actor` holds who acts."""

    actor: CommandActor

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USER",
            default=None,
            help="Bertindak sebagai akun ini, dalam cakupannya / act as this account, "
            "within its scope",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        command = self.__module__.rsplit(".", 1)[-1]
        self.actor = command_actor(command, options.get("as_user"))
        with history_context(user=self.actor.user, reason=self.actor.source):
            return super().execute(*args, **options)


def command_actor(command: str, username: str | None) -> CommandActor:
    """The actor of `payung <command> [--as USERNAME]`; an unknown or inactive account exits 2."""
    who = os_user()
    if username is None:
        return CommandActor(None, f"cli:{command} by os-user {who}")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(
            f"Pengguna tidak dikenal atau nonaktif / unknown or inactive user: {username!r}",
            returncode=EXIT_REFUSED,
        )
    return CommandActor(user, f"cli:{command} as {username} by os-user {who}")
