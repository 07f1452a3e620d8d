"""Import runs: upload → dry run → confirm → background apply, with access checks."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from payung.core.access import scope_for
from payung.core.errors import DomainError
from payung.core.signals import worker_starting
from payung.core.tests.processes import holding_lock
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.imports import runs
from payung.imports.models import ImportRun, State
from payung.workers.models import Worker

from .web_support import (
    IMMEDIATE_TASKS,
    KENDARI_NPP,
    KONAWE_NPP,
    ON,
    media_root,  # noqa: F401
    nik,
    roster_csv,
    run_worker,
    upload,
    valid_and_bad,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def _request(npp: str = KENDARI_NPP, **choices) -> runs.RunRequest:
    return runs.RunRequest(employer=Employer.objects.get(npp=npp), on=ON, **choices)


def _checked(user, content: bytes | None = None, **choices) -> ImportRun:
    return runs.upload_and_check(
        actor=user, request=_request(**choices), upload=upload(content or valid_and_bad())
    )


def test_dry_run_counts_every_row_and_changes_nothing(user_named):
    """The preview counts accepted and refused rows, keeps the report, and writes no worker."""
    workers_before = Worker.objects.count()
    run = _checked(user_named("cabang"))
    assert run.state == State.CHECKED
    assert (run.preview["rows"], run.preview["accepted"], run.preview["rejected"]) == (3, 2, 1)
    assert run.preview["errors_count"] == 1
    assert run.preview["errors"][0]["row"] == 4
    assert run.preview["errors"][0]["column"] == "nik"
    assert run.preview["dry_run"] is True
    assert run.error_report
    assert Path(run.error_report.path).stat().st_size > 0
    assert Path(run.upload.path).read_bytes() == valid_and_bad()
    assert Worker.objects.count() == workers_before
    assert run.history.count() >= 2


def test_confirm_queues_and_the_worker_applies(
    user_named, django_capture_on_commit_callbacks, monkeypatch
):
    """Confirm puts one task in the database queue; `payung worker --batch` applies the run."""
    run = _checked(user_named("cabang"))
    with django_capture_on_commit_callbacks(execute=True):
        queued = runs.confirm_run(actor=user_named("cabang"), run_id=run.pk)
    assert queued.state == State.QUEUED
    run.refresh_from_db()
    assert run.task_id
    task = DBTaskResult.objects.get(id=run.task_id)
    assert task.task_path.endswith("apply_import_run")

    run_worker(monkeypatch)

    run.refresh_from_db()
    assert run.state == State.DONE, run.failure
    assert (run.result["created"], run.result["rejected"], run.result["dry_run"]) == (2, 1, False)
    assert (run.progress_done, run.progress_total) == (3, 3)
    assert Worker.objects.filter(nik__in=[nik(1), nik(2, sex="P")]).count() == 2
    kendari = Employer.objects.get(npp=KENDARI_NPP)
    assert Enrollment.objects.filter(worker__nik=nik(1), employer=kendari).count() == 2
    assert runs.run_progress(run)["percent"] == 100


def test_confirm_runs_after_commit_with_the_immediate_backend(
    user_named, settings, django_capture_on_commit_callbacks
):
    """The task is enqueued only once the confirm is committed (never for a rolled-back one)."""
    settings.TASKS = IMMEDIATE_TASKS
    run = _checked(user_named("provinsi"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        runs.confirm_run(actor=user_named("provinsi"), run_id=run.pk)
    run.refresh_from_db()
    assert run.state == State.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    run.refresh_from_db()
    assert run.state == State.DONE
    assert run.result["created"] == 2


def test_a_second_confirm_is_refused(user_named, django_capture_on_commit_callbacks):
    run = _checked(user_named("cabang"))
    with django_capture_on_commit_callbacks(execute=False):
        runs.confirm_run(actor=user_named("cabang"), run_id=run.pk)
    with pytest.raises(DomainError) as refused:
        runs.confirm_run(actor=user_named("cabang"), run_id=run.pk)
    assert refused.value.code == "import_wrong_state"


def test_a_run_is_applied_once_even_if_the_task_runs_twice(user_named, settings):
    """A task delivered twice finds the run no longer queued and does nothing."""
    settings.TASKS = IMMEDIATE_TASKS
    run = _checked(user_named("cabang"))
    ImportRun.objects.filter(pk=run.pk).update(state=State.QUEUED)
    assert runs.apply_run(run_id=run.pk)["created"] == 2
    assert runs.apply_run(run_id=run.pk) == {"skipped": True, "state": State.DONE}


def test_users_import_only_where_they_may_write(user_named):
    """Kendari's officer cannot import into Konawe; a viewer cannot import at all."""
    with pytest.raises(DomainError) as outside:
        _checked(user_named("kendari"), npp=KONAWE_NPP)
    assert outside.value.code == "import_not_allowed"
    with pytest.raises(DomainError) as viewer:
        _checked(user_named("pimpinan"))
    assert viewer.value.code == "import_not_allowed"
    assert not ImportRun.objects.exists()


def test_a_unit_operator_imports_into_its_own_unit_only(user_named):
    damkar = user_named("damkar")
    with pytest.raises(DomainError) as whole:
        _checked(damkar)
    assert whole.value.code == "import_unit_required"
    satpol = WorkUnit.objects.get(employer__npp=KENDARI_NPP, code="SATPOLPP")
    with pytest.raises(DomainError) as other:
        _checked(damkar, unit=satpol)
    assert other.value.code == "import_unit_not_allowed"
    own = WorkUnit.objects.get(employer__npp=KENDARI_NPP, code="DAMKAR")
    run = _checked(damkar, unit=own)
    assert run.state == State.CHECKED
    assert list(ImportRun.objects.in_scope(scope_for(damkar))) == [run]


def test_an_oversized_or_foreign_file_is_refused_before_it_is_stored(user_named, settings):
    settings.PAYUNG_IMPORT_MAX_BYTES = 20
    with pytest.raises(DomainError) as large:
        _checked(user_named("cabang"))
    assert large.value.code == "import_file_too_large"
    settings.PAYUNG_IMPORT_MAX_BYTES = 10_000
    with pytest.raises(DomainError) as foreign:
        runs.upload_and_check(
            actor=user_named("cabang"), request=_request(), upload=upload(b"x", "daftar.pdf")
        )
    assert foreign.value.code == "import_file_type"
    assert not ImportRun.objects.exists()


def test_a_refused_file_fails_with_its_reason(user_named):
    """A file without the nik column is refused as a whole: the run fails, saying why."""
    run = _checked(user_named("cabang"), content=b"nama;upah\r\nAndi;2500000\r\n")
    assert run.state == State.FAILED
    assert run.preview["refused"][0]["code"]
    assert "nik" in run.failure.lower()
    with pytest.raises(DomainError):
        runs.confirm_run(actor=user_named("cabang"), run_id=run.pk)


def test_all_or_nothing_with_refused_rows_cannot_be_confirmed(user_named):
    run = _checked(user_named("cabang"), all_or_nothing=True)
    with pytest.raises(DomainError) as refused:
        runs.confirm_run(actor=user_named("cabang"), run_id=run.pk)
    assert refused.value.code == "import_all_or_nothing_rejected"


def test_progress_is_read_from_the_file_the_apply_writes(user_named):
    """While running, the page sees the rows done so far, though the apply is one transaction."""
    run = _checked(user_named("cabang"), content=roster_csv((nik(3), "Citra")))
    ImportRun.objects.filter(pk=run.pk).update(state=State.RUNNING, progress_total=4000)
    run.refresh_from_db()
    runs._progress_writer(runs._progress_path(run.pk))(1000, 4000)
    with runs._worked_on(run.pk):  # as the applying process holds it
        progress = runs.run_progress(run)
    assert (progress["done"], progress["total"], progress["percent"]) == (1000, 4000, 25)
    assert progress["finished"] is False


def test_a_run_whose_worker_was_killed_is_failed_not_running_forever(user_named):
    """The worker holds the run's lock file; once it is killed the page says what happened."""
    run = _checked(user_named("cabang"), content=roster_csv((nik(3), "Citra")))
    ImportRun.objects.filter(pk=run.pk).update(state=State.RUNNING, progress_total=4000)
    run.refresh_from_db()
    lock = runs._progress_path(run.pk).with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"handle = open({str(lock)!r}, 'a')\n"
            "fcntl.flock(handle, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(120)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert runs.run_progress(run)["state"] == State.RUNNING
    finally:
        holder.kill()
        holder.wait()
    progress = runs.run_progress(run)
    assert (progress["state"], progress["finished"]) == (State.FAILED, True)
    assert "nothing was saved" in progress["failure"]
    run.refresh_from_db()
    assert run.state == State.FAILED


def test_runs_whose_worker_was_killed_are_failed_when_a_worker_starts(user_named):
    """`payung worker` fails, as it starts, the runs a killed process left checking or running."""
    user = user_named("cabang")
    running = _checked(user, content=roster_csv((nik(4), "Dewi")))
    checking = _checked(user, content=roster_csv((nik(5), "Eka")))
    ImportRun.objects.filter(pk=running.pk).update(state=State.RUNNING)
    ImportRun.objects.filter(pk=checking.pk).update(state=State.CHECKING)
    with holding_lock(runs._progress_path(running.pk).with_suffix(".lock")) as worker:
        assert runs.recover_abandoned_runs() == [checking.pk]  # no process holds its lock
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        responses = worker_starting.send(sender=None)
    assert [running.pk] in [ids for _, ids in responses]
    for run in (running, checking):
        run.refresh_from_db()
        assert run.state == State.FAILED
        assert "nothing was saved" in run.failure


def test_a_large_file_is_checked_by_the_worker(
    user_named, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """Above PAYUNG_IMPORT_SYNC_CHECK_BYTES the dry run leaves the request for the queue."""
    settings.PAYUNG_IMPORT_SYNC_CHECK_BYTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        run = _checked(user_named("cabang"))
    assert run.state == State.UPLOADED
    assert run.preview is None
    run.refresh_from_db()
    assert DBTaskResult.objects.get(id=run.task_id).task_path.endswith("check_import_run")
    assert runs.run_progress(run)["waiting"] is True

    run_worker(monkeypatch)

    run.refresh_from_db()
    assert run.state == State.CHECKED
    assert (run.preview["accepted"], run.preview["rejected"]) == (2, 1)
    assert runs.check_run(run_id=run.pk).state == State.CHECKED  # a second check does nothing
