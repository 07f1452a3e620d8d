"""What the billing commands share: argument parsing, refusals as exit code 2, JSON output."""

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError

from payung.core.errors import DomainError

EXIT_REFUSED = 2


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"Tanggal tidak valid / invalid date: {text!r} (YYYY-MM-DD)", returncode=EXIT_REFUSED
        ) from error


def parse_amount(text: str) -> Decimal:
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation as error:
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


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
