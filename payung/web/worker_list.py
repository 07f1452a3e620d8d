"""The worker list as a page, a unit's roster and their spreadsheet exports: one set of filters
(employer, unit, status, category, and the remembered search), keyset pages, and exports of
exactly what the reader may see (read-only readers get masked NIKs)."""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from payung.core.access import scope_for
from payung.core.scope import Scope
from payung.core.spreadsheets import CsvWriter, new_workbook, write_cells
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.selectors import WorkerFilters, WorkerRow, filter_workers, worker_rows
from payung.workers.models import WorkerQuerySet
from payung.workers.pagination import KeysetPage, bounded_count, keyset_page
from payung.workers.selectors import search_workers, shown_nik

from .forms import UNIT_CHOICES_MAX, WorkerFilterForm

PAGE_SIZE = 50
PAGE_COUNT_LIMIT = 10_000
"""A page counts its matches exactly up to this many ("more than 10,000" beyond)."""
EXPORT_LIMIT = 100_000
"""The most rows an export holds (a narrower filter gets the rest)."""
EXPORT_CHUNK = 2_000
PAGING_PARAMS = ("after", "before", "page")


def filter_form(request: HttpRequest, scope: Scope) -> WorkerFilterForm:
    """The filters as submitted, offering the employers and units the reader sees (two
    queries); units of the chosen employer, or all when they are few."""
    employers = list(
        Employer.objects.in_scope(scope).order_by("name", "pk").values_list("pk", "name")
    )
    units = WorkUnit.objects.in_scope(scope).order_by("employer__name", "name", "pk")
    chosen = request.GET.get("employer", "")
    if chosen.isdigit() and len(chosen) < 19:
        units = units.filter(employer_id=int(chosen))
    unit_choices = list(units.values_list("pk", "name")[: UNIT_CHOICES_MAX + 1])
    if len(unit_choices) > UNIT_CHOICES_MAX and request.GET.get("unit", "").isdigit():
        unit_choices = list(
            WorkUnit.objects.in_scope(scope)
            .filter(pk=int(request.GET["unit"][:18]))
            .values_list("pk", "name")
        )
    elif len(unit_choices) > UNIT_CHOICES_MAX:
        unit_choices = []
    return WorkerFilterForm(request.GET or None, employers=employers, units=unit_choices)


def filters_of(form: WorkerFilterForm) -> WorkerFilters:
    """The valid filters of the form (an unknown choice is reported and left out)."""
    if not form.is_bound:
        return WorkerFilters()
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return WorkerFilters(
        employer_id=data.get("employer"),
        unit_id=data.get("unit"),
        status=data.get("status") or "",
        category=data.get("category") or "",
    )


def _id(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and 0 < len(value) < 19 else None


@dataclass(frozen=True)
class ListPage:
    """A page of the list: its lines, the count, and the links to the pages beside it."""

    rows: list[WorkerRow]
    count: int
    more: bool
    previous_query: str | None
    next_query: str | None
    query: str  # the filters (and search key) without paging, for exports and the form


def listed(user: Any, *, text: str, filters: WorkerFilters) -> WorkerQuerySet:
    """The workers the user may see matching the search and the filters (today's status)."""
    scope = scope_for(user)
    return filter_workers(search_workers(user, text), scope=scope, filters=filters, on=_today())


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def list_page(
    request: HttpRequest, workers: WorkerQuerySet, *, filters: WorkerFilters, searched: bool
) -> ListPage:
    """The keyset page the request asks for (`after` / `before`), with its lines."""
    page: KeysetPage = keyset_page(
        workers,
        after=_id(request, "after"),
        before=_id(request, "before"),
        size=PAGE_SIZE,
        searched=searched,
    )
    count, more = bounded_count(workers, PAGE_COUNT_LIMIT)
    kept = request.GET.copy()
    for name in PAGING_PARAMS:
        kept.pop(name, None)

    def link(name: str, value: int | None) -> str | None:
        if value is None:
            return None
        query: QueryDict = kept.copy()
        query[name] = str(value)
        return query.urlencode()

    return ListPage(
        rows=worker_rows(page.items, scope=scope_for(request.user), on=_today(), filters=filters),
        count=count,
        more=more,
        previous_query=link("before", page.previous),
        next_query=link("after", page.next),
        query=kept.urlencode(),
    )


# -- exports ----------------------------------------------------------------------------------

HEADER = ["nama", "nik", "kategori", "pemberi_kerja", "unit_kerja", "status", "program", "sejak"]


def export_rows(
    user: Any, workers: WorkerQuerySet, *, filters: WorkerFilters
) -> Iterator[list[Any]]:
    """The export's rows in the register's order, up to `EXPORT_LIMIT`, read in chunks (two
    queries per chunk of `EXPORT_CHUNK`); NIKs as the reader may see them."""
    scope = scope_for(user)
    today = _today()
    chunk: list[Any] = []
    for worker in workers.order_by("name", "nik")[:EXPORT_LIMIT].iterator(EXPORT_CHUNK):
        chunk.append(worker)
        if len(chunk) == EXPORT_CHUNK:
            yield from _lines(chunk, scope=scope, on=today, filters=filters)
            chunk = []
    if chunk:
        yield from _lines(chunk, scope=scope, on=today, filters=filters)


def _lines(chunk: list[Any], *, scope: Scope, on: date, filters: WorkerFilters) -> list[list[Any]]:
    return [
        [
            row.worker.name,
            shown_nik(scope, row.worker.nik),
            row.worker.get_category_display(),
            row.employer_name,
            row.unit_name,
            row.status_label,
            ", ".join(program.upper() for program in row.programs),
            row.since,
        ]
        for row in worker_rows(chunk, scope=scope, on=on, filters=filters)
    ]


def workers_csv(rows: Iterator[list[Any]]) -> bytes:
    """CSV for Indonesian Excel: `;` between cells, UTF-8 with a byte order mark, formula-safe."""
    out = io.StringIO()
    writer = CsvWriter(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def workers_xlsx(rows: Iterator[list[Any]]) -> bytes:
    """The list as a workbook: text cells never become formulas."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, in_memory=True)
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(_("Pekerja")[:31])
    write_cells(sheet, 0, 0, HEADER, bold)
    for index, row in enumerate(rows, start=1):
        write_cells(sheet, index, 0, row)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 18)
    sheet.set_column(3, 4, 30)
    workbook.close()
    return buffer.getvalue()
