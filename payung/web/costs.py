"""The cost of covering a region's workers: known worker counts and minimum wages, and the rules.

What an outreach officer brings to a regency that registered nobody: how many workers, at what
wage, cost how much a month and a year per program, paid from which regional budget account.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from payung.core.scope import Scope, region_subtree
from payung.core.spreadsheets import CsvWriter, new_workbook
from payung.coverage.models import ReportedFigure
from payung.coverage.selectors import participants_under
from payung.employers.models import Employer, EmployerKind
from payung.enrollments.models import Enrollment
from payung.outreach.models import Group, TargetPopulation
from payung.regions.models import Level, Region
from payung.rules.errors import RuleError
from payung.rules.explanation import Explanation, Recorder
from payung.rules.formulas import Simulation, simulate
from payung.rules.formulas.budget import REGIONAL_ACCOUNTS, VILLAGE_ACCOUNTS, ProgramCost
from payung.rules.loader import load_parameters
from payung.rules.wages import UMK, UMP, MinimumWage, minimum_wage
from payung.workers.models import Category, Employment

from .explain import ShownExplanation, shown

DEFAULT_PROGRAMS = ("jkk", "jkm")
DEFAULT_RISK_CLASS = "very_low"

# Who employs a region's non-ASN workers, for the rules that depend on the employer kind.
EMPLOYER_KINDS = {
    Level.PROVINCE: EmployerKind.PROVINCIAL,
    Level.REGENCY: EmployerKind.REGENCY,
    Level.CITY: EmployerKind.CITY,
    Level.VILLAGE: EmployerKind.VILLAGE,
}

REPORTED = "reported"
REGISTER = "register"
TARGET = "target"
NONE = "none"


@dataclass(frozen=True)
class KnownWorkers:
    """How many workers a region has, as far as Payung knows, and where that number comes from."""

    count: int | None
    source: str
    on: date
    register: int
    figure: ReportedFigure | None = None
    target: TargetPopulation | None = None


def counting_day(year: int, today: date) -> date:
    """The day a year's figures are read on: the year's last day, or today within the year."""
    return min(date(year, 12, 31), today)


def known_workers(*, region: Region, year: int, scope: Scope, today: date) -> KnownWorkers:
    """The latest region-wide reported count up to the year's end, else the register's count,
    else the latest non-ASN target population of the outreach."""
    on = counting_day(year, today)
    register = participants_under(region.code, on=on, scope=scope)
    figure = (
        ReportedFigure.objects.in_scope(scope)
        .filter(region_id=region.code, employer__isnull=True, unit__isnull=True, as_of__lte=on)
        .order_by("-as_of", "-source_date", "-pk")
        .first()
    )
    if figure is not None:
        return KnownWorkers(figure.count, REPORTED, on, register, figure)
    if register:
        return KnownWorkers(register, REGISTER, on, register)
    target = (
        TargetPopulation.objects.in_scope(scope)
        .filter(region_id=region.code, group=Group.NON_ASN, as_of__lte=on)
        .order_by("-as_of", "-pk")
        .first()
    )
    if target is not None:
        return KnownWorkers(target.head_count, TARGET, on, register, target=target)
    return KnownWorkers(None, NONE, on, register)


def region_minimum_wage(*, region: Region, year: int) -> MinimumWage | None:
    """The minimum wage in force on 1 January of `year`: the region's UMK, else the UMP."""
    return minimum_wage(region_code=region.code, on=date(year, 1, 1))


@dataclass(frozen=True)
class CostLine:
    """One program's cost with its budget account and what produced it."""

    cost: ProgramCost
    explanation: ShownExplanation
    changes_in_year: bool


@dataclass(frozen=True)
class CostToCover:
    """The cost of covering a region's workers for a year, per program and in total."""

    region: Region
    simulation: Simulation
    lines: tuple[CostLine, ...]
    explanation: ShownExplanation

    @property
    def per_worker_monthly(self) -> Decimal:
        """One worker's contributions for every program, in the first month simulated."""
        return sum((line.cost.per_worker_monthly for line in self.lines), Decimal(0))


def _account_explanation(program: str, year: int, accounts: str) -> Explanation:
    """The parameter value the budget account code of `program` came from, if there is one."""
    tree = load_parameters()
    recorder = Recorder()
    path = f"{accounts}/{program}"
    if path in tree:
        recorder.record(tree[path], date(year, 1, 1))
    return recorder.explanation()


def cost_to_cover(
    *,
    region: Region,
    workers: int,
    wage: Decimal,
    year: int,
    programs: tuple[str, ...] = DEFAULT_PROGRAMS,
    risk_class: str = DEFAULT_RISK_CLASS,
    employer_kind: str | None = None,
    accounts: str = REGIONAL_ACCOUNTS,
) -> CostToCover:
    """Monthly and yearly cost per program; the rules refuse bad input with a RuleError.

    The employer is the region's government (`EMPLOYER_KINDS`) unless `employer_kind` names
    another; account codes come from `accounts` (APBD by default, APBDes for villages).
    """
    simulation = simulate(
        workers=workers,
        wage=wage,
        programs=programs,
        risk_class=risk_class,
        year=year,
        employer_kind=employer_kind or EMPLOYER_KINDS.get(Level(region.level)),
        accounts=accounts,
    )
    lines = []
    explanations = []
    for cost in simulation.programs:
        explanation = cost.explanation.merge(_account_explanation(cost.program, year, accounts))
        explanations.append(explanation)
        changes = len({month.per_worker for month in cost.months}) > 1
        lines.append(CostLine(cost, shown(explanation), changes))
    merged = Explanation(notes=simulation.notes).merge(*explanations)
    return CostToCover(region, simulation, tuple(lines), shown(merged))


@dataclass(frozen=True)
class VillageOfficials:
    """The officials of the village governments under a district or village on a day, as a
    scope sees them: how many the register holds, how many of those are covered, and the
    latest outreach target for the group."""

    governments: int
    officials: int
    covered: int
    target: TargetPopulation | None

    @property
    def known(self) -> int:
        """The register's officials, or the target when it names more."""
        return max(self.officials, self.target.head_count if self.target else 0)

    @property
    def uncovered(self) -> int:
        return max(self.known - self.covered, 0)


@dataclass(frozen=True)
class VillageCost:
    """What covering the uncovered officials of a district's or village's governments costs,
    paid from the village budget (APBDes): None without anyone to cover or a known wage."""

    officials: VillageOfficials
    year: int
    wage: MinimumWage | None
    cost: CostToCover | None


def village_officials(*, region: Region, on: date, scope: Scope) -> VillageOfficials:
    """Village officials employed on `on` by the village governments under `region` (three
    queries: governments, officials with whether each is covered, target)."""
    under = region_subtree("employer__region_id", region.code)
    governments = (
        Employer.objects.in_scope(scope)
        .filter(region_subtree("region_id", region.code), kind=EmployerKind.VILLAGE)
        .count()
    )
    covered = Enrollment.objects.active_on(on).filter(
        worker_id=OuterRef("worker_id"), employer_id=OuterRef("employer_id")
    )
    counts = (
        Employment.objects.active_on(on)
        .in_scope(scope)
        .filter(
            under, employer__kind=EmployerKind.VILLAGE, worker__category=Category.VILLAGE_OFFICIAL
        )
        .annotate(is_covered=Exists(covered))
        .aggregate(
            officials=Count("worker_id", distinct=True),
            covered=Count("worker_id", distinct=True, filter=Q(is_covered=True)),
        )
    )
    target = (
        TargetPopulation.objects.in_scope(scope)
        .filter(region_id=region.code, group=Group.VILLAGE_OFFICIALS, as_of__lte=on)
        .order_by("-as_of", "-pk")
        .first()
    )
    return VillageOfficials(governments, counts["officials"], counts["covered"], target)


def village_cost_to_cover(
    *,
    region: Region,
    on: date,
    scope: Scope,
    programs: tuple[str, ...] = DEFAULT_PROGRAMS,
    risk_class: str = DEFAULT_RISK_CLASS,
) -> VillageCost:
    """The yearly cost of covering the officials not yet covered under a district or village,
    at the minimum wage of `on`'s year, by village governments, on APBDes accounts."""
    officials = village_officials(region=region, on=on, scope=scope)
    year = on.year
    try:
        wage = region_minimum_wage(region=region, year=year)
    except RuleError:
        wage = None
    if not officials.uncovered or wage is None:
        return VillageCost(officials, year, wage, None)
    try:
        cost = cost_to_cover(
            region=region,
            workers=officials.uncovered,
            wage=wage.amount,
            year=year,
            programs=programs,
            risk_class=risk_class,
            employer_kind=EmployerKind.VILLAGE,
            accounts=VILLAGE_ACCOUNTS,
        )
    except RuleError:
        cost = None
    return VillageCost(officials, year, wage, cost)


TYPED = "typed"
SOURCE_LABELS = {
    REPORTED: "angka yang dilaporkan / reported figure",
    REGISTER: "register Payung / Payung register",
    TARGET: "target sosialisasi / outreach target",
    TYPED: "diketik / typed",
    NONE: "tidak diketahui / unknown",
    UMP: "UMP",
    UMK: "UMK",
}

type Cell = str | int | Decimal | None


def export_rows(result: CostToCover, *, workers_source: str, wage_source: str) -> list[list[Cell]]:
    """The page's table, with its inputs and sources, as rows for a CSV or a spreadsheet."""
    simulation = result.simulation
    rows: list[list[Cell]] = [
        ["Biaya perlindungan / Cost to cover", f"{result.region.name} ({result.region.code})"],
        ["Tahun / Year", simulation.year],
        ["Jumlah pekerja / Workers", simulation.workers, SOURCE_LABELS[workers_source]],
        ["Upah sebulan / Monthly wage", simulation.wage, SOURCE_LABELS[wage_source]],
        ["Tingkat risiko JKK / JKK risk class", simulation.risk_class],
        [],
        [
            "Program",
            "Kode rekening / Account code",
            "Per orang per bulan / Per person per month",
            "Per bulan / Monthly",
            "Per tahun / Yearly",
        ],
    ]
    for line in result.lines:
        cost = line.cost
        rows.append(
            [
                cost.program.upper(),
                cost.account_code,
                cost.per_worker_monthly,
                cost.monthly,
                cost.yearly,
            ]
        )
    rows.append(
        [
            "Jumlah / Total",
            None,
            result.per_worker_monthly,
            simulation.monthly,
            simulation.yearly,
        ]
    )
    rows += [
        [],
        [
            "Dasar perhitungan / Basis",
            "Nilai / Value",
            "Berlaku sejak / In force from",
            "Peraturan / Regulation",
            "Sumber / Where",
            "Keyakinan / Confidence",
        ],
    ]
    for shown_parameter in result.explanation.parameters:
        used = shown_parameter.used
        rows.append(
            [
                used.description,
                shown_parameter.value,
                used.effective_from.isoformat(),
                shown_parameter.reference,
                used.reference.where,
                used.confidence,
            ]
        )
    rows += [["Catatan / Note", note] for note in result.explanation.notes]
    return rows


def rows_as_csv(rows: list[list[Cell]]) -> str:
    """Rows as CSV text; amounts as plain decimal numbers, text never read as a formula."""
    out = io.StringIO()
    CsvWriter(out).writerows(rows)
    return out.getvalue()


def rows_as_xlsx(rows: list[list[Cell]]) -> bytes:
    """Rows as a one-sheet workbook; amounts as numbers with thousands grouping."""
    out = io.BytesIO()
    workbook = new_workbook(out, in_memory=True)
    sheet = workbook.add_worksheet("Biaya")
    amount = workbook.add_format({"num_format": "#,##0"})
    bold = workbook.add_format({"bold": True})
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 5, 22)
    for index, row in enumerate(rows):
        for column, cell in enumerate(row):
            if isinstance(cell, Decimal):
                sheet.write_number(index, column, cell, amount)
            elif isinstance(cell, int):
                sheet.write_number(index, column, cell)
            elif cell is not None:
                sheet.write_string(index, column, cell, bold if column == 0 else None)
    workbook.close()
    return out.getvalue()
