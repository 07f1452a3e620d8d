"""Pages: an employer's documents, card batches with their progress, and public verification."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from payung.accounts.access import Action, can
from payung.core.access import get_visible_or_404, scope_for, visible_to
from payung.core.errors import DomainError
from payung.employers.models import Employer, WorkUnit
from payung.workers.models import Worker

from . import services
from .models import BatchState, Certificate, DocumentBatch
from .selectors import card_count, program_names, verify

RECENT_BATCHES = 10


def _on(request: HttpRequest) -> date:
    """The day the cards speak of: ?on=YYYY-MM-DD, else today in Asia/Makassar."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _employer(request: HttpRequest, pk: int) -> Employer:
    return get_visible_or_404(
        request.user, Employer.objects.select_related("region", "branch_office"), pk=pk
    )


def _unit(request: HttpRequest, employer: Employer, raw: str | None) -> WorkUnit | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_visible_or_404(request.user, WorkUnit.objects.filter(employer=employer), pk=raw)


def _may_print_cards(request: HttpRequest) -> bool:
    """Cards are handed to workers: printed by roles that may write, never by a viewer."""
    return can(request.user, Action.PRINT_CARDS)


def _may_issue(request: HttpRequest) -> bool:
    """Certificates speak for a whole employer: not for read-only users nor unit operators."""
    return can(request.user, Action.ISSUE_CERTIFICATE)


@login_required
def employer_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """An employer's certificates, its member cards (whole or per unit) and recent card batches."""
    employer = _employer(request, pk)
    unit = _unit(request, employer, request.GET.get("unit"))
    on = _on(request)
    scope = scope_for(request.user)
    cards = card_count(employer=employer, unit=unit, on=on, scope=scope)
    certificates = visible_to(request.user, Certificate.objects.filter(employer=employer))
    batches = visible_to(request.user, DocumentBatch.objects.filter(employer=employer))
    return render(
        request,
        "documents/employer.html",
        {
            "employer": employer,
            "unit": unit,
            "units": WorkUnit.objects.in_scope(scope).filter(employer=employer),
            "on": on,
            "cards": cards,
            "background": cards > services.BACKGROUND_ABOVE,
            "background_above": services.BACKGROUND_ABOVE,
            "certificates": certificates.select_related("issued_by")[:20],
            "batches": batches.select_related("unit")[:RECENT_BATCHES],
            "may_issue": _may_issue(request),
            "may_print_cards": _may_print_cards(request),
        },
    )


@login_required
@require_POST
def issue_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue (or, the same day with the same facts, find again) a participation certificate."""
    employer = _employer(request, pk)
    if not _may_issue(request):
        messages.error(request, _("Anda tidak berwenang menerbitkan sertifikat."))
        return redirect("documents:employer", pk=employer.pk)
    try:
        certificate = services.issue_certificate(employer=employer, actor=request.user)
    except DomainError as refused:
        for refusal in refused.refusals:
            messages.error(request, refusal.message)
        return redirect("documents:employer", pk=employer.pk)
    messages.success(
        request, _("Sertifikat %(number)s diterbitkan.") % {"number": certificate.number}
    )
    return redirect("documents:employer", pk=employer.pk)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A certificate as PDF."""
    certificate = get_visible_or_404(
        request.user,
        Certificate.objects.select_related("employer__region", "branch_office"),
        pk=pk,
    )
    filename = certificate.number.replace("/", "-") + ".pdf"
    return _pdf(services.certificate_pdf(certificate), filename)


@login_required
def cards_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Member cards of an employer (or ?unit=) as PDF at once; big sets go to a batch instead."""
    employer = _employer(request, pk)
    if not _may_print_cards(request):
        raise PermissionDenied
    unit = _unit(request, employer, request.GET.get("unit"))
    on = _on(request)
    scope = scope_for(request.user)
    if services.needs_background(employer=employer, unit=unit, on=on, scope=scope):
        messages.info(
            request,
            _("Lebih dari %(n)s kartu: buat di latar belakang.") % {"n": services.BACKGROUND_ABOVE},
        )
        query = f"?unit={unit.pk}" if unit else ""
        return redirect(reverse("documents:employer", args=[employer.pk]) + query)
    result = services.cards_pdf(employer=employer, unit=unit, on=on, scope=scope)
    suffix = f"-{unit.code}" if unit else ""
    return _pdf(result.pdf, f"kartu-{employer.npp or employer.pk}{suffix}.pdf")


@login_required
def worker_card(request: HttpRequest, worker_id: int, employer_id: int) -> HttpResponse:
    """One worker's member card with one employer, reprinted (a lost or damaged card)."""
    worker = get_visible_or_404(request.user, Worker.objects.all(), pk=worker_id)
    employer = _employer(request, employer_id)
    if not _may_print_cards(request):
        raise PermissionDenied
    scope = scope_for(request.user)
    result = services.cards_pdf(
        employer=employer, unit=None, on=_on(request), scope=scope, worker_id=worker.pk
    )
    if not result.cards:
        raise Http404
    return _pdf(result.pdf, f"kartu-{employer.npp or employer.pk}-{worker.pk}.pdf")


@login_required
@require_POST
def request_cards(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue member cards for the task worker and show the batch's progress."""
    employer = _employer(request, pk)
    if not _may_print_cards(request):
        raise PermissionDenied
    unit = _unit(request, employer, request.POST.get("unit"))
    if unit is None and scope_for(request.user).unit_ids is not None:
        messages.error(request, _("Pilih unit kerja Anda."))
        return redirect("documents:employer", pk=employer.pk)
    batch = services.request_card_batch(
        employer=employer, unit=unit, on=_on(request), actor=request.user
    )
    return redirect("documents:batch", pk=batch.pk)


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch of cards: progress while the worker renders it, then the download."""
    found = get_visible_or_404(
        request.user, DocumentBatch.objects.select_related("employer", "unit"), pk=pk
    )
    found = services.recover_abandoned_batch(found)
    return render(
        request,
        "documents/batch.html",
        {"batch": found, "running": found.state in (BatchState.QUEUED, BatchState.RUNNING)},
    )


@login_required
def batch_file(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF of a finished batch."""
    found = get_visible_or_404(request.user, DocumentBatch.objects.all(), pk=pk)
    if not _may_print_cards(request):
        raise PermissionDenied
    if found.state != BatchState.DONE or not found.file:
        raise Http404
    return FileResponse(
        found.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=str(found.file.name).rsplit("/", 1)[-1],
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def verify_page(request: HttpRequest, token: str) -> HttpResponse:
    """Public, no login: is this card or certificate valid today? Only initials, never a NIK."""
    result = verify(token, on=timezone.localdate())
    return render(
        request,
        "documents/verify.html",
        {
            "result": result,
            "programs": program_names(result.programs),
            "today": timezone.localdate(),
        },
    )
