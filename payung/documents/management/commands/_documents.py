"""What the documents commands share: refusals as errors or JSON, writing the file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payung.core.commands import dumps
from payung.core.errors import DomainError


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
