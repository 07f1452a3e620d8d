"""Pages of the outreach app: the board, the province picture, a region's timeline and forms."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.access import Action, can
from payung.core.access import get_visible_or_404, scope_for
from payung.core.errors import DomainError
from payung.regions.models import Region

from .forms import ActivityForm, AgreementForm, TargetForm
from .models import Activity, Agreement, Group, Stage
from .reminders import open_reminders
from .selectors import pipeline, region_for_outreach, timeline
from .services import record_activity, record_agreement, set_target


def _on(request: HttpRequest) -> date:
    """The day a page looks at: ?on=YYYY-MM-DD, else today in Asia/Makassar."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _group(request: HttpRequest) -> str:
    group = request.GET.get("group", Group.NON_ASN)
    return group if group in Group.values else Group.NON_ASN


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The child regions of a region (default: the scope's province) by stage, and the picture."""
    if not can(request.user, Action.VIEW_OUTREACH):
        raise PermissionDenied
    scope = scope_for(request.user)
    default = (
        "74" if scope.everything else (scope.region_codes[0][:2] if scope.region_codes else "")
    )
    found = region_for_outreach(request.GET.get("region", default), scope)
    if found is None:
        return render(request, "web/no_scope.html", status=403)
    on = _on(request)
    group = _group(request)
    result = pipeline(region=found, on=on, scope=scope, group=group)
    _rows, cols = result.grid_size
    return render(
        request,
        "outreach/board.html",
        {
            "region": found,
            "pipeline": result,
            "on": on,
            "group": group,
            "groups": Group.choices,
            "grid_cols": cols,
            "stages": Stage.choices,
            "reminder_count": len(open_reminders(on=on, scope=scope)),
        },
    )


@login_required
def region_timeline(request: HttpRequest, code: str) -> HttpResponse:
    """A region's outreach: stages per group, cost to cover, activities, agreements and forms."""
    if not can(request.user, Action.VIEW_OUTREACH):
        raise PermissionDenied
    found = get_visible_or_404(request.user, Region.objects.all(), code=code)
    on = _on(request)
    story = timeline(region=found, on=on, scope=scope_for(request.user))
    return render(request, "outreach/timeline.html", _timeline_context(request, found, on, story))


def _timeline_context(request: HttpRequest, region: Region, on: date, story: Any) -> dict[str, Any]:
    return {
        "region": region,
        "on": on,
        "story": story,
        "rows": [
            (group, Group(group).label, row, story.costs.get(group)) for group, row in story.stages
        ],
        "writable": can(request.user, Action.RECORD_OUTREACH),
        "activity_form": ActivityForm(initial={"date": on}),
        "agreement_form": AgreementForm(initial={"signed_on": on, "budget_year": on.year}),
        "target_form": TargetForm(initial={"as_of": on}),
        "cost_url": cost_to_cover_url(region.code),
    }


def cost_to_cover_url(code: str) -> str:
    """The cost-to-cover page of a region (query: workers, wage, year)."""
    try:
        return reverse("cost_to_cover", args=[code])
    except NoReverseMatch:
        return f"/wilayah/{code}/biaya/"


def _back(code: str, on: date) -> HttpResponse:
    return redirect(f"{reverse('outreach:timeline', args=[code])}?on={on.isoformat()}")


def _invalid(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():  # by the field's label, never its code name
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _refused(request: HttpRequest, error: DomainError) -> None:
    for refusal in error.refusals:
        messages.error(request, f"[{refusal.code}] {refusal.message}")


def _submit(
    request: HttpRequest,
    code: str,
    form: Any,
    record: Callable[..., Any],
    done: str,
    renamed: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """Check a posted form, hand its values to the service, and go back to the timeline.

    The forms' field names are the services' keyword arguments, except those in `renamed`
    (field name to argument name); `extra` adds arguments the form has no field for.
    """
    get_visible_or_404(request.user, Region.objects.all(), code=code)
    if not can(request.user, Action.RECORD_OUTREACH):
        raise PermissionDenied
    on = _on(request)
    if not form.is_valid():
        _invalid(request, form)
        return _back(code, on)
    names = renamed or {}
    values = {names.get(field, field): value for field, value in form.cleaned_data.items()}
    try:
        record(actor=request.user, region_code=code, **values, **extra)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return _back(code, on)


@login_required
@require_POST
def add_activity(request: HttpRequest, code: str) -> HttpResponse:
    form = ActivityForm(request.POST, request.FILES)
    return _submit(
        request,
        code,
        form,
        record_activity,
        _("Kegiatan dicatat."),
        renamed={"date": "on"},  # the page's own ?on= is the day it looks at
        owner=request.user,
    )


@login_required
@require_POST
def add_agreement(request: HttpRequest, code: str) -> HttpResponse:
    form = AgreementForm(request.POST, request.FILES)
    return _submit(request, code, form, record_agreement, _("Perjanjian dicatat."))


@login_required
@require_POST
def add_target(request: HttpRequest, code: str) -> HttpResponse:
    return _submit(request, code, TargetForm(request.POST), set_target, _("Sasaran dicatat."))


@login_required
def attachment(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """An activity's attachment or an agreement's signed document, through the access gate."""
    stored: FieldFile
    if kind == "kegiatan":
        stored = get_visible_or_404(request.user, Activity.objects.all(), pk=pk).attachment
    elif kind == "perjanjian":
        stored = get_visible_or_404(request.user, Agreement.objects.all(), pk=pk).document
    else:
        raise Http404
    if not stored:
        raise Http404
    name = (stored.name or "berkas").split("/")[-1]
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """The open reminders on a day, as `payung remind` would send them."""
    if not can(request.user, Action.VIEW_OUTREACH):
        raise PermissionDenied
    on = _on(request)
    items = open_reminders(on=on, scope=scope_for(request.user))
    return render(request, "outreach/reminders.html", {"items": items, "on": on})
