"""What the documents commands share: dates, refusals as errors or JSON, writing the file."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from payung.core.errors import DomainError


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"Tanggal tidak valid / invalid date: {text!r} (YYYY-MM-DD)", returncode=2
        ) from error


def refused(command: BaseCommand, error: DomainError, *, as_json: bool) -> CommandError:
    """Print a refusal as one JSON object (with --json) and return the error that exits 2."""
    if as_json:
        command.stdout.write(
            dumps({"error": error.code, "refusals": [r.as_dict() for r in error.refusals]})
        )
    return CommandError("; ".join(r.message for r in error.refusals), returncode=2)


def write_pdf(path: str, content: bytes) -> Path:
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise CommandError(f"Folder tidak ada / no such folder: {target.parent}", returncode=2)
    target.write_bytes(content)
    return target


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
