"""The no-overlap rule is enforced by the database itself, on SQLite and PostgreSQL."""

import threading
import time
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from payung.enrollments.models import Enrollment
from payung.regions.services import load_sultra
from payung.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def insert_raw(template: Enrollment, start: date, end: date | None) -> None:
    """Insert through a bulk write, which skips every Python-side check."""
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                worker=template.worker,
                employer=template.employer,
                program=template.program,
                start_date=start,
                end_date=end,
                end_reason="other" if end else "",
            )
        ]
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2018, 6, 1), None),
        (date(2018, 12, 31), date(2019, 1, 5)),
        (date(2017, 1, 1), date(2018, 1, 1)),
    ],
)
def test_overlapping_enrolment_is_refused(start, end):
    """A second enrolment sharing a day with an existing one raises IntegrityError."""
    existing = EnrollmentFactory(
        start_date=date(2018, 1, 1), end_date=date(2018, 12, 31), end_reason="other"
    )
    with pytest.raises(IntegrityError, match="enrollment_no_overlap"), transaction.atomic():
        insert_raw(existing, start, end)


def test_adjacent_and_other_program_are_allowed():
    """The day after an end, or another program, is no overlap."""
    existing = EnrollmentFactory(
        start_date=date(2018, 1, 1), end_date=date(2018, 12, 31), end_reason="other"
    )
    insert_raw(existing, date(2019, 1, 1), None)
    EnrollmentFactory(
        worker=existing.worker,
        employer=existing.employer,
        program="jkm",
        start_date=date(2018, 1, 1),
    )
    assert Enrollment.objects.filter(worker=existing.worker).count() == 3


def test_update_into_an_overlap_is_refused():
    """Moving an enrolment's start into another one's period is refused too."""
    first = EnrollmentFactory(
        start_date=date(2018, 1, 1), end_date=date(2018, 6, 30), end_reason="other"
    )
    second = EnrollmentFactory(
        worker=first.worker, employer=first.employer, start_date=date(2018, 7, 1)
    )
    with pytest.raises(IntegrityError, match="enrollment_no_overlap"), transaction.atomic():
        Enrollment.objects.filter(pk=second.pk).update(start_date=date(2018, 6, 1))


def test_end_before_start_is_refused():
    """An enrolment cannot end before it starts."""
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(
            start_date=date(2018, 7, 1), end_date=date(2018, 6, 1), end_reason="other"
        )


def test_two_new_rows_overlapping_each_other_are_refused():
    """One statement writing two overlapping enrolments (no row in the table yet) fails."""
    existing = EnrollmentFactory(program="jkm", start_date=date(2018, 1, 1))
    template = Enrollment(worker=existing.worker, employer=existing.employer, program="jkk")
    rows = [
        Enrollment(
            worker=template.worker,
            employer=template.employer,
            program="jkk",
            start_date=start,
            end_reason="",
        )
        for start in (date(2018, 1, 1), date(2018, 3, 1))
    ]
    with pytest.raises(IntegrityError, match="enrollment_no_overlap"), transaction.atomic():
        Enrollment.objects.bulk_create(rows)


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_cannot_both_overlap():
    """Two transactions insert overlapping enrolments at once: the second to commit fails.

    On PostgreSQL the check is a statement trigger that takes a lock per employer before it
    looks; without that lock neither transaction would see the other's uncommitted row.
    """
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises whole transactions)")
    load_sultra()  # an earlier transactional test may have flushed the migrations' regions
    existing = EnrollmentFactory(
        start_date=date(2018, 1, 1), end_date=date(2018, 1, 31), end_reason="other"
    )
    first_inserted = threading.Event()
    outcomes: dict[str, BaseException | None] = {}

    def write(name: str, start: date, hold: bool) -> None:
        try:
            with transaction.atomic():
                insert_raw(existing, start, None)
                if hold:
                    first_inserted.set()
                    time.sleep(0.5)  # the other writer's statement runs and waits meanwhile
            outcomes[name] = None
        except BaseException as error:
            outcomes[name] = error
        finally:
            connection.close()

    first = threading.Thread(target=write, args=("first", date(2018, 3, 1), True))
    first.start()
    assert first_inserted.wait(10)
    second = threading.Thread(target=write, args=("second", date(2018, 6, 1), False))
    second.start()
    first.join(20)
    second.join(20)
    assert outcomes["first"] is None
    assert isinstance(outcomes["second"], IntegrityError)
    assert "enrollment_no_overlap" in str(outcomes["second"])
    assert Enrollment.objects.filter(worker=existing.worker, program=existing.program).count() == 2
