"""`payung unlock [USERNAME] [--address IP] [--json]`: end a sign-in lock before it runs out."""

import ipaddress
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.accounts.models import Clearing
from payung.accounts.services import unlock_sign_ins
from payung.core.commands import EXIT_REFUSED, dumps
from payung.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Buka kunci masuk / Unlock sign-ins: clear the failed sign-ins that lock a username "
        "and/or an address (they stay listed in the back office as cleared)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", default=None, help="the locked username")
        parser.add_argument("--address", default=None, help="a locked IP address")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(
        self, *args: Any, username: str | None, address: str | None, json: bool, **options: Any
    ) -> None:
        if address is not None:
            try:
                address = str(ipaddress.ip_address(address.strip()))
            except ValueError as error:
                raise CommandError(
                    f"Alamat IP tidak valid / invalid IP address: {address!r}",
                    returncode=EXIT_REFUSED,
                ) from error
        try:
            cleared = unlock_sign_ins(username=username, address=address, how=Clearing.COMMAND)
        except DomainError as refused:
            raise CommandError(str(refused), returncode=EXIT_REFUSED) from refused
        if json:
            self.stdout.write(dumps({"username": username, "address": address, "cleared": cleared}))
            return
        target = " ".join(part for part in (username, address) if part)
        self.stdout.write(
            f"Kunci dibuka / unlocked: {target} ({cleared} percobaan gagal / failed sign-ins)"
        )
