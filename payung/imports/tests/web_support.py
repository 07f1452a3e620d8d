"""Helpers for the tests of the import pages, runs, API and export (not part A's tests)."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payung.workers.nik import make_nik

KENDARI_NPP = "74710001"
KONAWE_NPP = "74020001"
ON = date(2026, 1, 1)


def nik(serial: int, *, sex: str = "L", born: date = date(1977, 3, 9)) -> str:
    """A valid NIK unlikely to be among the demo's (a serial near 9999)."""
    return make_nik(district_code="74.01.01", birth_date=born, sex=sex, serial=9000 + serial)


BAD_NIK = "7401011303779XX1"


def roster_csv(*rows: tuple[str, str], delimiter: str = ",", extra: str = "") -> bytes:
    """A small CSV roster with nik and nama (and unit_kerja when `extra` is given)."""
    header = ["nik", "nama", *([extra] if extra else [])]
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join(row))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def valid_and_bad() -> bytes:
    """Two valid rows and one whose NIK is not 16 digits (row 4)."""
    return roster_csv(
        (nik(1), "Andi Pratama"),
        (nik(2, sex="P"), "Sitti  Rahma"),
        (BAD_NIK, "Budi Salah"),
    )


def upload(content: bytes, name: str = "daftar.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def write(tmp_path: Path, content: bytes, name: str = "daftar.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files and reports go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def run_worker(monkeypatch: Any) -> None:
    """Run `payung worker --batch` (the real queue worker) until the queue is empty.

    The worker closes "old" database connections between tasks; inside a test's transaction
    on PostgreSQL that would close the test's own connection, so that call is skipped here.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("worker", batch=True)
