"""Import runs: upload a roster, check it (dry run), confirm, apply it in the background.

The rows themselves are read, checked and applied by `services.import_roster`; this module
keeps the run's state (uploaded → checking → checked → queued → running → done / failed), the access
check, the stored files and the progress a page polls.

Progress is written to a small JSON file beside the upload, not to the database: the apply
runs in one transaction, so a progress row written inside it would be invisible to the page
until the end (and on SQLite, a second writer would wait for the whole apply).
"""

import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename

from payung.core import locks
from payung.core.access import can_write, visible_to
from payung.core.errors import DomainError, Refusal
from payung.core.files import make_private
from payung.core.stopping import was_interrupted
from payung.employers.models import Employer, WorkUnit

from .models import ACTIVE_STATES, WAITING_STATES, ImportRun, Mode, State
from .reading import max_bytes
from .services import ImportRefused, ImportResult, allowed_unit, import_roster, write_error_report

logger = logging.getLogger(__name__)

PREVIEW_ISSUES = 100
REPLACE_CONFIRM_SHARE = 0.10
"""Default share of a roster a replace import ends before it needs a typed count."""
"""How many errors and warnings a run keeps for its pages (the report .xlsx has them all)."""

SYNC_CHECK_BYTES = 5 * 1024 * 1024
"""Default of PAYUNG_IMPORT_SYNC_CHECK_BYTES (about 50,000 rows of CSV)."""

ABANDONED = (
    "Proses berhenti sebelum selesai (pekerja latar dihentikan); tidak ada perubahan yang "
    "disimpan. Unggah dan konfirmasi ulang. / The process stopped before it finished (the "
    "background worker was stopped); nothing was saved. Upload and confirm again."
)

FULL_REPORT_ROWS = 10_000
"""Up to this many rows the report repeats every row; beyond, only rows with an issue."""

PROGRAM_CHOICES = ("jkk", "jkm", "jht", "jp")
ACCEPTED_SUFFIXES = (".csv", ".xlsx")


def max_upload_bytes() -> int:
    """The largest roster file accepted (settings.PAYUNG_IMPORT_MAX_BYTES; see reading.py)."""
    return max_bytes()


def writable_employers(user: Any) -> QuerySet[Employer]:
    """Employers `user` may import into: those it sees, when its role may change the register."""
    if not can_write(user):
        return Employer.objects.none()
    return visible_to(user, Employer.objects.all())


def writable_units(user: Any, employer: Employer) -> QuerySet[WorkUnit]:
    """Work units of `employer` that `user` may import into."""
    return visible_to(user, WorkUnit.objects.filter(employer=employer))


def _refusal(code: str, message_id: str, message_en: str, field: str = "") -> DomainError:
    return DomainError(Refusal(code, message_id, message_en, field=field))


@dataclass(frozen=True)
class RunRequest:
    """What the uploader chose besides the file."""

    employer: Employer
    on: date
    unit: WorkUnit | None = None
    mode: str = Mode.ADD
    programs: tuple[str, ...] = ("jkk", "jkm")
    all_or_nothing: bool = False


def _check_request(actor: Any, request: RunRequest) -> None:
    """Refuse an import the actor may not make, or with choices that make no sense."""
    if request.unit is not None and request.unit.employer_id != request.employer.pk:
        raise _refusal(
            "import_unit_not_allowed",
            "Unit kerja ini bukan milik pemberi kerja yang dipilih.",
            "This work unit is not the chosen employer's.",
            "unit",
        )
    allowed_unit(
        actor=actor,
        employer=request.employer,
        unit_code=request.unit.code if request.unit else None,
    )
    if request.mode not in Mode.values:
        raise _refusal(
            "mode_unknown",
            'Mode harus "add" atau "replace".',
            'The mode must be "add" or "replace".',
            "mode",
        )
    unknown = [p for p in request.programs if p not in PROGRAM_CHOICES]
    if not request.programs or unknown:
        raise _refusal(
            "program_unknown",
            f"Program harus salah satu atau beberapa dari {', '.join(PROGRAM_CHOICES)}.",
            f"Programs must be one or more of {', '.join(PROGRAM_CHOICES)}.",
            "programs",
        )


def _check_file(name: str, size: int) -> str:
    """The file's suffix, or a refusal for an empty, oversized or unknown kind of file."""
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise _refusal(
            "import_file_type",
            f'Berkas "{name}" bukan .csv atau .xlsx.',
            f'The file "{name}" is not a .csv or .xlsx file.',
            "file",
        )
    if size <= 0:
        raise _refusal("import_file_empty", "Berkas kosong.", "The file is empty.", "file")
    limit = max_upload_bytes()
    if size > limit:
        raise _refusal(
            "import_file_too_large",
            f"Berkas berukuran {size:,} bita; batasnya {limit:,} bita.".replace(",", "."),
            f"The file is {size:,} bytes; the limit is {limit:,} bytes.",
            "file",
        )
    return suffix


def create_run(*, actor: Any, request: RunRequest, upload: File[Any]) -> ImportRun:
    """Store an uploaded roster as a new run, after checking the actor may import into it."""
    _check_request(actor, request)
    name = Path(upload.name or "daftar.csv").name
    size = upload.size or 0
    suffix = _check_file(name, size)
    run = ImportRun(
        created_by=actor,
        employer=request.employer,
        unit=request.unit,
        original_name=name[:255],
        size=size,
        mode=request.mode,
        effective_date=request.on,
        programs=list(request.programs),
        all_or_nothing=request.all_or_nothing,
    )
    stem = get_valid_filename(Path(name).stem)[:80] or "daftar"
    run.upload.save(f"{timezone.now():%Y%m%d-%H%M%S}-{stem}{suffix}", upload, save=False)
    run.save()
    return run


def _issues_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result's counts with only the first errors and warnings kept."""
    summary = dict(result)
    for key in ("errors", "warnings"):
        issues = list(result.get(key) or [])
        summary[f"{key}_count"] = len(issues)
        summary[key] = issues[:PREVIEW_ISSUES]
    return summary


def _refused_summary(error: DomainError) -> dict[str, Any]:
    return {"refused": [refusal.as_dict() for refusal in error.refusals]}


def _import_args(run: ImportRun) -> dict[str, Any]:
    return {
        "path": Path(run.upload.path),
        "employer": run.employer,
        "unit_code": run.unit.code if run.unit else None,
        "mode": run.mode,
        "on": run.effective_date,
        "programs": tuple(run.programs),
        "all_or_nothing": run.all_or_nothing,
        "actor": run.created_by,
        "run": run,
    }


def check_run(*, run_id: int) -> ImportRun:
    """The dry run: read and check every row, apply nothing, keep the counts and the report.

    Runs once per upload (in the request for a small file, else as a background task); a run
    no longer waiting for its check is returned as it is.
    """
    with _worked_on(run_id):
        return _check_run(run_id)


def _check_run(run_id: int) -> ImportRun:
    with transaction.atomic():
        run = _locked(run_id)
        if run.state != State.UPLOADED:
            return run
        run.state = State.CHECKING
        run.save()
    progress_file = _progress_path(run.pk)
    try:
        # Checked without all-or-nothing so that the preview lists every refused row; the
        # confirm then refuses an all-or-nothing run with refused rows, and the apply
        # passes the flag again.
        result = import_roster(
            **{**_import_args(run), "all_or_nothing": False},
            dry_run=True,
            progress=_progress_writer(progress_file),
        )
    except DomainError as refused:
        run.preview = _refused_summary(refused)
        _finish(run, state=State.FAILED, result=None, failure=str(refused))
        return run
    except Exception as crash:
        logger.exception("import run %s: check failed", run.pk)
        _finish(run, state=State.FAILED, result=None, failure=f"{type(crash).__name__}: {crash}")
        raise
    except (KeyboardInterrupt, SystemExit):
        _finish(run, state=State.FAILED, result=None, failure=ABANDONED)
        raise
    finally:
        progress_file.unlink(missing_ok=True)
    run.preview = {
        **_issues_summary(result.as_dict()),
        "roster_before": result.roster_before,
        "ending_names": result.ending_names,
    }
    if result.errors or result.warnings:
        run.error_report.name = _write_report(run, result)
    run.state = State.CHECKED
    run.progress_done, run.progress_total = 0, result.rows
    run.save()
    return run


def _locked(run_id: int) -> ImportRun:
    return (
        ImportRun.objects.select_for_update(of=("self",))
        .select_related("employer", "unit", "created_by")
        .get(pk=run_id)
    )


def sync_check_bytes() -> int:
    """Files up to this size are checked during the upload request; larger ones in the worker."""
    return int(getattr(settings, "PAYUNG_IMPORT_SYNC_CHECK_BYTES", SYNC_CHECK_BYTES))


def _write_report(run: ImportRun, result: Any) -> str:
    """Write the original rows plus an error column as .xlsx; its name in the storage."""
    name = f"imports/{run.employer_id}/reports/laporan-impor-{run.pk}.xlsx"
    path = Path(default_storage.path(name))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(path.parent)
    write_error_report(
        path=Path(run.upload.path),
        result=result,
        out=path,
        only_with_issues=result.rows > FULL_REPORT_ROWS,
    )
    make_private(path)  # it repeats the file's NIKs
    return name


def upload_and_check(*, actor: Any, request: RunRequest, upload: File[Any]) -> ImportRun:
    """Create a run from an upload and dry-run it: at once when small, else in the worker."""
    run = create_run(actor=actor, request=request, upload=upload)
    if run.size <= sync_check_bytes():
        return check_run(run_id=run.pk)
    from .tasks import check_import_run

    def enqueue() -> None:
        task_result = check_import_run.enqueue(run_id=run.pk)
        ImportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(task_result.id))

    transaction.on_commit(enqueue)
    return run


def _not_in_state(run: ImportRun, action: str) -> DomainError:
    return _refusal(
        "import_wrong_state",
        f"Impor ini berstatus {run.state}; tindakan '{action}' tidak bisa dilakukan.",
        f"This import is {run.state}; '{action}' cannot be done now.",
        "state",
    )


def replace_confirm_share() -> float:
    """The share of a roster a replace import may end with one confirmation; above it the
    person confirming types the number of workers it ends (`PAYUNG_REPLACE_CONFIRM_SHARE`)."""
    return float(getattr(settings, "PAYUNG_REPLACE_CONFIRM_SHARE", REPLACE_CONFIRM_SHARE))


def needs_typed_count(preview: dict[str, Any] | None) -> bool:
    """Whether a checked run ends more than the configured share of the roster it replaces."""
    preview = preview or {}
    ended, roster = int(preview.get("ended") or 0), int(preview.get("roster_before") or 0)
    return ended > 0 and ended > replace_confirm_share() * roster


def confirm_run(*, actor: Any, run_id: int, typed_count: int | None = None) -> ImportRun:
    """Queue a checked run for the background worker; a second confirm is refused.

    A replace import that ends more than `replace_confirm_share()` of the roster is queued only
    with `typed_count`, the number of workers it ends, typed by the person confirming.
    """
    from .tasks import apply_import_run

    with transaction.atomic():
        run = (
            visible_to(actor, ImportRun.objects.select_for_update(of=("self",)))
            .select_related("employer")
            .filter(pk=run_id)
            .first()
        )
        if run is None:
            raise _refusal("import_not_found", "Impor tidak ditemukan.", "Import not found.", "run")
        if not writable_employers(actor).filter(pk=run.employer_id).exists():
            raise _refusal(
                "import_not_allowed",
                "Anda tidak berhak mengimpor daftar pekerja ke pemberi kerja ini.",
                "You may not import a roster into this employer.",
                "employer",
            )
        if run.state != State.CHECKED:
            raise _not_in_state(run, "confirm")
        if not run.upload:
            raise _refusal(
                "import_file_gone",
                "Berkas impor ini tidak tersimpan (impor dari baris perintah, atau dihapus "
                "setelah masa simpan): unggah lagi.",
                "This import's file is not kept (a command-line import, or deleted after the "
                "retention period): upload it again.",
                "file",
            )
        if run.all_or_nothing and (run.preview or {}).get("rejected"):
            raise _refusal(
                "import_all_or_nothing_rejected",
                "Ada baris yang ditolak dan impor ini 'semua atau tidak sama sekali': "
                "perbaiki berkasnya lalu unggah lagi.",
                "Some rows were refused and this import is all-or-nothing: fix the file and "
                "upload it again.",
                "file",
            )
        preview = run.preview or {}
        if needs_typed_count(preview) and typed_count != preview["ended"]:
            ended, roster = preview["ended"], preview["roster_before"]
            raise _refusal(
                "import_replace_count_required",
                f"Impor pengganti ini mengakhiri kepesertaan {ended:,} dari {roster:,} pekerja: "
                "ketik jumlah itu untuk mengonfirmasi.".replace(",", "."),
                f"This replace import ends the enrolments of {ended:,} of {roster:,} workers: "
                "type that number to confirm.",
                "typed_count",
            )
        run.state = State.QUEUED
        run.progress_done = 0
        run.progress_total = (run.preview or {}).get("rows")
        run.save()

        def enqueue() -> None:
            task_result = apply_import_run.enqueue(run_id=run.pk)
            ImportRun.objects.filter(pk=run.pk).update(task_id=str(task_result.id))

        transaction.on_commit(enqueue)
    return run


def apply_run(*, run_id: int) -> dict[str, Any]:
    """The task body: apply a queued run's valid rows, keeping progress; its result's counts."""
    with _worked_on(run_id):
        return _apply_run(run_id)


def _apply_run(run_id: int) -> dict[str, Any]:
    with transaction.atomic():
        run = _locked(run_id)
        if run.state != State.QUEUED:
            return {"skipped": True, "state": run.state}
        run.state = State.RUNNING
        run.started_at = timezone.now()
        run.save()

    progress_file = _progress_path(run.pk)
    try:
        result = import_roster(**_import_args(run), progress=_progress_writer(progress_file))
    except DomainError as refused:
        _finish(run, state=State.FAILED, result=_refused_summary(refused), failure=str(refused))
        return run.result or {}
    except Exception as crash:
        if was_interrupted(crash):
            # The stop signal arrived inside a SQLite statement (payung.core.stopping): the
            # statement was aborted and the transaction rolled back, as for the case below.
            _finish(run, state=State.FAILED, result=None, failure=ABANDONED)
            raise SystemExit(1) from crash
        logger.exception("import run %s failed", run.pk)
        _finish(run, state=State.FAILED, result=None, failure=f"{type(crash).__name__}: {crash}")
        raise
    except (KeyboardInterrupt, SystemExit):
        # The worker is being stopped and gave up the task (`payung serve`'s second SIGTERM):
        # the transaction has rolled back.
        _finish(run, state=State.FAILED, result=None, failure=ABANDONED)
        raise
    finally:
        progress_file.unlink(missing_ok=True)
    summary = _issues_summary(result.as_dict())
    _finish(run, state=State.DONE, result=summary, failure="")
    return {k: v for k, v in summary.items() if k not in ("errors", "warnings")}


def _finish(run: ImportRun, *, state: str, result: dict[str, Any] | None, failure: str) -> None:
    run.state = state
    run.result = result
    run.failure = failure
    run.finished_at = timezone.now()
    if result and result.get("rows") is not None:
        run.progress_done = run.progress_total = int(result["rows"])
    run.save()


def _progress_path(run_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{run_id}.json"


@contextmanager
def _worked_on(run_id: int) -> Iterator[None]:
    """Hold the run's lock file while this process checks or applies it.

    The operating system releases the lock when the process ends, however it ends, so a
    run left "checking" or "running" whose lock is free was abandoned (`recover_abandoned`).
    """
    with locks.working_on(_progress_path(run_id).with_suffix(".lock")):
        yield


def _abandoned(run_id: int) -> bool:
    """True when no process holds the run's lock file (see `_worked_on`)."""
    return locks.abandoned(_progress_path(run_id).with_suffix(".lock"))


def recover_abandoned(run: ImportRun) -> ImportRun:
    """A run whose checking or applying process died (killed, restarted) is marked failed.

    Its transaction died with it, so the register is as before; the message says so. Without
    this the run would show "running" forever.
    """
    if run.state not in (State.CHECKING, State.RUNNING) or not _abandoned(run.pk):
        return run
    with transaction.atomic():
        run = _locked(run.pk)
        if run.state in (State.CHECKING, State.RUNNING) and _abandoned(run.pk):
            _finish(run, state=State.FAILED, result=None, failure=ABANDONED)
            _progress_path(run.pk).unlink(missing_ok=True)
    return run


def recover_abandoned_runs(**_signal: object) -> list[int]:
    """Mark failed every run that a process which died left checking or running; their ids.

    `payung worker` asks for this as it starts (signal `worker_starting`), so a run whose
    worker was killed is failed once the worker is back, not only when its page is next read.
    """
    return [
        run.pk
        for run in ImportRun.objects.filter(state__in=ACTIVE_STATES)
        if recover_abandoned(run).state == State.FAILED
    ]


def _progress_writer(path: Path) -> Callable[[int, int | None], None]:
    """A `progress(done, total)` callback that replaces the run's progress file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(done: int, total: int | None) -> None:
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"done": done, "total": total}))
        os.replace(temporary, path)

    return write


def run_progress(run: ImportRun) -> dict[str, Any]:
    """What a progress bar needs: state, rows done and total, percent, and the counts when done."""
    run = recover_abandoned(run)
    done, total = run.progress_done, run.progress_total
    if run.state in ACTIVE_STATES:
        try:
            written = json.loads(_progress_path(run.pk).read_text())
            done, total = int(written["done"]), written.get("total") or total
        except (OSError, ValueError, KeyError):
            pass
    percent = None
    if run.state == State.DONE:
        percent = 100
    elif total:
        percent = min(99, int(done * 100 / total)) if run.state in ACTIVE_STATES else 0
    counts = run.result if run.is_finished else None
    return {
        "id": run.pk,
        "state": run.state,
        "state_label": str(run.get_state_display()),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": run.is_finished,
        "waiting": run.state in WAITING_STATES,
        "failure": run.failure,
        "result": (
            {k: v for k, v in counts.items() if k not in ("errors", "warnings")} if counts else None
        ),
    }


def run_from_command(
    *,
    actor: Any,
    source: str,
    request: RunRequest,
    path: Path,
    dry_run: bool,
    unit_code: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[ImportRun, ImportResult]:
    """`payung import`: apply (or dry-run) a roster file as a run shown at /impor/.

    `actor` is the account of `--as` (checked like an upload: its scope, its right to write)
    or None, when `source` ("cli:import by os-user root") says who ran it. The file itself is
    not kept: the run records what was done, and cannot be confirmed from the pages.
    `unit_code` is a unit code given that names no unit of the employer (the import refuses it).
    """
    if actor is not None:
        _check_request(actor, request)
    run = ImportRun.objects.create(
        created_by=actor,
        created_via=source[:100],
        employer=request.employer,
        unit=request.unit,
        original_name=path.name[:255],
        size=path.stat().st_size,
        mode=request.mode,
        effective_date=request.on,
        programs=list(request.programs),
        all_or_nothing=request.all_or_nothing,
        state=State.CHECKING if dry_run else State.RUNNING,
        started_at=timezone.now(),
    )
    with _worked_on(run.pk):
        try:
            result = import_roster(
                path=path,
                employer=request.employer,
                unit_code=request.unit.code if request.unit else unit_code,
                mode=request.mode,
                on=request.on,
                programs=request.programs,
                dry_run=dry_run,
                all_or_nothing=request.all_or_nothing,
                actor=actor,
                progress=progress,
                run=run,
            )
        except ImportRefused as refused:
            partial: ImportResult | None = getattr(refused, "result", None)
            summary = _issues_summary(partial.as_dict()) if partial else {}
            _finish(
                run,
                state=State.FAILED,
                result={**summary, **_refused_summary(refused)},
                failure=str(refused),
            )
            raise
        except DomainError as refused:
            _finish(run, state=State.FAILED, result=_refused_summary(refused), failure=str(refused))
            raise
        except Exception as crash:
            logger.exception("command-line import run %s failed", run.pk)
            failure = f"{type(crash).__name__}: {crash}"
            _finish(run, state=State.FAILED, result=None, failure=failure)
            raise
        except BaseException:
            _finish(run, state=State.FAILED, result=None, failure=ABANDONED)
            raise
    summary = _issues_summary(result.as_dict())
    if dry_run:
        run.preview = summary
        _finish(run, state=State.CHECKED, result=None, failure="")
    else:
        _finish(run, state=State.DONE, result=summary, failure="")
    return run, result


def upload_retention_days() -> int:
    """How many days roster files and error reports are kept (PAYUNG_UPLOAD_RETENTION_DAYS)."""
    return int(getattr(settings, "PAYUNG_UPLOAD_RETENTION_DAYS", 30))


@dataclass
class Purged:
    """What `purge_uploads` deleted (or, in a dry run, would delete)."""

    runs: int = 0
    files: int = 0
    bytes: int = 0
    paths: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "files": self.files, "bytes": self.bytes}


PURGE_FOLDERS = ("uploads", "reports")
"""The folders under media/imports/<employer>/ that hold roster files and error reports."""


def purge_uploads(*, older_than: datetime, dry_run: bool = False) -> Purged:
    """Delete roster files and error reports of runs made before `older_than`, and any such
    file on disk older than that which no run still needs.

    A run being checked, queued or applied keeps its file. A purged run keeps its counts and
    issues; `files_deleted_at` says when its files went.
    """
    purged = Purged()
    waiting = (State.UPLOADED, State.CHECKING, State.QUEUED, State.RUNNING)
    runs = (
        ImportRun.objects.filter(created_at__lt=older_than, files_deleted_at__isnull=True)
        .exclude(state__in=waiting)
        .exclude(upload="", error_report="")
    )
    for run in runs.iterator():
        for name in (run.upload.name, run.error_report.name):
            if name and _delete_stored(name, purged, dry_run=dry_run):
                purged.paths.append(name)
        purged.runs += 1
        if not dry_run:
            ImportRun.objects.filter(pk=run.pk).update(
                upload="", error_report="", files_deleted_at=timezone.now()
            )
    kept = {
        name
        for pair in ImportRun.objects.filter(state__in=waiting).values_list(
            "upload", "error_report"
        )
        for name in pair
        if name
    }
    root = Path(settings.MEDIA_ROOT)
    cutoff = older_than.timestamp()
    for folder in sorted((root / "imports").glob("*/*")):
        if folder.name not in PURGE_FOLDERS or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            name = path.relative_to(root).as_posix()
            old = path.is_file() and path.stat().st_mtime < cutoff and name not in kept
            if old and _delete_stored(name, purged, dry_run=dry_run):
                purged.paths.append(name)
    return purged


def _delete_stored(name: str, purged: Purged, *, dry_run: bool) -> bool:
    """Delete one stored file (counting it); False when it is already gone."""
    path = Path(default_storage.path(name))
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    if not dry_run:
        path.unlink(missing_ok=True)
    purged.files += 1
    purged.bytes += size
    return True


def purge_cutoff(days: int | None = None, *, now: datetime | None = None) -> datetime:
    """The moment before which files are purged: `days` (default the setting) before `now`."""
    return (now or timezone.now()) - timedelta(
        days=upload_retention_days() if days is None else days
    )
