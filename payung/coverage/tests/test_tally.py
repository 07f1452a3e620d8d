"""The coverage tally agrees with a direct count of distinct covered workers after random writes
through every write path: per-object saves and deletes, the enrolment services, imports."""

import random
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F

from payung.core.scope import Scope, region_subtree
from payung.coverage.selectors import covered_counts, region_coverage
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import ANY_PROGRAM, SEATED, UNIT, CoverageTally, Enrollment
from payung.enrollments.services import end_enrollment, end_enrollments, enroll_workers
from payung.enrollments.tally import rebuild
from payung.imports.services import import_roster
from payung.imports.tests.rosters import person, write_csv
from payung.regions.models import Region
from payung.tests.factories import EnrollmentFactory, WorkerFactory
from payung.workers.models import Category, Employment, Worker

pytestmark = pytest.mark.django_db

EVERYTHING = Scope(everything=True)
PROGRAMS = ("jkk", "jkm")


def direct(code: str, day: date, program: str, category: str | None = None) -> int:
    """Distinct workers with an enrolment covering `day` under `code`, counted directly."""
    if code.startswith(UNIT):
        enrolments = Enrollment.objects.active_on(day).filter(
            worker__employments__employer=F("employer_id"),
            worker__employments__unit_id=int(code.removeprefix(UNIT)),
        )
    elif code.endswith(SEATED):
        where = {"employer__region_id": code.removesuffix(SEATED)}
        enrolments = Enrollment.objects.active_on(day).filter(**where)
    else:
        enrolments = Enrollment.objects.active_on(day).filter(
            region_subtree("employer__region_id", code)
        )
    if program != ANY_PROGRAM:
        enrolments = enrolments.filter(program=program)
    if category is not None:
        enrolments = enrolments.filter(worker__category=category)
    return enrolments.values("worker_id").distinct().count()


def assert_tally_matches(rng: random.Random, days: int = 12) -> None:
    codes = sorted(set(Employer.objects.values_list("region_id", flat=True)))
    prefixes = sorted(
        {code[:length] for code in codes for length in (2, 5, 8, 13) if len(code) >= length}
    )
    units = [f"{UNIT}{pk}" for pk in WorkUnit.objects.values_list("pk", flat=True)]
    checked = [*prefixes, *(f"{code}{SEATED}" for code in codes), *units]
    for day in [date(2017, 12, 31), date(2026, 1, 1), *_random_days(rng, days)]:
        category = rng.choice([None, *Category.values])
        counts = covered_counts(checked, on=day, category=category)
        for code in checked:
            for program in (ANY_PROGRAM, *PROGRAMS):
                expected = direct(code, day, program, category)
                assert counts.get((code, program), 0) == expected, (code, program, day, category)


def _random_days(rng: random.Random, n: int) -> list[date]:
    return [date(2018, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365)) for _ in range(n)]


def test_the_demo_tally_matches_a_direct_count():
    """After the Sultra demo (bulk created under `reconciling`), every region agrees."""
    assert_tally_matches(random.Random(1))


def test_random_writes_keep_the_tally_equal_to_a_direct_count(tmp_path):
    """Overlapping enrolments with two employers, ends, deletes, category changes and imports:
    after each round the tally equals the direct count for every region, program, category."""
    rng = random.Random(2026)
    employers = list(Employer.objects.order_by("pk"))
    workers = list(Worker.objects.order_by("pk")[:40]) + [WorkerFactory() for _ in range(10)]
    created: list[int] = []
    for round_no in range(3):
        for _ in range(15):  # per-object writes (forms, admin, factories)
            start = _random_days(rng, 1)[0]
            end = start + timedelta(days=rng.randrange(0, 900)) if rng.random() < 0.6 else None
            try:  # an overlap with the same employer is refused, and changes no count
                with transaction.atomic():
                    made = EnrollmentFactory(
                        worker=rng.choice(workers),
                        employer=rng.choice(employers),
                        program=rng.choice(PROGRAMS),
                        start_date=start,
                        end_date=end,
                        end_reason="other" if end else "",
                    )
                created.append(made.pk)
            except IntegrityError:
                pass
        enroll_workers(
            worker_ids=[w.pk for w in rng.sample(workers, 8)],
            employer=rng.choice(employers),
            programs=list(PROGRAMS),
            start=_random_days(rng, 1)[0],
            actor=None,
        )
        open_ones = Enrollment.objects.filter(end_date__isnull=True).order_by("?")
        for enrollment in list(open_ones[:3]):
            end_enrollment(
                enrollment=enrollment,
                on=max(enrollment.start_date, date(2020, 6, 30)),
                reason="other",
                actor=None,
            )
        end_enrollments(
            enrollments=Enrollment.objects.filter(employer=rng.choice(employers)),
            on=_random_days(rng, 1)[0],
            reason="employment_ended",
            actor=None,
        )
        Enrollment.objects.filter(pk__in=created[-2:]).delete()
        changed = rng.choice(workers)
        changed.category = rng.choice(Category.values)
        changed.save()
        for employment in Employment.objects.filter(worker__in=workers).order_by("?")[:3]:
            other = WorkUnit.objects.filter(employer_id=employment.employer_id).order_by("?")
            employment.unit = other.first()  # a transfer between units, or a new unit
            employment.save()
        rows = [person(f"Impor {round_no} {n}", kategori="Aparat desa") for n in range(5)]
        import_roster(
            path=write_csv(tmp_path / f"r{round_no}.csv", rows, header=["nik", "nama", "kategori"]),
            employer=rng.choice(employers),
            on=_random_days(rng, 1)[0],
            actor=None,
            mode=rng.choice(["add", "replace"]),
        )
        assert_tally_matches(rng)


def test_a_worker_with_two_employers_counts_once_per_region():
    """Enrolled with the province and with Kendari, one worker is one participant in 74."""
    province = Employer.objects.filter(region_id="74").first()
    kendari = Employer.objects.filter(region_id="74.71").first()
    assert province
    assert kendari
    worker = WorkerFactory()
    before = region_coverage(
        region=Region.objects.get(code="74"), on=date(2025, 1, 1), scope=EVERYTHING
    )
    for employer in (province, kendari):
        EnrollmentFactory(worker=worker, employer=employer, start_date=date(2024, 1, 1))
    after = region_coverage(
        region=Region.objects.get(code="74"), on=date(2025, 1, 1), scope=EVERYTHING
    )
    assert after.participants == before.participants + 1


def test_rebuild_gives_the_same_tally():
    """`payung coverage rebuild` recomputes the tally; the counts stay as they were."""
    codes = ["74", "74.71", "74.02", "74="]
    day = date(2018, 10, 31)
    before = covered_counts(codes, on=day)
    CoverageTally.objects.all().delete()
    assert covered_counts(codes, on=day) == {}
    out = StringIO()
    call_command("coverage", "rebuild", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert {k: v for k, v in covered_counts(codes, on=day).items() if v} == {
        k: v for k, v in before.items() if v
    }
    assert rebuild() > 0
