"""Pages to create and edit employers and their work units (services in employers.services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from payung.core.access import get_visible_or_404, scope_for
from payung.core.errors import DomainError
from payung.employers.models import Employer, WorkUnit
from payung.employers.services import (
    EmployerFields,
    create_employer,
    create_unit,
    update_employer,
    update_unit,
)

from .forms import EmployerForm, UnitForm
from .register import refuse_on_form


def may_edit_employers(user: object) -> bool:
    """Officers whose scope is regions; not unit operators nor viewers."""
    scope = scope_for(user)
    return scope.can_write and scope.unit_ids is None


def _officer(request: HttpRequest) -> None:
    if not may_edit_employers(request.user):
        raise PermissionDenied


def _page(
    request: HttpRequest, form: EmployerForm | UnitForm, title: str, back: str
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/register/edit.html",
        {"form": form, "title": title, "back": back},
        status=status,
    )


def _fields(form: EmployerForm) -> EmployerFields:
    data = form.cleaned_data
    return EmployerFields(
        kind=data["kind"],
        region_code=data["region"],
        name=data["name"],
        npp=data["npp"],
        risk_class=data["risk_class"],
    )


@login_required
def new_employer(request: HttpRequest) -> HttpResponse:
    """Create an employer (?region= fills the region code)."""
    _officer(request)
    form = EmployerForm(request.POST or None, initial={"region": request.GET.get("region", "")})
    if request.method == "POST" and form.is_valid():
        try:
            employer = create_employer(fields=_fields(form), actor=request.user)
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Pemberi kerja dibuat."))
            return redirect("employer", pk=employer.pk)
    return _page(request, form, gettext("Pemberi kerja baru"), "/")


@login_required
def edit_employer(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    _officer(request)
    form = EmployerForm(
        request.POST or None,
        initial={
            "kind": employer.kind,
            "region": employer.region_id,
            "name": employer.name,
            "npp": employer.npp or "",
            "risk_class": employer.risk_class,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_employer(employer=employer, fields=_fields(form), actor=request.user)
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Pemberi kerja disimpan."))
            return redirect("employer", pk=employer.pk)
    back = f"/pemberi-kerja/{employer.pk}/"
    return _page(request, form, gettext("Ubah %(name)s") % {"name": employer.name}, back)


@login_required
def new_unit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    _officer(request)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_unit(employer=employer, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Unit kerja dibuat."))
            return redirect("employer", pk=employer.pk)
    title = gettext("Unit kerja baru — %(name)s") % {"name": employer.name}
    return _page(request, form, title, f"/pemberi-kerja/{employer.pk}/")


@login_required
def edit_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_visible_or_404(request.user, WorkUnit.objects.select_related("employer"), pk=unit_id)
    _officer(request)
    form = UnitForm(
        request.POST or None,
        initial={"code": unit.code, "name": unit.name, "risk_class": unit.risk_class},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_unit(unit=unit, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Unit kerja disimpan."))
            return redirect("employer", pk=unit.employer_id)
    title = gettext("Ubah %(name)s") % {"name": unit.name}
    return _page(request, form, title, f"/pemberi-kerja/{unit.employer_id}/")
