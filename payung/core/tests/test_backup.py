"""`payung backup` / `payung restore`: a round trip gives back every row, the bills' totals and
the uploads, on SQLite and PostgreSQL; a database holding data is replaced only with --force."""

import io
import json
import stat
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from payung.billing.models import Bill
from payung.billing.services import issue_bills
from payung.core.backup import table_counts
from payung.employers.models import Employer
from payung.workers.models import Worker


def backup(path: Path) -> dict:
    out = io.StringIO()
    call_command("backup", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def restore(path: Path, *args: str) -> dict:
    out = io.StringIO()
    call_command("restore", str(path), *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def billed() -> tuple[Decimal, int]:
    return Bill.objects.aggregate(total=Sum("total"))["total"], Bill.objects.count()


@pytest.mark.django_db(transaction=True)
def test_round_trip_of_database_and_uploads(browser_demo, settings, tmp_path):
    """Back up the demo with an upload; restore it into an emptied database, then over a
    changed one with --force: the same rows in every table, the same bill total, the upload."""
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "imports" / "1" / "uploads" / "daftar.csv"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"nik,nama\r\n7471014509880001,Sitti Uji\r\n")
    counts, bills = table_counts(), billed()
    assert counts["workers_worker"] == Worker.objects.count() > 7000
    assert bills[0] > 0

    archive = tmp_path / "cadangan.tar.gz"
    manifest = backup(archive)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert manifest["counts"] == counts
    assert manifest["media"]["files"] == 1
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert "media/imports/1/uploads/daftar.csv" in names
    with pytest.raises(CommandError) as exists:
        backup(archive)
    assert exists.value.returncode == 2

    # Into an empty database and uploads folder: no --force needed.
    call_command("flush", "--no-input")
    upload.unlink()
    assert Worker.objects.count() == 0
    restored = restore(archive)
    assert restored["pending_migrations"] == []
    assert table_counts() == counts
    assert billed() == bills
    assert upload.read_bytes().startswith(b"nik,nama")
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600

    # Over a database that holds data: refused, then replaced with --force.
    issue_bills(employer=Employer.objects.get(npp="74710001"), period="2019-05")
    upload.write_bytes(b"changed")
    with pytest.raises(CommandError) as refused:
        restore(archive)
    assert refused.value.returncode == 2
    assert "restore_target_not_empty" in str(refused.value)
    assert billed() != bills
    restore(archive, "--force")
    assert table_counts() == counts
    assert billed() == bills
    assert upload.read_bytes().startswith(b"nik,nama")
    kept = list(tmp_path.glob("media.before-restore-*"))
    assert len(kept) == 1
    assert (kept[0] / "imports" / "1" / "uploads" / "daftar.csv").read_bytes() == b"changed"


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    """Refusals exit 2 and change nothing: not an archive, a damaged database, no such file."""
    before = table_counts()
    junk = tmp_path / "bukan.tar.gz"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(CommandError) as refused:
        restore(junk, "--force")
    assert refused.value.returncode == 2
    assert "backup_unreadable" in str(refused.value)
    with pytest.raises(CommandError) as missing:
        restore(tmp_path / "tidak-ada.tar.gz")
    assert missing.value.returncode == 2
    assert table_counts() == before


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_changes(browser_demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "cadangan.tar.gz"
    backup(archive)
    damaged = tmp_path / "rusak.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            content = data.read() if data else b""
            if member.name.startswith("database."):
                content = content[:-4096] + bytes(4096)
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    counts = table_counts()
    with pytest.raises(CommandError) as refused:
        restore(damaged, "--force")
    assert "backup_damaged" in str(refused.value)
    assert table_counts() == counts
