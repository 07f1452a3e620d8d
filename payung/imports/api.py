"""HTTP API of the imports app (mounted under /api/imports/): runs, their progress, upload."""

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from payung.core.access import get_visible_or_404, visible_to
from payung.core.errors import DomainError
from payung.core.params import BIGINT_MAX, DatabaseId
from payung.employers.models import Employer, WorkUnit

from .models import ImportRun
from .runs import RunRequest, confirm_run, upload_and_check
from .schemas import RefusedOut, RunOut

router = Router(tags=["imports"])


def _runs() -> Any:
    return ImportRun.objects.select_related("created_by")


@router.get("/runs", response=list[RunOut], operation_id="list_import_runs", exclude_unset=True)
@paginate
def list_runs(request: HttpRequest, employer: DatabaseId | None = None, state: str | None = None):  # type: ignore[no-untyped-def]
    """Import runs the caller may see, newest first; optionally of one employer or state."""
    runs = visible_to(request.user, _runs())
    if employer:
        runs = runs.filter(employer_id=employer)
    if state:
        runs = runs.filter(state=state)
    return runs


@router.get("/runs/{run_id}", response=RunOut, operation_id="get_import_run", exclude_unset=True)
def get_run(request: HttpRequest, run_id: int) -> ImportRun:
    """One run with its progress (poll it while `state` is queued or running)."""
    return get_visible_or_404(request.user, _runs(), pk=run_id)


@router.post(
    "/runs",
    response={201: RunOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="upload_import_run",
    exclude_unset=True,
)
def upload_run(
    request: HttpRequest,
    file: File[UploadedFile],
    employer: Form[int],
    on: Form[date],
    unit: Form[int | None] = None,
    mode: Form[str] = "add",
    programs: Form[str] = "jkk,jkm",
    all_or_nothing: Form[bool] = False,
) -> Status:
    """Upload a roster (.csv or .xlsx) and dry-run it: nothing changes until it is confirmed."""
    found = get_visible_or_404(request.user, Employer.objects.all(), pk=employer)
    found_unit = get_visible_or_404(request.user, WorkUnit.objects.all(), pk=unit) if unit else None
    run_request = RunRequest(
        employer=found,
        unit=found_unit,
        on=on,
        mode=mode,
        programs=tuple(p.strip().lower() for p in programs.split(",") if p.strip()),
        all_or_nothing=all_or_nothing,
    )
    try:
        run = upload_and_check(actor=request.user, request=run_request, upload=file)
    except DomainError as refused:
        status = 403 if refused.code == "import_not_allowed" else 400
        return Status(status, {"refusals": [r.as_dict() for r in refused.refusals]})
    return Status(201, run)


@router.post(
    "/runs/{run_id}/confirm",
    response={202: RunOut, 400: RefusedOut, 403: RefusedOut},
    operation_id="confirm_import_run",
    exclude_unset=True,
)
def confirm(
    request: HttpRequest,
    run_id: int,
    typed_count: Annotated[int, Field(ge=0, le=BIGINT_MAX)] | None = None,
) -> Status:
    """Queue a checked run for the background apply; poll `GET /runs/{id}` for its progress.

    A replace import ending more than `PAYUNG_REPLACE_CONFIRM_SHARE` of the roster needs
    `typed_count`, the number of workers it ends (its `preview.ended`); else 400
    `import_replace_count_required`."""
    get_visible_or_404(request.user, ImportRun.objects.all(), pk=run_id)
    try:
        confirm_run(actor=request.user, run_id=run_id, typed_count=typed_count)
    except DomainError as refused:
        status = 403 if refused.code == "import_not_allowed" else 400
        return Status(status, {"refusals": [r.as_dict() for r in refused.refusals]})
    return Status(202, get_visible_or_404(request.user, _runs(), pk=run_id))
