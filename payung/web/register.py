"""Pages of the register's life events: add a worker, correct them, change a wage, move them,
end an employment or enrolment, record a death. Thin: the forms are read, the services decide.

A destructive step (move, end, death) is posted twice: first it shows what it will end — the
counts and the names — then, posted again with `confirmed`, it is done.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext

from payung.core.access import get_visible_or_404, scope_for
from payung.core.errors import DomainError, Refusal
from payung.employers.models import Employer, WorkUnit
from payung.enrollments import life_events
from payung.enrollments.models import Enrollment
from payung.enrollments.selectors import (
    Ending,
    describe,
    employments_open_after,
    enrollments_ending_with,
    enrollments_open_after,
)
from payung.workers.models import Employment, Worker
from payung.workers.services import (
    change_wage,
    correct_identity,
    writable_employments,
)

from .forms import (
    AddWorkerForm,
    DeathForm,
    EndForm,
    IdentityForm,
    MoveForm,
    WageForm,
    identity_initial,
)


def in_reader_language(refusal: Refusal) -> str:
    english = (get_language() or "id").startswith("en")
    return refusal.message_en if english else refusal.message_id


def refuse_on_form(form: Form, error: DomainError) -> None:
    """Each refusal on its field when the form has one, else above the form."""
    for refusal in error.refusals:
        field = refusal.field if refusal.field in form.fields else None
        form.add_error(field, in_reader_language(refusal))


def _writable_worker(request: HttpRequest, worker_id: int) -> Worker:
    """The worker, if visible (else 404) and the reader may change something of theirs."""
    worker = get_visible_or_404(request.user, Worker.objects.all(), pk=worker_id)
    if not writable_employments(worker=worker, actor=request.user).exists():
        raise PermissionDenied
    return worker


def _form_page(
    request: HttpRequest, *, worker: Worker | None, form: Form, title: str, **context: Any
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/register/form.html",
        {"worker": worker, "form": form, "title": title, **context},
        status=status,
    )


def _confirm(
    request: HttpRequest, *, worker: Worker, title: str, ending: Ending, note: str = ""
) -> HttpResponse:
    """The confirmation: what will end, by name, and the posted values to post again."""
    posted = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", "confirmed"}
        for value in values
    ]
    return render(
        request,
        "web/register/confirm.html",
        {"worker": worker, "title": title, "ending": ending, "posted": posted, "note": note},
    )


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "1"


@login_required
def add_worker(request: HttpRequest, employer_id: int) -> HttpResponse:
    """Add one worker to an employer: identity, unit, start, wage, programs."""
    scope = scope_for(request.user)
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    if not scope.can_write:
        raise PermissionDenied
    units = WorkUnit.objects.in_scope(scope).filter(employer=employer)
    form = AddWorkerForm(
        request.POST or None,
        units=units,
        initial={"start": timezone.localdate(), "unit": units.first() if scope.unit_ids else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = life_events.add_worker(
                nik=data["nik"],
                name=data["name"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                category=data["category"],
                employer=employer,
                unit=data["unit"],
                start=data["start"],
                wage=data["wage"],
                programs=data["programs"],
                kpj=data["kpj"],
                actor=request.user,
            )
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Pekerja ditambahkan."))
            for warning in result.warnings:
                messages.warning(request, in_reader_language(warning))
            return redirect("worker", pk=result.worker.pk)
    return _form_page(
        request,
        worker=None,
        form=form,
        title=gettext("Tambah pekerja"),
        employer=employer,
    )


@login_required
def identity(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Correct a worker's name, birth date, sex or category."""
    worker = _writable_worker(request, worker_id)
    form = IdentityForm(request.POST or None, initial=identity_initial(worker))
    if request.method == "POST" and form.is_valid():
        try:
            correct_identity(
                worker=worker, actor=request.user, on=timezone.localdate(), **form.cleaned_data
            )
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Data diri disimpan."))
            return redirect("worker", pk=worker.pk)
    return _form_page(request, worker=worker, form=form, title=gettext("Perbaiki data diri"))


@login_required
def wage(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Declare a worker's wage with one of their employers from a date."""
    worker = _writable_worker(request, worker_id)
    employments = writable_employments(worker=worker, actor=request.user)
    employers = Employer.objects.filter(pk__in=employments.values("employer_id"))
    form = WageForm(
        request.POST or None,
        employers=employers,
        initial={"start": timezone.localdate(), "employer": employers.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_wage(
                worker=worker,
                employer=data["employer"],
                amount=data["amount"],
                start=data["start"],
                actor=request.user,
            )
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Upah disimpan."))
            return redirect("worker", pk=worker.pk)
    return _form_page(request, worker=worker, form=form, title=gettext("Ubah upah"))


def _open_employments(worker: Worker, actor: Any) -> Any:
    today = timezone.localdate()
    return (
        writable_employments(worker=worker, actor=actor)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("employer", "unit")
    )


@login_required
def move(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Move a worker to another unit or employer from a date (shown, then confirmed)."""
    worker = _writable_worker(request, worker_id)
    scope = scope_for(request.user)
    employments = _open_employments(worker, request.user)
    units = (
        WorkUnit.objects.in_scope(scope)
        .select_related("employer")
        .order_by("employer__name", "name")
    )
    employers = (
        Employer.objects.in_scope(scope).order_by("name")
        if scope.unit_ids is None
        else Employer.objects.none()
    )
    form = MoveForm(
        request.POST or None,
        employments=employments,
        units=list(units),
        employers=list(employers),
        initial={"employment": employments.first(), "on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        employment: Employment = form.cleaned_data["employment"]
        to_employer, to_unit = form.chosen_place()
        on = form.cleaned_data["on"]
        if not _confirmed(request):
            last_day = on - timedelta(days=1)
            enrollments = (
                enrollments_ending_with(employment=employment, last_day=last_day)
                if to_employer.pk != employment.employer_id
                else Enrollment.objects.none()
            )
            ending = describe(
                worker=worker,
                last_day=last_day,
                employments=Employment.objects.filter(pk=employment.pk),
                enrollments=enrollments,
            )
            where = f"{to_employer.name}" + (f" — {to_unit.name}" if to_unit else "")
            note = gettext("Mulai %(date)s bekerja di %(where)s.") % {
                "date": f"{on:%d-%m-%Y}",
                "where": where,
            }
            if enrollments.exists():
                note += " " + gettext(
                    "Kepesertaannya berlanjut pada pemberi kerja baru dengan program dan "
                    "KPJ yang sama."
                )
            return _confirm(
                request, worker=worker, title=gettext("Pindahkan pekerja"), ending=ending, note=note
            )
        try:
            life_events.move_worker(
                employment=employment,
                to_employer=to_employer,
                to_unit=to_unit,
                on=on,
                wage=form.cleaned_data["wage"],
                actor=request.user,
            )
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Pekerja dipindahkan."))
            return redirect("worker", pk=worker.pk)
    return _form_page(request, worker=worker, form=form, title=gettext("Pindahkan pekerja"))


@login_required
def end(request: HttpRequest, worker_id: int) -> HttpResponse:
    """End an employment (with its enrolments) or one enrolment (shown, then confirmed)."""
    worker = _writable_worker(request, worker_id)
    today = timezone.localdate()
    enrollments = (
        Enrollment.objects.in_scope(scope_for(request.user))
        .filter(worker=worker)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("employer")
    )
    form = EndForm(
        request.POST or None,
        employments=_open_employments(worker, request.user),
        enrollments=enrollments,
        initial={"on": today},
    )
    if request.method == "POST" and form.is_valid():
        chosen, on, reason = form.chosen(), form.cleaned_data["on"], form.cleaned_data["reason"]
        if not _confirmed(request):
            if isinstance(chosen, Employment):
                ending = describe(
                    worker=worker,
                    last_day=on,
                    employments=Employment.objects.filter(pk=chosen.pk),
                    enrollments=enrollments_ending_with(employment=chosen, last_day=on),
                )
            else:
                ending = describe(
                    worker=worker,
                    last_day=on,
                    employments=Employment.objects.none(),
                    enrollments=Enrollment.objects.filter(pk=chosen.pk),
                )
            return _confirm(request, worker=worker, title=gettext("Akhiri"), ending=ending)
        try:
            if isinstance(chosen, Employment):
                life_events.end_employment(
                    employment=chosen, on=on, reason=reason, actor=request.user
                )
            else:
                life_events.end_one_enrollment(
                    enrollment=chosen, on=on, reason=reason, actor=request.user
                )
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Diakhiri."))
            return redirect("worker", pk=worker.pk)
    return _form_page(request, worker=worker, form=form, title=gettext("Akhiri"))


@login_required
def death(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Record a death: everything open ends the day after (shown, then confirmed)."""
    worker = _writable_worker(request, worker_id)
    form = DeathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        died_on = form.cleaned_data["died_on"]
        try:
            if not _confirmed(request):
                last_day = life_events.check_death(
                    worker=worker, died_on=died_on, actor=request.user
                )
                ending = describe(
                    worker=worker,
                    last_day=last_day,
                    employments=employments_open_after(worker=worker, last_day=last_day),
                    enrollments=enrollments_open_after(worker=worker, last_day=last_day),
                )
                note = gettext("Meninggal dunia pada %(date)s; alasan berakhir: meninggal dunia.")
                return _confirm(
                    request,
                    worker=worker,
                    title=gettext("Catat kematian"),
                    ending=ending,
                    note=note % {"date": f"{died_on:%d-%m-%Y}"},
                )
            life_events.record_death(worker=worker, died_on=died_on, actor=request.user)
        except DomainError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, gettext("Kematian dicatat."))
            return redirect("worker", pk=worker.pk)
    return _form_page(request, worker=worker, form=form, title=gettext("Catat kematian"))
