"""Background tasks of the imports app, run by `payung worker` (django-tasks, database queue)."""

from typing import Any

from django.tasks import task


@task()
def apply_import_run(run_id: int) -> dict[str, Any]:
    """Apply a confirmed import run; its state and progress are kept on the run."""
    from .runs import apply_run

    return apply_run(run_id=run_id)


@task()
def check_import_run(run_id: int) -> dict[str, Any]:
    """Dry-run an uploaded file too large to check during its upload request."""
    from .runs import check_run

    run = check_run(run_id=run_id)
    return {"state": run.state, "rows": (run.preview or {}).get("rows")}
