"""Pages: thin ways in that read through the access gate and the selectors."""

import secrets
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from payung.accounts.access import Action, can
from payung.billing.selectors import paid_through, unbilled_under
from payung.claims.selectors import reports_due
from payung.core.access import get_visible_or_404, scope_for, visible_to
from payung.core.replica import reads_from_replica
from payung.coverage.selectors import coverage_by_month, participants_by_unit, region_coverage
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.enrollments.selectors import WorkerFilters
from payung.imports.models import ImportedRow
from payung.outreach.selectors import region_summary
from payung.regions.models import Level, Region
from payung.workers.models import Employment, Worker
from payung.workers.selectors import sees_full_identity, wage_in_force
from payung.workers.services import writable_employments

from . import worker_list
from .charts import coverage_chart
from .costs import village_cost_to_cover
from .employer_pages import may_edit_employers
from .selectors import widest_region

SEARCHES_SESSION_KEY = "payung_worker_searches"
FILTER_PARAMS = ("employer", "unit", "status", "category")


def _on(request: HttpRequest) -> date:
    """The day a page looks at: ?on=YYYY-MM-DD, else today in Asia/Makassar."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the widest region its scope covers."""
    code = widest_region(scope_for(request.user))
    if code is None:
        return render(request, "web/no_scope.html", status=403)
    return redirect("region", code=code)


@login_required
@reads_from_replica
def region(request: HttpRequest, code: str) -> HttpResponse:
    """A region's coverage: totals, reported vs register, child regions and their picture."""
    found = get_visible_or_404(request.user, Region.objects.all(), code=code)
    on = _on(request)
    scope = scope_for(request.user)
    coverage = region_coverage(region=found, on=on, scope=scope)
    ancestors = Region.objects.filter(code__in=found.ancestor_codes())
    rows, cols = coverage.grid_size
    history = coverage_by_month(region=found, on=on, scope=scope)
    sees_bills = can(request.user, Action.VIEW_BILLING)
    unbilled = unbilled_under(region_code=found.code, on=on, scope=scope) if sees_bills else None
    return render(
        request,
        "web/region.html",
        {
            "region": found,
            "ancestors": ancestors,
            "coverage": coverage,
            "on": on,
            "grid_rows": range(rows),
            "grid_cols": cols,
            "max_participants": max([r.participants for r in coverage.children] or [1]) or 1,
            "outreach": region_summary(region=found, on=on, scope=scope),
            "can_edit": may_edit_employers(request.user),
            # Districts and villages: what covering their village governments' officials costs.
            "village_cost": (
                village_cost_to_cover(region=found, on=on, scope=scope)
                if found.level in (Level.DISTRICT, Level.VILLAGE)
                else None
            ),
            "history": history,
            "chart": coverage_chart(history),
            "unbilled": unbilled,
            "unbilled_children": {
                row.code: unbilled.months_under(row.code) for row in coverage.children
            }
            if unbilled
            else {},
            "sees_bills": sees_bills,
        },
    )


@login_required
def employer(request: HttpRequest, pk: int) -> HttpResponse:
    """An employer: its work units with their participants, and its reported figures."""
    found = get_visible_or_404(
        request.user, Employer.objects.select_related("region", "branch_office"), pk=pk
    )
    on = _on(request)
    scope = scope_for(request.user)
    per_unit = participants_by_unit(employer=found, on=on, scope=scope)
    units = [
        (unit, per_unit.get(unit.pk, 0))
        for unit in WorkUnit.objects.in_scope(scope).filter(employer=found)
    ]
    total = (
        Enrollment.objects.active_on(on)
        .in_scope(scope)
        .filter(employer=found)
        .aggregate(n=Count("worker_id", distinct=True))["n"]
    )
    figures = visible_to(request.user, found.reported_figures.select_related("unit"))
    return render(
        request,
        "web/employer.html",
        {
            "employer": found,
            "units": units,
            "on": on,
            "participants": total,
            "figures": figures,
            "can_import": can(request.user, Action.IMPORT),
            "can_edit": may_edit_employers(request.user),
            "reports_due": reports_due(scope, employer_id=found.pk),
        },
    )


@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    """A work unit and its workers (its roster), in keyset pages, with exports."""
    found = get_visible_or_404(
        request.user, WorkUnit.objects.select_related("employer__region"), pk=pk
    )
    filters = WorkerFilters(unit_id=found.pk)
    roster = worker_list.listed(request.user, text="", filters=filters)
    page = worker_list.list_page(request, roster, filters=filters, searched=False)
    return render(request, "web/unit.html", {"unit": found, "page": page})


@login_required
def unit_export(request: HttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    """A work unit's roster as .xlsx or CSV (for Indonesian Excel)."""
    found = get_visible_or_404(request.user, WorkUnit.objects.all(), pk=unit_id)
    filters = WorkerFilters(unit_id=found.pk)
    roster = worker_list.listed(request.user, text="", filters=filters)
    return _export(request, roster, filters=filters, fmt=fmt, name=f"unit-{found.code}")


def _export(
    request: HttpRequest, workers: Any, *, filters: WorkerFilters, fmt: str, name: str
) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    rows = worker_list.export_rows(request.user, workers, filters=filters)
    body = worker_list.workers_csv(rows) if fmt == "csv" else worker_list.workers_xlsx(rows)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:60]
    response["Content-Disposition"] = f'attachment; filename="pekerja-{safe}.{fmt}"'
    return response


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


SEARCHES_KEPT = 20
"""How many recent searches a session keeps under their opaque keys."""


def _remember_search(request: HttpRequest, query: str) -> str:
    """Keep `query` in the session under a fresh opaque key, the only thing the URL carries."""
    searches = dict(request.session.get(SEARCHES_SESSION_KEY, {}))
    key = secrets.token_urlsafe(9)
    searches[key] = query
    request.session[SEARCHES_SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return key


def _searched(request: HttpRequest) -> tuple[str, str]:
    """The remembered search the request names (`?cari=`): its key and its text."""
    key = request.GET.get("cari", "")
    return key, request.session.get(SEARCHES_SESSION_KEY, {}).get(key, "") if key else ""


@login_required
@reads_from_replica
def workers(request: HttpRequest) -> HttpResponse:
    """Find workers: by NIK or name, narrowed by employer, unit, status and category, in keyset
    pages, each line with its employer, unit, status and enrolment; exports of the same list.

    The query is posted and kept in the session; the page it redirects to carries only an
    opaque key (`?cari=`), so a NIK never reaches a URL, the browser history or an access log.
    An old `?q=` link is turned into a key the same way. The filters are plain GET parameters.
    """
    posted = request.POST.get("q") if request.method == "POST" else request.GET.get("q")
    if posted is not None:
        query = " ".join(posted.split())[:200]
        kept = request.GET.copy() if request.method == "GET" else QueryDict(mutable=True)
        if request.method == "POST":  # the search form carries the filters in force
            for name in FILTER_PARAMS:
                if request.POST.get(name):
                    kept[name] = request.POST[name]
        for name in ("q", "cari", *worker_list.PAGING_PARAMS):
            kept.pop(name, None)
        if query:
            kept["cari"] = _remember_search(request, query)
        suffix = f"?{kept.urlencode()}" if kept else ""
        return redirect(f"{reverse('workers')}{suffix}")
    key, query = _searched(request)
    form = worker_list.filter_form(request, scope_for(request.user))
    filters = worker_list.filters_of(form)
    found = worker_list.listed(request.user, text=query, filters=filters)
    page = worker_list.list_page(
        request, found, filters=filters, searched=bool(query) and not query.isdigit()
    )
    return render(
        request,
        "web/workers.html",
        {
            "page": page,
            "q": query,
            "search_key": key if query else "",
            "expired": key and not query,
            "form": form,
        },
    )


@login_required
def workers_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The worker list, as filtered on its page, as .xlsx or CSV (for Indonesian Excel)."""
    _, query = _searched(request)
    filters = worker_list.filters_of(worker_list.filter_form(request, scope_for(request.user)))
    found = worker_list.listed(request.user, text=query, filters=filters)
    return _export(request, found, filters=filters, fmt=fmt, name=timezone.localdate().isoformat())


@login_required
def worker(request: HttpRequest, pk: int) -> HttpResponse:
    """A worker: identity, and the employments, enrolments and history the reader's scope covers.

    Another employer's part of the worker (its employment, enrolments, bills and who changed
    them) is left out. A read-only reader sees the NIK masked and no birth date or sex.
    """
    found = get_visible_or_404(request.user, Worker.objects.all(), pk=pk)
    scope = scope_for(request.user)
    today = timezone.localdate()
    # Each employment's wage as its employer reports it today, or on its last day if it ended.
    employments = (
        Employment.objects.in_scope(scope)
        .filter(worker=found)
        .annotate(wage=wage_in_force(Coalesce(OuterRef("end_date"), Value(today))))
    )
    enrollments = Enrollment.objects.in_scope(scope).filter(worker=found)
    history = (
        Enrollment.history.filter(  # type: ignore[attr-defined]
            worker_id=found.pk, id__in=enrollments.values("pk")
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    # Who changed the shared identity, and why, can name another employer's import: shown only
    # when every employment of the worker is in the reader's scope.
    whole_worker = not found.employments.exclude(pk__in=employments.values("pk")).exists()
    worker_history = found.history.select_related("history_user").order_by("-history_date")  # type: ignore[attr-defined]
    # What imports created for the worker, recorded once per roster row (imports.ImportedRow);
    # only imports into employers the reader sees, as they name their file and uploader.
    imported_rows = (
        ImportedRow.objects.in_scope(scope)
        .filter(worker=found)
        .select_related("run__created_by", "run__employer", "unit")
        .order_by("-run_id")
    )
    sees_bills = can(request.user, Action.VIEW_BILLING)
    writable = writable_employments(worker=found, actor=request.user)
    return render(
        request,
        "web/worker.html",
        {
            "worker": found,
            "full_identity": sees_full_identity(scope),
            "employments": employments.select_related("employer", "unit"),
            "enrollments": enrollments.select_related("employer"),
            "enrollment_history": history,
            "worker_history": worker_history,
            "imported_rows": imported_rows,
            "whole_worker": whole_worker,
            "today": today,
            "sees_bills": sees_bills,
            "paid_through": paid_through(worker=found, scope=scope) if sees_bills else None,
            "can_change": writable.exists(),
            "card_employers": Employer.objects.filter(
                pk__in=enrollments.active_on(today).values("employer_id")
            ).filter(pk__in=writable.values("employer_id")),
        },
    )
