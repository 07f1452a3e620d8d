"""The coverage tally agrees with a direct count after each life event of the register pages
(add, second employer, category correction, transfer, ending one enrolment, death)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from payung.coverage.selectors import covered_counts
from payung.coverage.tests.test_tally import PROGRAMS, direct
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.life_events import add_worker, end_one_enrollment, move_worker, record_death
from payung.enrollments.models import ANY_PROGRAM, SEATED, Enrollment
from payung.tests.factories import valid_nik
from payung.workers.models import Category, Employment
from payung.workers.services import correct_identity

pytestmark = pytest.mark.django_db

BORN = date(1991, 3, 14)
START = date(2026, 1, 1)
MOVED = date(2026, 4, 1)
ENDED = date(2026, 6, 30)
DIED = date(2026, 8, 10)
DAYS = [
    START - timedelta(days=1),
    START,
    MOVED - timedelta(days=1),
    MOVED,
    ENDED,
    DIED,
    DIED + timedelta(days=1),
    DIED + timedelta(days=2),
]


def assert_agrees(category: str | None = None) -> None:
    codes = sorted(set(Employer.objects.values_list("region_id", flat=True)))
    checked = sorted({code[:n] for code in codes for n in (2, 5) if len(code) >= n})
    checked += [f"{code}{SEATED}" for code in codes]
    for day in DAYS:
        counts = covered_counts(checked, on=day, category=category)
        for code in checked:
            for program in (ANY_PROGRAM, *PROGRAMS):
                expected = direct(code, day, program, category)
                assert counts.get((code, program), 0) == expected, (code, program, day)


def test_each_life_event_keeps_the_tally_equal_to_a_direct_count(user_named):
    cabang = user_named("cabang")
    kendari = Employer.objects.get(npp="74710001")
    konawe = Employer.objects.get(npp="74020001")
    common = {
        "nik": valid_nik(birth_date=BORN, sex="P"),
        "name": "Wa Ode Uji",
        "birth_date": BORN,
        "sex": "P",
        "start": START,
        "wage": Decimal(2_500_000),
        "programs": ["jkk", "jkm"],
        "actor": cabang,
    }
    worker = add_worker(
        **common, employer=kendari, unit=WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    ).worker
    assert_agrees()
    add_worker(**{**common, "programs": ["jkm"]}, employer=konawe, unit=None)
    assert_agrees()
    correct_identity(
        worker=worker,
        name=worker.name,
        birth_date=BORN,
        sex="P",
        category=Category.VILLAGE_OFFICIAL,
        actor=cabang,
        on=START,
    )
    assert_agrees(Category.VILLAGE_OFFICIAL)
    assert_agrees(Category.NON_ASN)
    move_worker(
        employment=Employment.objects.get(worker=worker, employer=kendari),
        to_employer=konawe,
        to_unit=None,
        on=MOVED,
        actor=cabang,
    )
    assert_agrees()
    jkk = Enrollment.objects.get(worker=worker, employer=konawe, program="jkk", end_date=None)
    end_one_enrollment(enrollment=jkk, on=ENDED, reason="other", actor=cabang)
    assert_agrees()
    record_death(worker=worker, died_on=DIED, actor=cabang)
    assert_agrees()
    assert_agrees(Category.VILLAGE_OFFICIAL)
