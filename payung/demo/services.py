"""`payung demo`: Sulawesi Tenggara as of October 2018, built set-based and idempotently."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from payung.accounts.models import Role, RoleAssignment, SyntheticAccount
from payung.core.errors import DomainError, Refusal
from payung.core.history import CREATED, record_bulk_history
from payung.coverage.models import ReportedFigure
from payung.employers.models import Employer, RiskClass, WorkUnit
from payung.enrollments.models import Enrollment, Program
from payung.enrollments.tally import reconciling
from payung.regions.models import BranchOffice, Region
from payung.regions.services import load_sultra
from payung.workers.models import Category, Employment, Sex, Wage, Worker
from payung.workers.nik import make_nik

from . import data
from .billing import build_demo_bills
from .claims import build_demo_claims
from .outreach import build_outreach

HISTORY_REASON = "Demo Sultra 2018 (data sintetis / synthetic)"
KPJ_2018, KPJ_2022 = 18_000_000_001, 22_000_000_001  # the first synthetic KPJ number of each


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    covers: str


@dataclass(frozen=True)
class DemoResult:
    created: bool
    workers: int
    users: list[DemoUser]


DEMO_USERNAMES = ("admin", "cabang", "provinsi", "kendari", "damkar", "pimpinan")


class NotADemoDatabase(DomainError):
    """The database holds real data: the demo (and its published password) stays out of it."""


def non_demo_data() -> dict[str, int]:
    """What in the database the demo did not make: real workers, employers and accounts."""
    _adopt_demo_accounts()
    accounts = get_user_model().objects.exclude(pk__in=SyntheticAccount.objects.values("user_id"))
    counts = {
        "workers": Worker.objects.filter(is_synthetic=False).count(),
        "employers": Employer.objects.filter(is_synthetic=False).count(),
        "users": accounts.count(),
    }
    return {kind: count for kind, count in counts.items() if count}


def _adopt_demo_accounts() -> None:
    """Mark the demo's accounts made before they were marked: demo names that still open
    with the published password (only those unmarked are checked; each check costs ~0.5 s)."""
    unmarked = get_user_model().objects.filter(
        username__in=DEMO_USERNAMES, synthetic_account__isnull=True
    )
    for user in unmarked:
        if user.check_password(data.DEMO_PASSWORD):
            SyntheticAccount.objects.get_or_create(user=user)


def refuse_unless_demo_database() -> None:
    """Raise `NotADemoDatabase` when the database holds anything the demo did not make."""
    found = non_demo_data()
    if not found:
        return
    names_id = {"workers": "pekerja", "employers": "pemberi kerja", "users": "akun pengguna"}
    listed_id = ", ".join(f"{count:,} {names_id[kind]}" for kind, count in found.items())
    listed_en = ", ".join(f"{count:,} {kind}" for kind, count in found.items())
    raise NotADemoDatabase(
        Refusal(
            "not_a_demo_database",
            f"Basis data ini memuat data yang bukan dari demo ({listed_id}). `payung demo` hanya "
            "berjalan pada basis data kosong atau basis data demo, agar akun demo dengan kata "
            "sandi yang diumumkan tidak pernah ada di samping data sungguhan.",
            f"This database holds data the demo did not make ({listed_en}). `payung demo` runs "
            "only on an empty or a demo database, so that demo accounts with a published "
            "password never sit beside real data.",
        )
    )


def build_demo(*, seed: int = 2018) -> DemoResult:
    """Create the demo once; a second call changes nothing and reports what is there.

    Refused (`NotADemoDatabase`) on a database that holds real data: the demo's accounts,
    a superuser among them, have a published password and exist only on a demo database.
    """
    with transaction.atomic():
        refuse_unless_demo_database()
        load_sultra()
        office = _branch_office()
        created = not Employer.objects.filter(npp=data.EMPLOYERS[0].npp).exists()
        if created:
            _build_employers(office, data.EMPLOYERS, data.REPORTED, random.Random(seed), KPJ_2018)
        later = [s for s in data.LATER_EMPLOYERS if not Employer.objects.filter(npp=s.npp).exists()]
        if later:  # on its own random stream: the 2018 workers stay as they were
            reported = [row for row in data.LATER_REPORTED if row[0] in {s.region for s in later}]
            _build_employers(office, later, reported, random.Random(seed + 4), KPJ_2022)
        build_demo_bills()
        users = _users(office)
        build_outreach()
        build_demo_claims()
    workers = Worker.objects.filter(is_synthetic=True).count()
    return DemoResult(created=created, workers=workers, users=users)


def _branch_office() -> BranchOffice:
    office, _ = BranchOffice.objects.get_or_create(
        code=data.BRANCH_CODE, defaults={"name": data.BRANCH_NAME}
    )
    office.regions.add(Region.objects.get(code="74"))
    return office


def _build_employers(
    office: BranchOffice,
    specs: Sequence[data.DemoEmployer],
    reported: Sequence[tuple[Any, ...]],
    rng: random.Random,
    first_kpj: int,
) -> None:
    """Employers with their units, synthetic workers and the figures reported about them."""
    employers = _employers(office, specs)
    _workers(specs, employers, rng, first_kpj)
    _reported_figures(employers, reported)


def _employers(office: BranchOffice, specs: Sequence[data.DemoEmployer]) -> dict[str, Employer]:
    employers = {}
    for spec in specs:
        employer = Employer.objects.create(
            kind=spec.kind,
            region_id=spec.region,
            name=spec.name,
            npp=spec.npp,
            risk_class=RiskClass.VERY_LOW,
            branch_office=office,
            is_synthetic=True,
        )
        WorkUnit.objects.bulk_create(
            WorkUnit(employer=employer, code=unit.code, name=unit.name) for unit in spec.units
        )
        employers[spec.npp] = employer
    record_bulk_history(
        WorkUnit.objects.filter(employer__in=employers.values()),
        history_type=CREATED,
        reason=HISTORY_REASON,
    )
    return employers


def _workers(
    specs: Sequence[data.DemoEmployer],
    employers: dict[str, Employer],
    rng: random.Random,
    first_kpj: int,
) -> None:
    """Synthetic workers with valid NIKs, employed in their units, enrolled in JKK and JKM."""
    units = {
        (u.employer_id, u.code): u for u in WorkUnit.objects.filter(employer__in=employers.values())
    }
    workers, placements = [], []
    serials: dict[tuple[str, date], int] = {}
    for spec in specs:
        employer = employers[spec.npp]
        for unit_spec in spec.units:
            unit = units[(employer.pk, unit_spec.code)]
            for _ in range(unit_spec.workers):
                worker, wage = _synthetic_worker(spec, rng, serials)
                workers.append(worker)
                placements.append((worker, employer, unit, spec.start, wage))
    Worker.objects.bulk_create(workers, batch_size=2000)
    by_nik = dict(Worker.objects.filter(is_synthetic=True).values_list("nik", "pk"))
    Employment.objects.bulk_create(
        (
            Employment(worker_id=by_nik[worker.nik], employer=employer, unit=unit, start_date=start)
            for worker, employer, unit, start, _ in placements
        ),
        batch_size=2000,
    )
    Wage.objects.bulk_create(
        (
            Wage(worker_id=by_nik[worker.nik], employer=employer, start_date=start, amount=wage)
            for worker, employer, _, start, wage in placements
        ),
        batch_size=2000,
    )
    kpj_numbers = iter(range(first_kpj, first_kpj + len(placements)))
    employer_ids = ", ".join(str(employer.pk) for employer in employers.values())
    # The workers are new: the tally gains their enrolments (see payung.enrollments.tally).
    with reconciling(
        f"SELECT worker_id FROM workers_employment WHERE employer_id IN ({employer_ids})"
    ):
        Enrollment.objects.bulk_create(
            (
                Enrollment(
                    worker_id=by_nik[worker.nik],
                    employer=employer,
                    program=program,
                    start_date=start,
                    kpj=str(kpj),
                )
                for (worker, employer, _, start, _), kpj in zip(
                    placements, kpj_numbers, strict=True
                )
                for program in (Program.JKK, Program.JKM)
            ),
            batch_size=2000,
        )
    built = list(employers.values())
    for queryset in (
        Worker.objects.filter(
            pk__in=Employment.objects.filter(employer__in=built).values("worker_id")
        ),
        Employment.objects.filter(employer__in=built),
        Wage.objects.filter(employer__in=built),
        Enrollment.objects.filter(employer__in=built),
    ):
        record_bulk_history(queryset, history_type=CREATED, reason=HISTORY_REASON)


def _synthetic_worker(
    spec: data.DemoEmployer, rng: random.Random, serials: dict[tuple[str, date], int]
) -> tuple[Worker, Decimal]:
    """A synthetic worker and the wage their employer declares for them."""
    sex = rng.choice((Sex.MALE, Sex.MALE, Sex.FEMALE))
    given = rng.choice(data.GIVEN_MALE if sex == Sex.MALE else data.GIVEN_FEMALE)
    birth_date = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 33))
    district = f"{spec.region}.{rng.randint(1, data.DISTRICTS.get(spec.region, 10)):02d}"
    if "." not in spec.region:
        district = f"74.71.{rng.randint(1, 11):02d}"  # the province's staff live around Kendari
    key = (district, birth_date)
    serials[key] = serials.get(key, 0) + 1
    worker = Worker(
        nik=make_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serials[key]),
        name=f"{given} {rng.choice(data.FAMILY)}",
        birth_date=birth_date,
        sex=sex,
        category=Category.NON_ASN,
        is_synthetic=True,
    )
    return worker, rng.choice(spec.wages)


def _reported_figures(employers: dict[str, Employer], reported: Sequence[tuple[Any, ...]]) -> None:
    units = {(u.employer.npp, u.code): u for u in WorkUnit.objects.select_related("employer")}
    for region, npp, unit_code, count, source, as_of in reported:
        note = source["note"]
        if region == "74.71" and npp is None:
            note = f"{note} {data.KENDARI_DIFFERENCE_NOTE}"
        ReportedFigure.objects.create(
            region_id=region,
            employer=employers[npp] if npp else None,
            unit=units[(npp, unit_code)] if unit_code else None,
            as_of=as_of,
            count=count,
            programs="jkk,jkm",
            source_title=source["source_title"],
            source_publisher=source["source_publisher"],
            source_date=source["source_date"],
            note=note,
        )


def _users(office: BranchOffice) -> list[DemoUser]:
    kendari_damkar = WorkUnit.objects.get(employer__npp="74710001", code="DAMKAR")
    specs: list[tuple[str, str, dict[str, Any], str]] = [
        ("cabang", Role.BRANCH_OFFICER, {"branch_office": office}, data.BRANCH_NAME),
        ("provinsi", Role.REGION_OFFICER, {"region_id": "74"}, "74 Sulawesi Tenggara"),
        ("kendari", Role.REGION_OFFICER, {"region_id": "74.71"}, "74.71 Kota Kendari"),
        ("damkar", Role.UNIT_OPERATOR, {"unit": kendari_damkar}, "Damkar Kota Kendari"),
        ("pimpinan", Role.VIEWER, {"region_id": "74"}, "74 Sulawesi Tenggara (baca saja)"),
    ]
    User = get_user_model()
    password = make_password(data.DEMO_PASSWORD)  # hashed once: each hash costs ~0.7 s
    admin, _ = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "password": password}
    )
    SyntheticAccount.objects.get_or_create(user=admin)
    users = [DemoUser("admin", "superuser", "semua / everything")]
    for username, role, covers, label in specs:
        user, _ = User.objects.get_or_create(username=username, defaults={"password": password})
        SyntheticAccount.objects.get_or_create(user=user)
        RoleAssignment.objects.update_or_create(user=user, defaults={"role": role, **covers})
        users.append(DemoUser(username, role, label))
    return users
