"""What every `payung` command shares: parsing a date option, exit status 2 for bad input, JSON."""

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError

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
