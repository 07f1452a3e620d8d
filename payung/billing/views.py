"""Pages of the billing app: thin views over the services and selectors, behind the gate."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.access import Action, can
from payung.core.access import get_visible_or_404, scope_for
from payung.core.errors import DomainError
from payung.employers.models import Employer
from payung.regions.models import Region
from payung.rules.wording import explanation_for_officers, numbers_in

from . import exports
from .continuity import employer_unbilled
from .models import Bill, BillLine, Payment, PaymentVoid, VoidState
from .periods import parse_period
from .selectors import allocations_of, bill_row, employer_credit, employer_statement, region_arrears
from .services import (
    approve_void,
    discard_draft,
    finalize_bill,
    issue_bills,
    issue_missing,
    payment_confirm_above,
    raise_wages,
    record_payment,
    void_four_eyes_above,
    void_payment,
)
from .wage_checks import BelowMinimum, below_minimum, bill_warnings

LINES_PER_PAGE = 50
SELECTABLE_WORKERS = 100


def _on(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _employer(request: HttpRequest, pk: int) -> Employer:
    """The employer, if the user may see its money (a unit operator may not)."""
    if not can(request.user, Action.VIEW_BILLING):
        raise Http404
    return get_visible_or_404(request.user, Employer.objects.select_related("region"), pk=pk)


def _may_bill(request: HttpRequest) -> bool:
    return can(request.user, Action.BILL)


def _refused(request: HttpRequest, error: DomainError) -> None:
    for refusal in error.refusals:
        messages.error(request, refusal.message)


@login_required
def employer_bills(request: HttpRequest, pk: int) -> HttpResponse:
    """An employer's bills, payments and credit, with forms to issue, finalise and pay."""
    employer = _employer(request, pk)
    today = timezone.localdate()
    bills = Bill.objects.filter(employer=employer).order_by("-period")
    # The late fees as the statement computes them, so both show the same figure.
    fees = {row.bill.pk: row.fees for row in employer_statement(employer=employer, on=today).bills}
    payments = employer.payments.select_related("void", "reverses").order_by("-date", "-pk")
    unbilled, estimate = employer_unbilled(employer, on=timezone.localdate())
    return render(
        request,
        "billing/employer_bills.html",
        {
            "employer": employer,
            "bills": [(bill, fees.get(bill.pk)) for bill in bills],
            "payments": payments,
            "credit": employer_credit(employer),
            "unbilled": unbilled,
            "unbilled_estimate": estimate,
            "may_bill": _may_bill(request),
            "this_month": timezone.localdate().strftime("%Y-%m"),
            "today": timezone.localdate(),
            "confirm_above": payment_confirm_above(),
            "four_eyes_above": void_four_eyes_above(),
        },
    )


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer(request, pk)
    if not _may_bill(request):
        raise Http404
    try:
        bill = issue_bills(
            employer=employer, period=request.POST.get("period", ""), actor=request.user
        )
    except DomainError as error:
        _refused(request, error)
        return redirect("billing:employer_bills", pk=employer.pk)
    messages.success(request, _("Tagihan %(period)s diterbitkan.") % {"period": bill.period})
    return redirect("billing:bill", pk=bill.pk)


@login_required
@require_POST
def issue_missing_months(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft bills for every unbilled month of the employer, each by its own month's rules."""
    employer = _employer(request, pk)
    if not _may_bill(request):
        raise Http404
    try:
        bills = issue_missing(employer=employer, actor=request.user)
    except DomainError as error:
        _refused(request, error)
        return redirect("billing:employer_bills", pk=employer.pk)
    messages.success(
        request,
        _("%(count)s tagihan draf diterbitkan untuk bulan yang belum ditagih.")
        % {"count": len(bills)},
    )
    return redirect("billing:employer_bills", pk=employer.pk)


@login_required
@require_POST
def finalize(request: HttpRequest, pk: int) -> HttpResponse:
    bill = get_visible_or_404(request.user, Bill.objects.all(), pk=pk)
    if not _may_bill(request):
        raise Http404
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Centang konfirmasi untuk memfinalkan tagihan."))
        return redirect("billing:bill", pk=bill.pk)
    try:
        bill = finalize_bill(bill=bill, actor=request.user)
        messages.success(request, _("Tagihan difinalkan: %(code)s") % {"code": bill.payment_code})
    except DomainError as error:
        _refused(request, error)
    return redirect("billing:bill", pk=bill.pk)


@login_required
@require_POST
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer(request, pk)
    if not _may_bill(request):
        raise Http404
    try:
        amount = Decimal(request.POST.get("amount", "").replace(".", "").replace(",", ""))
        paid_on = date.fromisoformat(request.POST.get("date", ""))
    except (InvalidOperation, ValueError):
        messages.error(request, _("Jumlah atau tanggal tidak valid."))
        return redirect("billing:employer_bills", pk=employer.pk)
    try:
        record_payment(
            employer=employer,
            amount=amount,
            paid_on=paid_on,
            reference=request.POST.get("reference", ""),
            channel=request.POST.get("channel", "") or "bank_transfer",
            actor=request.user,
            confirmed=request.POST.get("confirm") == "1",
        )
        messages.success(request, _("Pembayaran dicatat."))
    except DomainError as error:
        _refused(request, error)
    return redirect("billing:employer_bills", pk=employer.pk)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Discard a draft bill, with a reason."""
    found = get_visible_or_404(request.user, Bill.objects.all(), pk=pk)
    if not _may_bill(request):
        raise Http404
    try:
        discard_draft(bill=found, reason=request.POST.get("reason", ""), actor=request.user)
    except DomainError as error:
        _refused(request, error)
        return redirect("billing:bill", pk=found.pk)
    messages.success(request, _("Draf %(period)s dibuang.") % {"period": found.period})
    return redirect("billing:employer_bills", pk=found.employer_id)


@login_required
@require_POST
def void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a payment by a reversing entry (above the limit: once someone else approves)."""
    employer = _employer(request, pk)
    if not _may_bill(request):
        raise Http404
    payment = get_object_or_404(Payment, employer=employer, pk=request.POST.get("payment") or 0)
    try:
        request_ = void_payment(
            payment=payment, reason=request.POST.get("reason", ""), actor=request.user
        )
    except DomainError as error:
        _refused(request, error)
        return redirect("billing:employer_bills", pk=employer.pk)
    if request_.state == VoidState.DONE:
        messages.success(request, _("Pembayaran dibatalkan."))
    else:
        messages.success(request, _("Pembatalan menunggu persetujuan petugas lain."))
    return redirect("billing:employer_bills", pk=employer.pk)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """A second officer approves a pending void."""
    employer = _employer(request, pk)
    if not _may_bill(request):
        raise Http404
    found = get_object_or_404(
        PaymentVoid, payment__employer=employer, pk=request.POST.get("void") or 0
    )
    try:
        approve_void(request=found, actor=request.user)
        messages.success(request, _("Pembayaran dibatalkan."))
    except DomainError as error:
        _refused(request, error)
    return redirect("billing:employer_bills", pk=employer.pk)


@login_required
def bill(request: HttpRequest, pk: int) -> HttpResponse:
    """A bill: facts, per-program totals, the rules behind it, its lines and payments."""
    found = get_visible_or_404(request.user, Bill.objects.select_related("employer__region"), pk=pk)
    lines = BillLine.objects.filter(bill=found).select_related("worker").order_by("pk")
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    below = below_minimum(found)
    with numbers_in(get_language()):
        basis = explanation_for_officers(
            [explanation.content for explanation in exports.bill_explanations(found)]
        )
    return render(
        request,
        "billing/bill.html",
        {
            "bill": found,
            "programs": exports.program_totals(found),
            "basis": basis,
            "page": page,
            "allocations": allocations_of(found),
            "in_words": exports.in_words(found.total),
            "may_bill": _may_bill(request),
            "warnings": [
                {"code": w.code, "message": w.in_language(get_language())}
                for w in bill_warnings(found, below)
            ],
            "below": below,
            "below_workers": _below_workers(found, below),
            "raise_from": parse_period(found.period),
            "row": bill_row(found, timezone.localdate()),
        },
    )


def _below_workers(bill: Bill, below: BelowMinimum | None) -> list[Any]:
    """The first workers under the minimum wage, to pick from (one query)."""
    if below is None:
        return []
    ids = below.worker_ids[:SELECTABLE_WORKERS]
    return list(
        BillLine.objects.filter(bill=bill, worker_id__in=ids, program="jkk")
        .values("worker_id", "worker__name", "wage")
        .order_by("worker__name")
    )


@login_required
@require_POST
def raise_bill_wages(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise the wages under the minimum from a date, for all of them or the selected workers."""
    found = get_visible_or_404(request.user, Bill.objects.select_related("employer"), pk=pk)
    if not _may_bill(request):
        raise Http404
    try:
        amount = Decimal(request.POST.get("amount", "").replace(".", "").replace(",", "."))
        start = date.fromisoformat(request.POST.get("start", ""))
        selected = None
        if request.POST.get("which") == "selected":
            selected = [int(pk) for pk in request.POST.getlist("workers")]
    except (InvalidOperation, ValueError):
        messages.error(request, _("Jumlah atau tanggal tidak valid."))
        return redirect("billing:bill", pk=found.pk)
    try:
        changed = raise_wages(
            bill=found, amount=amount, start=start, worker_ids=selected, actor=request.user
        )
    except DomainError as error:
        _refused(request, error)
        return redirect("billing:bill", pk=found.pk)
    messages.success(request, _("Upah %(count)s pekerja dinaikkan.") % {"count": changed})
    return redirect("billing:bill", pk=found.pk)


@login_required
def bill_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_visible_or_404(request.user, Bill.objects.select_related("employer"), pk=pk)
    response = HttpResponse(exports.bill_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="tagihan-{found.pk}-{found.period}.pdf"'
    )
    return response


@login_required
def statement(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The employer's statement as of ?on= (default today) as PDF or .xlsx."""
    employer = _employer(request, pk)
    found = employer_statement(employer=employer, on=_on(request))
    name = f"rekening-{employer.npp or employer.pk}-{found.on.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.statement_xlsx(found),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.statement_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def arrears_home(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW_BILLING):
        raise PermissionDenied
    scope = scope_for(request.user)
    code = "74" if scope.everything else (scope.region_codes[0] if scope.region_codes else None)
    if code is None:
        raise Http404
    return redirect("billing:arrears", code=code)


ARREARS_FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.arrears_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.arrears_xlsx,
    ),
}


@login_required
def arrears_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The arrears as of ?on= as CSV for Indonesian Excel (`;`, decimal commas) or .xlsx."""
    if fmt not in ARREARS_FORMATS:
        raise Http404
    region = get_visible_or_404(request.user, Region.objects.all(), code=code)
    on = _on(request)
    found = region_arrears(region_code=region.code, on=on, scope=scope_for(request.user))
    content_type, render_file = ARREARS_FORMATS[fmt]
    response = HttpResponse(render_file(found), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="tunggakan-{region.code}-{on.isoformat()}.{fmt}"'
    )
    return response


@login_required
def arrears(request: HttpRequest, code: str) -> HttpResponse:
    """Employers under a region with bills unpaid after their due date, as of ?on=."""
    if not can(request.user, Action.VIEW_BILLING):
        raise PermissionDenied
    region = get_visible_or_404(request.user, Region.objects.all(), code=code)
    on = _on(request)
    found = region_arrears(region_code=region.code, on=on, scope=scope_for(request.user))
    return render(request, "billing/arrears.html", {"region": region, "arrears": found, "on": on})
