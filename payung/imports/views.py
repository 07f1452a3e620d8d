"""Pages of the imports app: upload → dry-run preview → confirm → progress → history."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from payung.core.access import can_write, get_visible_or_404, visible_to
from payung.core.errors import DomainError
from payung.employers.models import Employer

from .export import write_template
from .forms import UploadForm
from .models import WAITING_STATES, ImportRun, State
from .runs import (
    RunRequest,
    confirm_run,
    max_upload_bytes,
    needs_typed_count,
    run_progress,
    upload_and_check,
    writable_employers,
)

PAGE_SIZE = 50
FORM_OVERHEAD_BYTES = 64 * 1024
"""Room for the form's other fields when an upload's size is judged by its Content-Length."""
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _message(error: DomainError) -> str:
    """The refusal in the reader's language."""
    english = (get_language() or "id").startswith("en")
    return " ".join(r.message_en if english else r.message_id for r in error.refusals)


def _employer_id(request: HttpRequest) -> int | None:
    value = request.GET.get("employer", "")
    return int(value) if value.isdigit() else None


def _too_large(request: HttpRequest) -> bool:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return length.isdigit() and int(length) > max_upload_bytes() + FORM_OVERHEAD_BYTES


def _too_large_message() -> str:
    limit = max_upload_bytes()
    return gettext("Berkas terlalu besar: batasnya %(mb)s MB.") % {"mb": limit // (1024 * 1024)}


@login_required
def history(request: HttpRequest) -> HttpResponse:
    """Past and running imports the user may see, newest first, optionally of one employer."""
    runs = visible_to(
        request.user, ImportRun.objects.select_related("employer", "unit", "created_by")
    )
    employer = None
    if (employer_id := _employer_id(request)) is not None:
        employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
        runs = runs.filter(employer=employer)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/history.html",
        {"page": page, "employer": employer, "can_import": can_write(request.user)},
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a valid post is stored and dry-run, then its preview is shown."""
    if not can_write(request.user):
        raise PermissionDenied
    employer_id = _employer_id(request)
    if employer_id is not None:
        get_visible_or_404(request.user, writable_employers(request.user), pk=employer_id)
    if request.method == "POST" and _too_large(request):
        # Refused before Django reads the body, so an oversized file is never stored.
        form = UploadForm(user=request.user, employer_id=employer_id)
        context = {"form": form, "refusal": _too_large_message()}
        return render(request, "imports/upload.html", context, status=413)
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, employer_id=employer_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run_request = RunRequest(
            employer=data["employer"],
            unit=data["unit"],
            on=data["on"],
            mode=data["mode"],
            programs=tuple(data["programs"]),
            all_or_nothing=data["all_or_nothing"],
        )
        try:
            run = upload_and_check(actor=request.user, request=run_request, upload=data["file"])
        except DomainError as refused:
            form.add_error(refused.refusals[0].field or None, _message(refused))
        else:
            return redirect("imports:run", pk=run.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/upload.html", {"form": form}, status=status)


@login_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: its preview and confirm button, its progress, or its result."""
    found = get_visible_or_404(
        request.user, ImportRun.objects.select_related("employer", "unit", "created_by"), pk=pk
    )
    data = found.result if found.is_finished and found.result else found.preview
    return render(
        request,
        "imports/run.html",
        {
            "run": found,
            "data": data or {},
            "progress": run_progress(found),
            "can_confirm": found.state == State.CHECKED
            and can_write(request.user)
            and bool(found.upload),
            "can_download_report": can_write(request.user),
            "polling": found.state in WAITING_STATES,
            "needs_typed_count": needs_typed_count(found.preview),
        },
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a checked run for the background apply."""
    get_visible_or_404(request.user, ImportRun.objects.all(), pk=pk)
    typed = request.POST.get("typed_count", "").strip().replace(".", "").replace(",", "")
    try:
        confirm_run(
            actor=request.user, run_id=pk, typed_count=int(typed) if typed.isdigit() else None
        )
    except DomainError as refused:
        messages.error(request, _message(refused))
    return redirect("imports:run", pk=pk)


@login_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The run's state and progress, polled by the progress bar."""
    found = get_visible_or_404(request.user, ImportRun.objects.all(), pk=pk)
    return JsonResponse(run_progress(found))


@login_required
def report(request: HttpRequest, pk: int) -> FileResponse:
    """The error report: the original rows (full NIKs) plus an error column, as .xlsx.

    For those who may import, like the upload it repeats; a read-only role is refused.
    """
    found = get_visible_or_404(request.user, ImportRun.objects.all(), pk=pk)
    if not can_write(request.user):
        raise PermissionDenied
    if not found.error_report:
        raise Http404
    stem = found.original_name.rsplit(".", 1)[0]
    return FileResponse(
        found.error_report.open("rb"),
        as_attachment=True,
        filename=f"laporan-kesalahan-{stem}.xlsx",
    )


@login_required
def template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The documented columns and one example row, generated on the fly."""
    if fmt not in TEMPLATE_TYPES:
        raise Http404
    if fmt == "csv":
        text = io.StringIO()
        write_template(fmt=fmt, out=text)
        body: bytes = text.getvalue().encode("utf-8-sig")
    else:
        binary = io.BytesIO()
        write_template(fmt=fmt, out=binary)
        body = binary.getvalue()
    response = HttpResponse(body, content_type=TEMPLATE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="templat-daftar-pekerja.{fmt}"'
    return response
