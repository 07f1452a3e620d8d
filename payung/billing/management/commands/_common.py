"""What the billing commands share: amounts, refusals as exit code 2 (dates, JSON and `--as`:
core)."""

from collections.abc import Callable
from decimal import Decimal

from django.core.management.base import CommandError

from payung.core import money
from payung.core.commands import EXIT_REFUSED, ActingCommand, dumps, parse_date
from payung.core.errors import DomainError

__all__ = [
    "EXIT_REFUSED",
    "ActingCommand",
    "dumps",
    "parse_amount",
    "parse_date",
    "refusals_as_errors",
]


def parse_amount(text: str) -> Decimal:
    """An amount typed the Indonesian or the English way (`2.500.000`, `2,500,000`, `2500000`)."""
    try:
        return money.parse_amount(text.replace("_", ""))
    except ValueError as error:
        raise CommandError(
            f"Jumlah tidak valid / invalid amount: {text!r}", returncode=EXIT_REFUSED
        ) from error


def refusals_as_errors[T](action: Callable[[], T]) -> T:
    """Run `action`; a refusal becomes a command error with its code and exit status 2."""
    try:
        return action()
    except DomainError as error:
        message = "; ".join(f"[{r.code}] {r.message}" for r in error.refusals)
        raise CommandError(message, returncode=EXIT_REFUSED) from error
