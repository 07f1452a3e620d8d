"""Issuing certificates and rendering cards through the services."""

import signal
from datetime import date

import pytest
from django.utils import timezone

from payung.core.errors import DomainError
from payung.core.scope import Scope
from payung.core.signals import worker_starting
from payung.core.tests.processes import holding_lock
from payung.employers.models import Employer, WorkUnit
from payung.employers.selectors import resolve_employer
from payung.tests.factories import EmployerFactory, EnrollmentFactory

from .. import services
from ..models import BatchState, Certificate, DocumentBatch
from ..selectors import card_count, card_rows, initials, verify
from ..services import issue_certificate, resolve_unit
from ..tokens import card_token, certificate_token

pytestmark = pytest.mark.django_db


def test_certificate_numbers_run_per_employer_and_year():
    """Numbers count up per employer and year; the same day with the same facts reuses one."""
    employer = EmployerFactory(npp="99000001")
    EnrollmentFactory(employer=employer, start_date=date(2018, 3, 1))
    first = issue_certificate(employer=employer, actor=None, on=date(2019, 1, 5))
    assert first.number == "SKP/99000001/2019/0001"
    assert first.participants == 1
    assert first.programs == "jkk"
    assert first.effective_date == date(2018, 3, 1)
    again = issue_certificate(employer=employer, actor=None, on=date(2019, 1, 5))
    assert again.pk == first.pk
    EnrollmentFactory(employer=employer, program="jkm", start_date=date(2018, 2, 1))
    second = issue_certificate(employer=employer, actor=None, on=date(2019, 1, 5))
    assert second.number == "SKP/99000001/2019/0002"
    assert (second.participants, second.programs) == (2, "jkk,jkm")
    assert issue_certificate(employer=employer, actor=None, on=date(2020, 2, 1)).number == (
        "SKP/99000001/2020/0001"
    )
    assert first.history.count() == 1  # type: ignore[attr-defined]


def test_certificates_are_refused_without_npp_or_participants():
    """No NPP, or nobody covered on the day: refused with a stable code."""
    with pytest.raises(DomainError) as no_npp:
        issue_certificate(employer=EmployerFactory(npp=None), actor=None)
    assert no_npp.value.code == "employer_without_npp"
    with pytest.raises(DomainError) as nobody:
        issue_certificate(employer=EmployerFactory(), actor=None)
    assert nobody.value.code == "no_participants"
    assert not Certificate.objects.filter(employer__npp=None).exists()


def test_resolver_takes_an_npp_or_a_region_code():
    """`74.71` is Kendari's government, `74000001` the province; unknown ones are refused."""
    assert resolve_employer("74000001").name == "Pemerintah Provinsi Sulawesi Tenggara"
    kendari = resolve_employer(" 74.71 ")
    assert kendari.npp == "74710001"
    assert resolve_unit(kendari, "damkar").code == "DAMKAR"
    for text in ("", "12345", "99.99"):
        with pytest.raises(DomainError) as refused:
            resolve_employer(text)
        assert refused.value.code == "employer_unknown"
    with pytest.raises(DomainError):
        resolve_unit(kendari, "NOPE")


def test_card_rows_follow_the_scope_with_one_query(django_assert_num_queries):
    """A unit operator's scope yields only its unit's cards; rows come from one query."""
    kendari = Employer.objects.get(npp="74710001")
    damkar = WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    today = timezone.localdate()
    everything = Scope(everything=True)
    unit_only = Scope(region_codes=("74.71",), unit_ids=(damkar.pk,))
    with django_assert_num_queries(1):
        rows = card_rows(employer=kendari, on=today, scope=unit_only)
    assert len(rows) == card_count(employer=kendari, unit=damkar, on=today, scope=everything)
    assert len(rows) == 217
    assert card_count(employer=kendari, unit=None, on=today, scope=everything) == 1136
    assert all(row.programs == ("jkk", "jkm") for row in rows)
    assert card_count(employer=kendari, unit=None, on=date(2017, 1, 1), scope=everything) == 0


def test_verification_says_only_the_minimum():
    """Initials, employer, programs and status; a future start is 'not yet valid'."""
    assert initials("Andi  Saputra") == "A. S."
    enrollment = EnrollmentFactory(start_date=date(2030, 1, 1))
    token = card_token(worker_id=enrollment.worker_id, employer_id=enrollment.employer_id)
    result = verify(token, on=date(2026, 1, 1))
    assert result.status == "not_yet_valid"
    assert result.as_dict()["initials"] == initials(enrollment.worker.name)
    assert "nik" not in result.as_dict()
    assert verify(token, on=date(2030, 1, 1)).status == "valid"
    other = card_token(worker_id=enrollment.worker_id, employer_id=enrollment.employer_id + 999)
    assert verify(other, on=date(2030, 1, 1)).status == "unknown"
    assert verify(certificate_token(certificate_id=999_999), on=date(2030, 1, 1)).status == (
        "unknown"
    )


def test_a_batch_whose_worker_was_killed_is_failed_when_a_worker_starts(settings, tmp_path):
    """A batch left "running" by a killed worker says so once a worker starts again."""
    settings.MEDIA_ROOT = tmp_path / "media"
    batch = DocumentBatch.objects.create(
        employer=EmployerFactory(), on=date(2018, 10, 31), state=BatchState.RUNNING, total=900
    )
    with holding_lock(services._lock_path(batch.pk)) as worker:
        worker_starting.send(sender=None)
        assert services.recover_abandoned_batch(batch).state == BatchState.RUNNING
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        responses = worker_starting.send(sender=None)
    assert [batch.pk] in [ids for _, ids in responses]
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED
    assert "no cards were made" in batch.error
    assert batch.finished_at is not None


def test_a_rendered_batch_leaves_no_lock_behind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    employer = EnrollmentFactory().employer
    batch = DocumentBatch.objects.create(employer=employer, on=date(2018, 10, 31))
    assert services.run_card_batch(batch.pk).state == BatchState.DONE
    assert not services._lock_path(batch.pk).exists()
