"""Pages of the claims app: a region's claims and figures, the overdue list, filing a claim from
a worker's page, and a claim with the workflow buttons of who may press them."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.core.access import get_visible_or_404, scope_for
from payung.core.errors import DomainError
from payung.regions.models import Region
from payung.workers.models import Worker

from . import services
from .assessment import item_words
from .forms import (
    AccidentStatusForm,
    ClaimForm,
    DocumentForm,
    HeirForm,
    PaymentForm,
    RejectForm,
    StageTwoForm,
)
from .models import Claim, ClaimState, EventType
from .selectors import (
    claims_by_region,
    claims_in,
    decision_deadline,
    overdue_claims,
    stage_one_deadline,
    stage_one_due,
    stage_two_deadline,
)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _refused(request: HttpRequest, error: DomainError) -> None:
    for refusal in error.refusals:
        messages.error(request, f"[{refusal.code}] {refusal.message}")


def _invalid(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        messages.error(request, f"{field}: {' '.join(errors)}")


def _default_region(request: HttpRequest) -> str:
    scope = scope_for(request.user)
    if scope.everything or not scope.region_codes:
        return "74"
    return scope.region_codes[0]


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims of a region (default: the reader's), its child regions' figures, by state."""
    scope = scope_for(request.user)
    code = request.GET.get("region") or _default_region(request)
    region = get_visible_or_404(request.user, Region.objects.all(), code=code)
    state = request.GET.get("state") or None
    if state not in ClaimState.values:
        state = None
    start, end = _date(request.GET.get("start")), _date(request.GET.get("end"))
    claims = claims_in(scope, region=region.code, state=state)
    if start:
        claims = claims.filter(event_date__gte=start)
    if end:
        claims = claims.filter(event_date__lte=end)
    return render(
        request,
        "claims/list.html",
        {
            "region": region,
            "claims": claims[:500],
            "state": state,
            "states": ClaimState.choices,
            "start": start,
            "end": end,
            "figures": claims_by_region(scope, region.code, start=start, end=end),
            "stage_one": stage_one_due(scope),
        },
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """Open claims past a deadline, oldest first."""
    items = sorted(overdue_claims(scope_for(request.user)), key=lambda item: item.due)
    return render(request, "claims/overdue.html", {"items": items})


@login_required
def new_claim(request: HttpRequest, worker_id: int) -> HttpResponse:
    """File a claim for a worker ("Ajukan klaim"): the form, then the draft claim."""
    worker = get_visible_or_404(request.user, Worker.objects.all(), pk=worker_id)
    form = ClaimForm(request.POST or None, initial={"event_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stage_one = {
            name: data[name]
            for name in ("place", "activity", "chronology", "witnesses", "injury", "first_facility")
        }
        try:
            claim = services.file_claim(
                actor=request.user,
                worker=worker,
                event=data["event"],
                event_date=data["event_date"],
                event_time=data["event_time"],
                children=data["children"],
                children_levels=[data["child_1_level"], data["child_2_level"]],
                stage_one=stage_one,
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Klaim dibuat sebagai draf."))
            return redirect("claims:detail", claim_id=claim.pk)
    return render(request, "claims/new.html", {"worker": worker, "form": form})


@login_required
def detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    """A claim: assessment, lines, heirs, documents, payment, history and the buttons."""
    claim = get_visible_or_404(
        request.user,
        Claim.objects.select_related("worker", "employer", "unit", "verified_by", "approved_by"),
        pk=claim_id,
    )
    scope = scope_for(request.user)
    office = services.is_branch_office(request.user)
    editable = scope.can_write and claim.state in (ClaimState.DRAFT, ClaimState.SUBMITTED)
    deadline = stage_one_deadline(claim)
    history = list(claim.history.select_related("history_user").order_by("-history_id")[:50])  # type: ignore[attr-defined]
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "lines": [(line, item_words(line.item)) for line in claim.lines.all()],
            "heirs": claim.heirs.all(),
            "documents": claim.documents.all(),
            "payment": getattr(claim, "payment", None),
            "reasons": claim.assessment.get("reasons", []),
            "history": history_steps(history),
            "deadline": deadline if claim.reported_at is None else None,
            "stage_two_deadline": stage_two_deadline(claim),
            "decision_deadline": decision_deadline(claim),
            "may_decide_status": office
            and claim.program == "jkk"
            and claim.state in (ClaimState.SUBMITTED, ClaimState.VERIFIED),
            "status_form": AccidentStatusForm(initial={"decided_on": timezone.localdate()}),
            "reported_late": deadline is not None
            and claim.reported_at is not None
            and claim.reported_at > deadline,
            "may_submit": scope.can_write and claim.state == ClaimState.DRAFT,
            "may_edit": editable,
            "may_verify": office and claim.state == ClaimState.SUBMITTED,
            "may_approve": office
            and claim.state == ClaimState.VERIFIED
            and claim.verified_by_id != request.user.pk,
            "may_reject": office and claim.state in (ClaimState.SUBMITTED, ClaimState.VERIFIED),
            "may_pay": office and claim.state == ClaimState.APPROVED,
            "is_accident": claim.event_type == EventType.JKK_ACCIDENT,
            "heir_form": HeirForm(),
            "stage_two_form": StageTwoForm(),
            "reject_form": RejectForm(),
            "payment_form": PaymentForm(
                initial={"paid_on": timezone.localdate(), "amount": claim.benefit_total}
            ),
            "today": timezone.localdate(),
        },
    )


HISTORY_FIELDS = ("state", "reported_at", "stage2_reported_at", "outcome", "accident_status")


def _field_label(name: str) -> str:
    field = Claim._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def history_steps(records: list[Any]) -> list[tuple[Any, list[str]]]:
    """Each history record (newest first) with the names of the workflow fields it changed."""
    steps = []
    for record, older in zip(records, [*records[1:], None], strict=True):
        changed = []
        if older is not None:
            delta = record.diff_against(older, included_fields=list(HISTORY_FIELDS))
            changed = [_field_label(change.field) for change in delta.changes]
        steps.append((record, changed))
    return steps


def _step(
    request: HttpRequest,
    claim_id: int,
    action: Callable[[Claim, dict[str, Any]], Any],
    done: str,
    form_class: Any = None,
) -> HttpResponse:
    claim = get_visible_or_404(request.user, Claim.objects.all(), pk=claim_id)
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            _invalid(request, form)
            return redirect("claims:detail", claim_id=claim.pk)
        data = form.cleaned_data
    try:
        action(claim, data)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("claims:detail", args=[claim.pk]))


@login_required
@require_POST
def submit(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, _d: services.submit_claim(actor=request.user, claim=c),
        _("Klaim diajukan."),
    )


@login_required
@require_POST
def stage_two(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, d: services.record_stage_two(actor=request.user, claim=c, **d),
        _("Laporan tahap II dicatat."),
        StageTwoForm,
    )


@login_required
@require_POST
def add_heir(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, d: services.add_heir(actor=request.user, claim=c, **d),
        _("Ahli waris dicatat."),
        HeirForm,
    )


@login_required
@require_POST
def document(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, d: services.mark_document(actor=request.user, claim=c, **d),
        _("Daftar dokumen diperbarui."),
        DocumentForm,
    )


@login_required
@require_POST
def verify(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, _d: services.verify_claim(actor=request.user, claim=c),
        _("Klaim diverifikasi."),
    )


@login_required
@require_POST
def approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, _d: services.approve_claim(actor=request.user, claim=c),
        _("Klaim disetujui."),
    )


@login_required
@require_POST
def reject(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, d: services.reject_claim(actor=request.user, claim=c, **d),
        _("Klaim ditolak."),
        RejectForm,
    )


@login_required
@require_POST
def pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, d: services.record_claim_payment(actor=request.user, claim=c, **d),
        _("Pembayaran dicatat."),
        PaymentForm,
    )


@login_required
@require_POST
def accident_status(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(
        request,
        claim_id,
        lambda c, d: services.record_accident_status(actor=request.user, claim=c, **d),
        _("Keputusan status kecelakaan kerja dicatat."),
        AccidentStatusForm,
    )
