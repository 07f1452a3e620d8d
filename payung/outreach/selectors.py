"""Reads of the outreach pipeline: stages of many regions at once, a region's timeline, and the
cost of covering those not yet covered."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr

from payung.core.scope import Scope
from payung.coverage.selectors import (
    accountable_children,
    covered_counts,
    region_coverage,
    tally_sees,
)
from payung.employers.models import EmployerKind, RiskClass
from payung.enrollments.models import ANY_PROGRAM, SEATED, Enrollment
from payung.regions.models import Level, Region
from payung.rules.errors import RuleError
from payung.rules.formulas import Simulation, simulate
from payung.rules.formulas.common import Rules

from .models import Activity, ActivityKind, Agreement, Group, Stage, TargetPopulation

# The programs the 2018 agreements covered for non-ASN workers (JKK and JKM, see the seeds);
# a cost is simulated for these unless the caller names others.
DEFAULT_PROGRAMS = ("jkk", "jkm")
STAGE_ORDER = list(Stage.values)
PROVINCE_CODE_LENGTH = 2
EMPLOYER_KIND_OF_LEVEL = {
    Level.PROVINCE: EmployerKind.PROVINCIAL,
    Level.REGENCY: EmployerKind.REGENCY,
    Level.CITY: EmployerKind.CITY,
}


@dataclass(frozen=True)
class StageRow:
    """One region's place in the pipeline for one group on one day."""

    code: str
    name: str
    stage: str
    participants: int
    target: int | None
    covered_at: int | None
    next_step: str | None
    due: date | None
    owner: str | None = None
    tile: tuple[int, int] | None = None

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    @property
    def coverage_percent(self) -> Decimal | None:
        """Register ÷ target, in percent with one decimal, or None without a target."""
        if not self.target:
            return None
        return (Decimal(100) * self.participants / self.target).quantize(Decimal("0.1"))

    @property
    def uncovered(self) -> int | None:
        """Target minus register, never below zero, or None without a target."""
        if self.target is None:
            return None
        return max(self.target - self.participants, 0)

    def overdue(self, on: date) -> bool:
        return self.due is not None and self.due < on

    def as_dict(self) -> dict[str, Any]:
        """The JSON form shared by `payung outreach --json` and the API."""
        return {
            "code": self.code,
            "name": self.name,
            "stage": self.stage,
            "participants": self.participants,
            "target": self.target,
            "next_step": self.next_step,
            "due": self.due.isoformat() if self.due else None,
        }


@dataclass(frozen=True)
class Pipeline:
    """The child regions of a region by stage, for one group on one day, as a scope sees them."""

    region: Region
    on: date
    group: str
    rows: list[StageRow]

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": {"code": self.region.code, "name": self.region.name},
            "on": self.on.isoformat(),
            "group": self.group,
            "regions": [row.as_dict() for row in self.rows],
        }

    @property
    def columns(self) -> list[tuple[str, str, list[StageRow]]]:
        """(stage, label, rows) for every stage, in pipeline order, for the board."""
        return [
            (stage, str(label), [row for row in self.rows if row.stage == stage])
            for stage, label in Stage.choices
        ]

    @property
    def grid_size(self) -> tuple[int, int]:
        tiles = [row.tile for row in self.rows if row.tile]
        if not tiles:
            return (0, 0)
        return (max(r for r, _ in tiles) + 1, max(c for _, c in tiles) + 1)


def region_for_outreach(code: str, scope: Scope) -> Region | None:
    """A region whose pipeline the scope may look at: one inside the scope, or an ancestor of
    one (whose list then shows only the scope's own regions)."""
    region = Region.objects.filter(code=code).first()
    if region is None or scope.unit_ids is not None:
        return None
    if scope.everything:
        return region
    for own in scope.region_codes:
        if own == code or own.startswith(f"{code}.") or code.startswith(f"{own}."):
            return region
    return None


def pipeline(*, region: Region, on: date, scope: Scope, group: str = Group.NON_ASN) -> Pipeline:
    """Every child region of `region` the scope may see, with its stage, in a fixed number of
    queries however many children there are."""
    coverage = region_coverage(region=region, on=on, scope=scope)
    children = [(row.code, row.name, row.tile) for row in coverage.children]
    rows = _stage_rows(children, on=on, scope=scope, group=group)
    return Pipeline(region=region, on=on, group=group, rows=rows)


def region_stage(*, region: Region, on: date, scope: Scope, group: str = Group.NON_ASN) -> StageRow:
    """One region's own stage for one group."""
    return _stage_rows([(region.code, region.name, None)], on=on, scope=scope, group=group)[0]


def _stage_rows(
    regions: list[tuple[str, str, tuple[int, int] | None]], *, on: date, scope: Scope, group: str
) -> list[StageRow]:
    """Stage rows for regions of one depth, in ONE query: each figure is a correlated subquery
    the database evaluates per region, so no Python loop issues a query."""
    if not regions:
        return []
    codes = [code for code, _, _ in regions]
    tallied = _tallied(codes, on=on, scope=scope, group=group)
    annotations = _stage_annotations(len(codes[0]), on=on, scope=scope, group=group)
    if tallied is not None:
        del annotations["participants"]
    facts = {
        row["code"]: row
        for row in Region.objects.filter(code__in=codes)
        .annotate(**annotations)
        .values("code", *annotations)
    }
    rows = []
    for code, name, tile in regions:
        fact = facts[code]
        if tallied is not None:
            fact["participants"] = tallied[code]
        stage = _stage(
            participants=fact["participants"],
            covered_at=fact["covered_at"],
            signed=fact["signed"],
            socialised=fact["socialised"],
            contacted=fact["contacted"],
        )
        rows.append(
            StageRow(
                code=code,
                name=name,
                stage=stage,
                participants=fact["participants"],
                target=fact["target"],
                covered_at=fact["covered_at"],
                next_step=fact["next_step"],
                due=fact["due"],
                owner=fact["owner"],
                tile=tile,
            )
        )
    return rows


def _tallied(codes: list[str], *, on: date, scope: Scope, group: str) -> dict[str, int] | None:
    """Participants of `group` per region from the coverage tally (a province: the employers
    seated there; a regency: everything under it), or None when the scope does not see each
    region whole (then they are counted from the enrolments)."""
    if not all(tally_sees(scope, code) for code in codes):
        return None
    keys = {
        code: f"{code}{SEATED}" if len(code) == PROVINCE_CODE_LENGTH else code for code in codes
    }
    counts = covered_counts(list(keys.values()), on=on, category=group)
    return {code: counts.get((key, ANY_PROGRAM), 0) for code, key in keys.items()}


def _stage_annotations(length: int, *, on: date, scope: Scope, group: str) -> dict[str, Any]:
    enrolments = Enrollment.objects.active_on(on).in_scope(scope).filter(worker__category=group)
    if length == PROVINCE_CODE_LENGTH:
        enrolments = enrolments.filter(employer__region_id=OuterRef("code"))
    else:
        enrolments = enrolments.filter(
            Q(employer__region_id=OuterRef("code"))
            | Q(
                employer__region_id__gte=Concat(OuterRef("code"), Value(".")),
                employer__region_id__lt=Concat(OuterRef("code"), Value("/")),
            )
        )
    count = (
        enrolments.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("worker_id", distinct=True))
        .values("n")
    )
    targets = (
        TargetPopulation.objects.in_scope(scope)
        .filter(region_id=OuterRef("code"), group=group, as_of__lte=on)
        .order_by("-as_of", "-pk")
    )
    activities = Activity.objects.in_scope(scope).filter(
        region_id=OuterRef("code"), group=group, date__lte=on
    )
    agreements = Agreement.objects.in_scope(scope).filter(
        region_id=OuterRef("code"), group=group, signed_on__lte=on
    )
    steps = (
        open_steps(Activity.objects.in_scope(scope), on)
        .filter(region_id=OuterRef("code"), group=group)
        .order_by("-date", "-pk")
    )
    return {
        "participants": Coalesce(Subquery(count[:1]), 0),
        "target": Subquery(targets.values("head_count")[:1]),
        "covered_at": Subquery(
            targets.annotate(at=Coalesce("covered_threshold", "head_count")).values("at")[:1]
        ),
        "contacted": Exists(activities),
        "socialised": Exists(activities.filter(kind=ActivityKind.SOCIALISATION)),
        "signed": Exists(agreements),
        "next_step": Subquery(steps.values("next_step")[:1]),
        "due": Subquery(steps.values("due")[:1]),
        "owner": Subquery(steps.values("owner__username")[:1]),
    }


def _stage(
    *, participants: int, covered_at: int | None, signed: bool, socialised: bool, contacted: bool
) -> str:
    """The pipeline stage; the register decides "enrolling" and "covered", never a person."""
    if participants > 0:
        if covered_at is not None and participants >= covered_at:
            return Stage.COVERED
        return Stage.ENROLLING
    if signed:
        return Stage.AGREEMENT_SIGNED
    if socialised:
        return Stage.SOCIALISED
    if contacted:
        return Stage.CONTACTED
    return Stage.NOT_CONTACTED


def participants_by_region(
    codes: list[str], *, on: date, scope: Scope, group: str
) -> dict[str, int]:
    """Workers of `group` with an active enrolment under each of `codes` (all of one depth).

    A regency or city counts its own government and the villages below it; a province counts
    only the employers seated at the province itself, since its regencies have their own
    outreach.
    """
    tallied = _tallied(codes, on=on, scope=scope, group=group)
    if tallied is not None:
        return {code: n for code, n in tallied.items() if n}
    length = len(codes[0])
    active = Enrollment.objects.active_on(on).in_scope(scope).filter(worker__category=group)
    if length == PROVINCE_CODE_LENGTH:
        active = active.annotate(region=F("employer__region_id"))
    else:
        active = active.annotate(region=Substr("employer__region_id", 1, length))
    return dict(
        active.filter(region__in=codes)
        .order_by()
        .values("region")
        .annotate(n=Count("worker_id", distinct=True))
        .values_list("region", "n")
    )


def latest_targets(
    codes: list[str], *, on: date, scope: Scope, group: str
) -> dict[str, TargetPopulation]:
    """The latest estimate per region known on `on`."""
    latest: dict[str, TargetPopulation] = {}
    for target in (
        TargetPopulation.objects.in_scope(scope)
        .filter(region_id__in=codes, group=group, as_of__lte=on)
        .order_by("region_id", "as_of", "pk")
    ):
        latest[target.region_id] = target
    return latest


def _open_steps(codes: list[str], *, on: date, scope: Scope, group: str) -> dict[str, Activity]:
    """The latest next step still open on `on`, per region."""
    latest: dict[str, Activity] = {}
    for activity in (
        open_steps(Activity.objects.in_scope(scope), on)
        .filter(region_id__in=codes, group=group)
        .select_related("owner")
        .order_by("region_id", "date", "pk")
    ):
        latest[activity.region_id] = activity
    return latest


def open_steps(activities: QuerySet[Activity], on: date) -> QuerySet[Activity]:
    """Activities recorded by `on` whose next step was not yet closed on `on`."""
    return (
        activities.filter(date__lte=on)
        .exclude(next_step="")
        .filter(Q(next_step_closed_on__isnull=True) | Q(next_step_closed_on__gt=on))
    )


@dataclass(frozen=True)
class Timeline:
    """A region's outreach story: its stage per group, activities, agreements and targets."""

    region: Region
    on: date
    stages: list[tuple[str, StageRow]]
    activities: list[Activity]
    agreements: list[Agreement]
    targets: list[TargetPopulation]
    costs: dict[str, Simulation | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": {"code": self.region.code, "name": self.region.name},
            "on": self.on.isoformat(),
            "groups": [
                {
                    **row.as_dict(),
                    "group": group,
                    "coverage_percent": _decimal(row.coverage_percent),
                    "uncovered": row.uncovered,
                    "cost_yearly": _decimal(cost.yearly)
                    if (cost := self.costs.get(group))
                    else None,
                }
                for group, row in self.stages
            ],
            "activities": [
                {
                    "id": a.pk,
                    "date": a.date.isoformat(),
                    "kind": a.kind,
                    "group": a.group,
                    "people_met": a.people_met,
                    "attendance": a.attendance,
                    "notes": a.notes,
                    "next_step": a.next_step,
                    "due": a.due.isoformat() if a.due else None,
                    "owner": a.owner.username if a.owner else None,
                    "is_synthetic": a.is_synthetic,
                }
                for a in self.activities
            ],
            "agreements": [
                {
                    "id": a.pk,
                    "kind": a.kind,
                    "group": a.group,
                    "number": a.number,
                    "parties": a.parties,
                    "signed_on": a.signed_on.isoformat(),
                    "programs": a.programs,
                    "workers_planned": a.workers_planned,
                    "contribution_per_person": _decimal(a.contribution_per_person),
                    "budget_year": a.budget_year,
                    "expires_on": a.expires_on.isoformat() if a.expires_on else None,
                    "is_synthetic": a.is_synthetic,
                }
                for a in self.agreements
            ],
            "targets": [
                {
                    "group": t.group,
                    "head_count": t.head_count,
                    "covered_threshold": t.covered_threshold,
                    "source": t.source,
                    "as_of": t.as_of.isoformat(),
                    "is_synthetic": t.is_synthetic,
                }
                for t in self.targets
            ],
        }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def timeline(*, region: Region, on: date, scope: Scope, wage: Decimal | None = None) -> Timeline:
    """A region's stages for every group, its activities and agreements up to `on`, and the cost
    of covering whoever its targets say is still uncovered."""
    stages = [
        (group, region_stage(region=region, on=on, scope=scope, group=group))
        for group in Group.values
    ]
    shown = [
        (group, row)
        for group, row in stages
        if group == Group.NON_ASN or row.target is not None or row.stage != Stage.NOT_CONTACTED
    ]
    costs = {
        group: cost_to_cover(region=region, workers=row.uncovered, year=on.year, wage=wage)
        for group, row in shown
        if row.uncovered
    }
    return Timeline(
        region=region,
        on=on,
        stages=shown,
        activities=list(
            Activity.objects.in_scope(scope)
            .filter(region=region, date__lte=on)
            .select_related("owner")
            .order_by("-date", "-pk")
        ),
        agreements=list(
            Agreement.objects.in_scope(scope)
            .filter(region=region, signed_on__lte=on)
            .order_by("-signed_on", "-pk")
        ),
        targets=list(
            TargetPopulation.objects.in_scope(scope)
            .filter(region=region, as_of__lte=on)
            .order_by("group", "-as_of")
        ),
        costs=costs,
    )


def minimum_wage(*, region: Region, year: int) -> Decimal | None:
    """The province's minimum wage (UMP) in force on 1 January of `year`, from the rules."""
    province = region.code.split(".")[0]
    try:
        return Rules().decimal(f"wages/ump/{province}", date(year, 1, 1))
    except (KeyError, RuleError):
        return None


def cost_to_cover(
    *,
    region: Region,
    workers: int | None,
    year: int,
    wage: Decimal | None = None,
    programs: tuple[str, ...] = DEFAULT_PROGRAMS,
) -> Simulation | None:
    """A year's contributions for `workers` workers at `wage` (default: that year's UMP), from
    the rules' simulator; None when there is nobody to cover or no wage is known."""
    if not workers:
        return None
    wage = wage if wage is not None else minimum_wage(region=region, year=year)
    if wage is None:
        return None
    try:
        return simulate(
            workers=workers,
            wage=wage,
            programs=programs,
            risk_class=RiskClass.VERY_LOW,
            year=year,
            employer_kind=EMPLOYER_KIND_OF_LEVEL.get(Level(region.level)),
        )
    except RuleError:
        return None


@dataclass(frozen=True)
class ChildrenSummary:
    """The child regions of a level that has them, summarised: how many are at each stage, and
    their participants against their targets."""

    by_stage: list[tuple[str, str, int]]
    participants: int
    target: int | None
    uncovered: int | None

    @property
    def coverage_percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (Decimal(100) * self.participants / self.target).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class RegionSummary:
    """What the region page shows of outreach: the stage, target, coverage and cost to cover;
    at a level whose children are asked to cover their workers, the children's summary."""

    row: StageRow
    cost: Simulation | None
    wage: Decimal | None
    children: ChildrenSummary | None = None


def region_summary(*, region: Region, on: date, scope: Scope) -> RegionSummary:
    """The non-ASN stage of one region with its cost to cover, for the region page; for a
    province, its regencies and cities summarised (not the one employer seated there)."""
    if not accountable_children(region.code, Group.NON_ASN):
        row = region_stage(region=region, on=on, scope=scope)
        cost = cost_to_cover(region=region, workers=row.uncovered, year=on.year)
        return RegionSummary(row=row, cost=cost, wage=cost.wage if cost else None)
    row = region_stage(region=region, on=on, scope=scope)
    regions: list[tuple[str, str, tuple[int, int] | None]] = [
        (child.code, child.name, None)
        for child in Region.objects.children_of(region.code).in_scope(scope)
    ]
    children = _summarise(_stage_rows(regions, on=on, scope=scope, group=Group.NON_ASN))
    cost = cost_to_cover(region=region, workers=children.uncovered, year=on.year)
    return RegionSummary(row=row, cost=cost, wage=cost.wage if cost else None, children=children)


def _summarise(rows: list[StageRow]) -> ChildrenSummary:
    counts = dict.fromkeys(STAGE_ORDER, 0)
    for row in rows:
        counts[row.stage] += 1
    targets = [row.target for row in rows if row.target is not None]
    uncovered = [row.uncovered for row in rows if row.uncovered is not None]
    return ChildrenSummary(
        by_stage=[(stage, str(Stage(stage).label), counts[stage]) for stage in STAGE_ORDER],
        participants=sum(row.participants for row in rows),
        target=sum(targets) if targets else None,
        uncovered=sum(uncovered) if uncovered else None,
    )
