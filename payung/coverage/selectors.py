"""Who is protected where: participant counts by region, beside the counts others reported."""

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Case, Count, DateField, F, Q, Sum, Value, When
from django.db.models.functions import Substr, TruncMonth

from payung.core.scope import Scope, region_subtree
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import ANY_PROGRAM, SEATED, UNIT, CoverageTally, Enrollment
from payung.regions.models import Region, child_code_length
from payung.workers.models import Category

from .models import ReportedFigure

PROVINCE_CODE_LENGTH, REGENCY_CODE_LENGTH = 2, 5
HISTORY_MONTHS = 120
"""The most months a coverage history goes back from its day (ten years)."""
TILE_GRID_CSV = Path(__file__).resolve().parent / "data" / "tile_grid.csv"


@dataclass(frozen=True)
class Reported:
    """The latest figure some source published, and how far the register is from it."""

    figure: ReportedFigure
    register: int

    @property
    def difference(self) -> int:
        """Register minus reported: positive when the register has more."""
        return self.register - self.figure.count


@dataclass(frozen=True)
class Row:
    """One region or employer line of a coverage table."""

    code: str
    name: str
    participants: int
    reported: Reported | None = None
    employer_id: int | None = None
    tile: tuple[int, int] | None = None

    @property
    def unregistered(self) -> bool:
        return self.participants == 0


@dataclass(frozen=True)
class UnitRow:
    """A work unit of an employer seated in the region, with its participants."""

    unit_id: int
    employer_id: int
    name: str
    employer_name: str
    participants: int

    @property
    def unregistered(self) -> bool:
        return self.participants == 0


@dataclass(frozen=True)
class Coverage:
    """Coverage of one region on one day, as one scope sees it, for one group of workers: its
    child regions where they are whom that group's coverage is asked of (a province's
    regencies and cities for non-ASN workers, villages for village officials), else the work
    units of the employers seated in it (a regency's or city's government)."""

    region: Region
    on: date
    participants: int
    by_program: dict[str, int]
    children: list[Row]
    seated_employers: list[Row]
    reported: Reported | None
    sources: list[ReportedFigure] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    group: str = Category.NON_ASN

    @property
    def unregistered(self) -> list[Row]:
        return [row for row in self.children if row.unregistered]

    @property
    def registered_children(self) -> int:
        return len(self.children) - len(self.unregistered)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form shared by `payung coverage --json` and the API."""
        return {
            "region": {"code": self.region.code, "name": self.region.name},
            "on": self.on.isoformat(),
            "participants": self.participants,
            "by_program": self.by_program,
            "reported": _reported_dict(self.reported),
            "children": [
                {
                    "code": row.code,
                    "name": row.name,
                    "participants": row.participants,
                    "reported": _reported_dict(row.reported),
                }
                for row in self.children
            ],
            "unregistered": [row.code for row in self.unregistered],
            "employers": [
                {"id": row.employer_id, "name": row.name, "participants": row.participants}
                for row in self.seated_employers
            ],
            "group": self.group,
            "units": [
                {
                    "id": row.unit_id,
                    "employer_id": row.employer_id,
                    "name": row.name,
                    "participants": row.participants,
                }
                for row in self.units
            ],
            "unregistered_units": [row.unit_id for row in self.units if row.unregistered],
        }

    @property
    def grid_size(self) -> tuple[int, int]:
        tiles = [row.tile for row in self.children if row.tile]
        if not tiles:
            return (0, 0)
        return (max(r for r, _ in tiles) + 1, max(c for _, c in tiles) + 1)


def accountable_children(code: str, group: str) -> bool:
    """Whether `code`'s child regions are whom `group`'s coverage is asked of: for non-ASN
    workers a province's regencies and cities (each holds a government employer; districts
    and villages hold none), for village officials and facilitators every level down to the
    villages (each village government employs its own officials)."""
    if child_code_length(code) is None:
        return False
    return group != Category.NON_ASN or len(code) == PROVINCE_CODE_LENGTH


def region_coverage(
    *, region: Region, on: date, scope: Scope, group: str | None = None
) -> Coverage:
    """Count workers with an active enrolment under `region` on `on`: in total, by program, by
    child region (where `accountable_children`), by employer seated in the region itself and,
    for a regency or city, by its government's work units; in a fixed number of queries.

    Without `group`, totals count every category and the levels follow non-ASN workers'; with
    it, only that category counts. Totals come from the coverage tally when the scope sees the
    whole subtree (back office, region and branch officers); a unit-bound scope is counted from
    its enrolments directly.
    """
    level_group = group or Category.NON_ASN
    length = child_code_length(region.code)
    if not accountable_children(region.code, level_group):
        length = None
    child_regions = list(Region.objects.children_of(region.code).in_scope(scope)) if length else []
    child_codes = [child.code for child in child_regions]
    if tally_sees(scope, region.code):
        counts = covered_counts([region.code], on=on, category=group, totals_of=child_codes)
        participants = counts.get((region.code, ANY_PROGRAM), 0)
        by_program = {
            program: n
            for (code, program), n in sorted(counts.items())
            if code == region.code and program != ANY_PROGRAM and n
        }
        per_child = {code: n for (code, program), n in counts.items() if program == ANY_PROGRAM}
    else:
        participants, by_program, per_child = _direct_counts(
            region, length, on=on, scope=scope, category=group
        )
    figures = _latest_figures(region.code, on, scope)
    tiles = _tiles(region.code, child_codes)
    children = [
        Row(
            code=child.code,
            name=child.name,
            participants=per_child.get(child.code, 0),
            reported=_reported(figures.get(child.code), per_child.get(child.code, 0)),
            tile=tiles.get(child.code),
        )
        for child in child_regions
    ]
    seated = _seated(region, on=on, scope=scope, group=group)
    sources = list(
        ReportedFigure.objects.in_scope(scope)
        .filter(region_subtree("region_id", region.code), as_of__lte=on)
        .select_related("region", "employer", "unit")
        .order_by("-as_of", "region_id")
    )
    return Coverage(
        region=region,
        on=on,
        participants=participants,
        by_program=by_program,
        children=children,
        seated_employers=seated,
        reported=_reported(figures.get(region.code), participants),
        sources=sources,
        units=_units(region, on=on, scope=scope, group=level_group) if not length else [],
        group=level_group,
    )


def _seated(region: Region, *, on: date, scope: Scope, group: str | None) -> list[Row]:
    """The employers seated at the region itself with their participants: from the tally when
    there is one (the usual case: the region's government) and the scope sees the region whole,
    else counted from the enrolments."""
    employers = list(Employer.objects.in_scope(scope).filter(region_id=region.code))
    seat = f"{region.code}{SEATED}"
    if len(employers) == 1 and tally_sees(scope, region.code):
        per_employer = {
            employers[0].pk: covered_counts([seat], on=on, category=group).get(
                (seat, ANY_PROGRAM), 0
            )
        }
    elif employers:
        active = Enrollment.objects.active_on(on).in_scope(scope)
        if group is not None:
            active = active.filter(worker__category=group)
        per_employer = dict(
            active.filter(employer__region_id=region.code)
            .order_by()
            .values("employer_id")
            .annotate(n=Count("worker_id", distinct=True))
            .values_list("employer_id", "n")
        )
    else:
        per_employer = {}
    return [
        Row(
            code=region.code,
            name=employer.name,
            participants=per_employer.get(employer.pk, 0),
            employer_id=employer.pk,
        )
        for employer in employers
    ]


def _units(region: Region, *, on: date, scope: Scope, group: str) -> list[UnitRow]:
    """The work units of the employers seated at a regency or city, with their participants of
    `group` (two queries; the counts from the tally when the scope sees the region whole);
    none elsewhere."""
    if len(region.code) != REGENCY_CODE_LENGTH:
        return []
    units = list(
        WorkUnit.objects.in_scope(scope)
        .filter(employer__region_id=region.code)
        .select_related("employer")
        .order_by("employer_id", "name")
    )
    if tally_sees(scope, region.code):
        keys = {unit.pk: f"{UNIT}{unit.pk}" for unit in units}
        counts = covered_counts(list(keys.values()), on=on, category=group) if units else {}
        per_unit = {pk: counts.get((key, ANY_PROGRAM), 0) for pk, key in keys.items()}
    else:
        per_unit = _direct_units(region, on=on, scope=scope, group=group)
    return [
        UnitRow(
            unit_id=unit.pk,
            employer_id=unit.employer_id,
            name=unit.name,
            employer_name=unit.employer.name,
            participants=per_unit.get(unit.pk, 0),
        )
        for unit in units
    ]


def _direct_units(region: Region, *, on: date, scope: Scope, group: str) -> dict[int, int]:
    return dict(
        Enrollment.objects.active_on(on)
        .in_scope(scope)
        .filter(
            employer__region_id=region.code,
            worker__category=group,
            worker__employments__employer=F("employer_id"),
        )
        .order_by()
        .values("worker__employments__unit_id")
        .annotate(n=Count("worker_id", distinct=True))
        .values_list("worker__employments__unit_id", "n")
    )


def tally_sees(scope: Scope, code: str) -> bool:
    """Whether the scope sees everything under `code`, so the tally's totals are its own."""
    if scope.unit_ids is not None:
        return False
    return scope.everything or any(
        code == mine or code.startswith(f"{mine}.") for mine in scope.region_codes
    )


def covered_counts(
    codes: list[str],
    *,
    on: date,
    category: str | None = None,
    totals_of: Sequence[str] = (),
) -> dict[tuple[str, str], int]:
    """Distinct workers covered on `on` under each of `codes` (a code followed by `=`: by the
    employers seated there), per program and `*` (any program), and under each of `totals_of`
    in any program only, from the tally; one query."""
    keys = Q(region_code__in=codes)
    if totals_of:
        keys |= Q(region_code__in=totals_of, program=ANY_PROGRAM)
    tallies = CoverageTally.objects.up_to(on).filter(keys)
    if category is not None:
        tallies = tallies.filter(category=category)
    return {
        (code, program): n
        for code, program, n in tallies.order_by()
        .values_list("region_code", "program")
        .annotate(n=Sum("delta"))
        .values_list("region_code", "program", "n")
    }


def participants_under(code: str, *, on: date, scope: Scope) -> int:
    """Distinct workers covered under region `code` on `on`, as the scope sees them."""
    if tally_sees(scope, code):
        return covered_counts([code], on=on).get((code, ANY_PROGRAM), 0)
    return int(
        Enrollment.objects.active_on(on)
        .in_scope(scope)
        .filter(region_subtree("employer__region_id", code))
        .aggregate(n=Count("worker_id", distinct=True))["n"]
    )


def direct_counts(
    region: Region, *, on: date, scope: Scope
) -> tuple[int, dict[str, int], dict[str, int]]:
    """Participants, by program and by child region, counted from the enrolments themselves
    (for unit-bound scopes, and as the reference the tally is checked against)."""
    return _direct_counts(region, child_code_length(region.code), on=on, scope=scope)


def _direct_counts(
    region: Region, length: int | None, *, on: date, scope: Scope, category: str | None = None
) -> tuple[int, dict[str, int], dict[str, int]]:
    active = (
        Enrollment.objects.active_on(on)
        .in_scope(scope)
        .filter(region_subtree("employer__region_id", region.code))
    )
    if category is not None:
        active = active.filter(worker__category=category)
    participants = active.aggregate(n=Count("worker_id", distinct=True))["n"]
    by_program = dict(
        active.order_by()
        .values_list("program")
        .annotate(n=Count("worker_id", distinct=True))
        .values_list("program", "n")
    )
    per_child: dict[str, int] = {}
    if length is not None:
        per_child = dict(
            active.order_by()
            .annotate(child=Substr("employer__region_id", 1, length))
            .values("child")
            .annotate(n=Count("worker_id", distinct=True))
            .values_list("child", "n")
        )
    return participants, dict(sorted(by_program.items())), per_child


def _reported_dict(reported: Reported | None) -> dict[str, Any] | None:
    if reported is None:
        return None
    figure = reported.figure
    return {
        "count": figure.count,
        "as_of": figure.as_of.isoformat(),
        "difference": reported.difference,
        "source": {
            "title": figure.source_title,
            "publisher": figure.source_publisher,
            "date": figure.source_date.isoformat(),
            "url": figure.source_url,
        },
        "note": figure.note,
    }


def _latest_figures(code: str, on: date, scope: Scope) -> dict[str, ReportedFigure]:
    """The latest region-wide figure (not an employer's or unit's) per region, up to `on`."""
    latest: dict[str, ReportedFigure] = {}
    figures = (
        ReportedFigure.objects.in_scope(scope)
        .filter(
            region_subtree("region_id", code),
            as_of__lte=on,
            employer__isnull=True,
            unit__isnull=True,
        )
        .order_by("region_id", "as_of", "source_date", "pk")
    )
    for figure in figures:
        latest[figure.region_id] = figure
    return latest


def _reported(figure: ReportedFigure | None, register: int) -> Reported | None:
    return Reported(figure=figure, register=register) if figure else None


@cache
def _shipped_tiles() -> dict[str, tuple[int, int]]:
    with TILE_GRID_CSV.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: (int(row["row"]), int(row["col"])) for row in csv.DictReader(handle)}


def _tiles(parent: str, codes: list[str]) -> dict[str, tuple[int, int]]:
    """Tile-grid positions: the shipped layout where there is one, else a square in code order."""
    shipped = _shipped_tiles()
    if codes and all(code in shipped for code in codes):
        return {code: shipped[code] for code in codes}
    width = max(1, math.ceil(math.sqrt(len(codes))))
    return {code: divmod(index, width) for index, code in enumerate(sorted(codes))}


def participants_by_unit(*, employer: Employer, on: date, scope: Scope) -> dict[int | None, int]:
    """Workers with an active enrolment with `employer` on `on`, per work unit of employment."""
    return dict(
        Enrollment.objects.active_on(on)
        .in_scope(scope)
        .filter(employer=employer, worker__employments__employer=employer)
        .order_by()
        .values("worker__employments__unit_id")
        .annotate(n=Count("worker_id", distinct=True))
        .values_list("worker__employments__unit_id", "n")
    )


@dataclass(frozen=True)
class MonthlyCoverage:
    """Workers covered under a region per program, month by month: each month's figure is the
    count on its last day (on `on` for the last month), from the first month anyone was
    covered (at most `HISTORY_MONTHS` back)."""

    months: list[date]
    by_program: dict[str, list[int]]

    @property
    def rows(self) -> list[tuple[date, list[int]]]:
        """Month by month, the figures in the order of `by_program`."""
        series = list(self.by_program.values())
        return [(month, [values[i] for values in series]) for i, month in enumerate(self.months)]


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def coverage_by_month(
    *, region: Region, on: date, scope: Scope, group: str | None = None
) -> MonthlyCoverage:
    """Workers covered under `region` per program at the end of each month up to `on`, as the
    scope sees them; one query (the tally's changes summed per program and month, or, for a
    unit-bound scope, its enrolments)."""
    first = _months_back(on, HISTORY_MONTHS - 1)
    if tally_sees(scope, region.code):
        changes = _tally_changes_by_month(region.code, first=first, on=on, category=group)
    else:
        changes = _direct_changes_by_month(region, first=first, on=on, scope=scope, group=group)
    months: list[date] = []
    month = _first_of_month(on)
    while month >= first:
        months.append(month)
        month = _months_back(month, 1)
    months.reverse()
    by_program: dict[str, list[int]] = {}
    for program in sorted({program for program, _ in changes}):
        running, values = 0, []
        for month in months:
            running += changes.get((program, month), 0)
            values.append(running)
        by_program[program] = values
    start = next(
        (i for i in range(len(months)) if any(v[i] for v in by_program.values())), len(months)
    )
    if start == len(months):
        return MonthlyCoverage(months=[], by_program={})
    return MonthlyCoverage(
        months=months[start:],
        by_program={program: values[start:] for program, values in by_program.items()},
    )


def _tally_changes_by_month(
    code: str, *, first: date, on: date, category: str | None
) -> dict[tuple[str, date], int]:
    """The tally's changes under `code` per program and month; those before `first` in it."""
    tallies = CoverageTally.objects.up_to(on).filter(region_code=code).exclude(program=ANY_PROGRAM)
    if category is not None:
        tallies = tallies.filter(category=category)
    month = Case(
        When(day__lt=first, then=Value(first)),
        default=TruncMonth("day", output_field=DateField()),
        output_field=DateField(),
    )
    rows = (
        tallies.order_by()
        .annotate(month=month)
        .values_list("program", "month")
        .annotate(n=Sum("delta"))
        .values_list("program", "month", "n")
    )
    found: dict[tuple[str, date], int] = {}
    for program, when, n in rows:
        # A date (SQLite), or on PostgreSQL a midnight timestamp from date_trunc.
        day = when if isinstance(when, date) else date.fromisoformat(str(when)[:10])
        key = (program, date(day.year, day.month, 1))
        found[key] = found.get(key, 0) + int(n)
    return found


def _direct_changes_by_month(
    region: Region, *, first: date, on: date, scope: Scope, group: str | None
) -> dict[tuple[str, date], int]:
    """As `_tally_changes_by_month`, from the enrolments the scope sees (a unit's: small)."""
    enrolments = (
        Enrollment.objects.in_scope(scope)
        .filter(region_subtree("employer__region_id", region.code), start_date__lte=on)
        .exclude(end_date__lt=first)
    )
    if group is not None:
        enrolments = enrolments.filter(worker__category=group)
    spans: dict[tuple[str, int], list[tuple[date, date]]] = {}
    for worker_id, program, start, end in enrolments.order_by().values_list(
        "worker_id", "program", "start_date", "end_date"
    ):
        spans.setdefault((program, worker_id), []).append((start, end or date.max))
    found: dict[tuple[str, date], int] = {}

    def add(program: str, day: date, delta: int) -> None:
        key = (program, max(_first_of_month(day), first))
        found[key] = found.get(key, 0) + delta

    for (program, _worker), periods in spans.items():
        merged: list[list[date]] = []
        for start, end in sorted(periods):
            if merged and start <= merged[-1][1] + timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            add(program, start, 1)
            if end < on:
                add(program, end + timedelta(days=1), -1)
    return found
