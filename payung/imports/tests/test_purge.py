"""Roster uploads and error reports are deleted after PAYUNG_UPLOAD_RETENTION_DAYS."""

import json
import os
import time
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from payung.core.errors import DomainError
from payung.employers.models import Employer
from payung.imports.models import ImportRun, State
from payung.imports.runs import RunRequest, confirm_run, purge_uploads, upload_and_check

from .web_support import media_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ROSTER = b"nik,nama\r\n7471014509880001,Sitti Uji\r\n12345,Salah\r\n"


def _run(user, *, days_ago: int) -> ImportRun:
    run = upload_and_check(
        actor=user,
        request=RunRequest(employer=Employer.objects.get(npp="74710001"), on=date(2026, 1, 1)),
        upload=SimpleUploadedFile("daftar.csv", ROSTER, content_type="text/csv"),
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    run.refresh_from_db()
    return run


def test_old_files_go_recent_and_waiting_ones_stay(user_named, settings):
    """With 30 days kept: a 40-day-old checked run loses its upload and report; a 5-day-old
    one and a 40-day-old run still queued keep theirs; counts and issues stay."""
    settings.PAYUNG_UPLOAD_RETENTION_DAYS = 30
    kendari = user_named("kendari")
    old, recent, queued = (_run(kendari, days_ago=d) for d in (40, 5, 40))
    ImportRun.objects.filter(pk=queued.pk).update(state=State.QUEUED)
    old_files = [Path(old.upload.path), Path(old.error_report.path)]
    assert all(path.exists() for path in old_files)

    out = StringIO()
    call_command("purge_uploads", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["runs"], summary["files"], summary["days"]) == (1, 2, 30)
    assert not any(path.exists() for path in old_files)
    old.refresh_from_db()
    assert not old.upload
    assert not old.error_report
    assert old.files_deleted_at is not None
    assert old.preview["rejected"] == 1  # the counts and issues stay
    for kept in (recent, queued):
        kept.refresh_from_db()
        assert Path(kept.upload.path).exists()
    with pytest.raises(DomainError) as refused:
        confirm_run(actor=kendari, run_id=old.pk)
    assert refused.value.code == "import_file_gone"


def test_dry_run_deletes_nothing_and_a_shorter_period_on_the_command_line(user_named):
    run = _run(user_named("kendari"), days_ago=3)
    out = StringIO()
    call_command("purge_uploads", "--days", "2", "--dry-run", stdout=out)
    assert "2 berkas / files" in out.getvalue()
    assert Path(run.upload.path).exists()
    call_command("purge-uploads", "--days", "2", stdout=StringIO())
    assert not Path(run.upload.path).exists()


def test_files_no_run_needs_are_swept_by_age(settings, user_named):
    """A file left in an uploads folder without its run (a crash between the two) goes too."""
    run = _run(user_named("kendari"), days_ago=0)
    stray = Path(run.upload.path).with_name("tersisa.csv")
    stray.write_bytes(ROSTER)
    long_ago = time.time() - 40 * 86400
    os.utime(stray, (long_ago, long_ago))
    purged = purge_uploads(older_than=timezone.now() - timedelta(days=30))
    assert purged.files == 1
    assert not stray.exists()
    assert Path(run.upload.path).exists()


def test_run_page_says_when_the_files_went(client, user_named):
    run = _run(user_named("kendari"), days_ago=40)
    call_command("purge_uploads", stdout=StringIO())
    client.force_login(user_named("kendari"))
    page = client.get(f"/impor/{run.pk}/").content.decode()
    assert 'id="files-deleted"' in page
    assert "laporan-kesalahan.xlsx" not in page
    assert 'id="confirm-form"' not in page
