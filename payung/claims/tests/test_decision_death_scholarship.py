"""BPJS's work-accident status decision, a death reported in stage II, and the scholarship per
child and school level."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from payung.claims.assessment import assess
from payung.claims.models import Claim
from payung.claims.selectors import overdue_claims
from payung.claims.services import (
    approve_claim,
    file_claim,
    mark_document,
    record_accident_status,
    record_stage_two,
    submit_claim,
    verify_claim,
)
from payung.core.errors import DomainError
from payung.core.scope import Scope
from payung.workers.models import Wage

from .helpers import second_branch_officer, worker_of

pytestmark = pytest.mark.django_db
KENDARI = "74710001"


def _accident(user_named, day: date) -> Claim:
    return file_claim(
        actor=user_named("kendari"),
        worker=worker_of(KENDARI),
        event="jkk-accident",
        event_date=day,
        event_time=time(8, 0),
    )


def _submitted(user_named, day: date) -> Claim:
    claim = _accident(user_named, day)
    reported = timezone.make_aware(datetime.combine(day, time(12, 0)))
    return submit_claim(actor=user_named("kendari"), claim=claim, at=reported)


def _overdue(claim: Claim, now: datetime) -> list[str]:
    items = overdue_claims(Scope(everything=True), now)
    return [item.what for item in items if item.claim.pk == claim.pk]


def test_decision_is_overdue_30_days_after_the_report_until_recorded(user_named):
    """No decision 30 days after the stage I report: on the overdue list; recorded: off it."""
    claim = _submitted(user_named, date(2024, 3, 1))
    reported = timezone.make_aware(datetime(2024, 3, 1, 12))
    assert "decision" not in _overdue(claim, reported + timedelta(days=29))
    assert "decision" in _overdue(claim, reported + timedelta(days=31))
    record_accident_status(
        actor=user_named("cabang"), claim=claim, decision="accepted", decided_on=date(2024, 4, 5)
    )
    claim.refresh_from_db()
    assert claim.accident_status == "accepted"
    assert claim.accident_status_by == user_named("cabang")
    assert "decision" not in _overdue(claim, reported + timedelta(days=31))
    assert claim.history.filter(accident_status="accepted").exists()


def test_only_the_branch_office_records_the_decision(user_named):
    """The employer side may not record BPJS's decision."""
    claim = _submitted(user_named, date(2024, 3, 1))
    with pytest.raises(DomainError) as raised:
        record_accident_status(
            actor=user_named("kendari"),
            claim=claim,
            decision="accepted",
            decided_on=date(2024, 3, 20),
        )
    assert raised.value.code == "branch_office_only"


def test_a_refused_status_blocks_approval(user_named):
    """BPJS refused the work-accident status: the claim cannot be approved."""
    claim = _submitted(user_named, date(2024, 3, 1))
    for document in claim.documents.all():
        day = date(2024, 3, 5)
        mark_document(actor=user_named("kendari"), claim=claim, kind=document.kind, received_on=day)
    record_accident_status(
        actor=user_named("cabang"), claim=claim, decision="refused", decided_on=date(2024, 3, 20)
    )
    verify_claim(actor=user_named("cabang"), claim=claim)
    with pytest.raises(DomainError) as raised:
        approve_claim(actor=second_branch_officer(), claim=claim)
    assert raised.value.code == "accident_status_refused"


def test_the_claim_page_shows_the_decision_and_its_history(user_named):
    """Pending: the due date and a clock; recorded: the decision and who recorded it, in
    the history too."""
    claim = _submitted(user_named, date(2024, 3, 1))
    client = Client()
    client.force_login(user_named("cabang"))
    body = client.get(f"/klaim/{claim.pk}/").content.decode()
    assert 'id="accident-status-form"' in body
    assert 'id="decision-clock"' in body
    response = client.post(
        f"/klaim/{claim.pk}/status-kecelakaan/",
        {"decision": "accepted", "decided_on": "2024-03-20", "note": "B/123/2024"},
    )
    assert response.status_code == 302
    body = client.get(f"/klaim/{claim.pk}/").content.decode()
    section = body.split('id="accident-status"')[1].split("</dd>")[0]
    assert 'data-status="accepted"' in section
    assert "B/123/2024" in section
    history = body.split('id="history"')[1].split("</table>")[0]
    assert "status" in history.lower()


@pytest.mark.parametrize(
    ("day", "periodic", "funeral", "regulation"),
    [
        (date(2019, 12, 1), 4800000, 3000000, "PP 44/2015"),
        (date(2019, 12, 2), 12000000, 10000000, "PP 82/2019"),
    ],
)
def test_death_in_stage_two_pays_the_jkk_death_benefit_of_the_accident_date(
    user_named, day, periodic, funeral, regulation
):
    """An accident whose stage II says death: 48 x wage, periodic and funeral by the law in
    force on the accident's date, beside the medical costs; the death documents are listed."""
    claim = _accident(user_named, day)
    record_stage_two(
        actor=user_named("kendari"),
        claim=claim,
        outcome="death",
        doctor_statement_date=day + timedelta(days=3),
        medical_costs=1500000,
    )
    claim.refresh_from_db()
    wage = Wage.objects.filter(worker=claim.worker, employer=claim.employer).first()
    assert wage is not None
    items = {line.item: line for line in claim.lines.all()}
    assert items["lump_sum"].amount == 48 * claim.wage
    assert items["periodic"].amount == periodic
    assert items["funeral"].amount == funeral
    assert items["medical"].amount == 1500000
    assert regulation in items["lump_sum"].basis
    assert claim.benefit_total == 48 * claim.wage + periodic + funeral + 1500000
    kinds = set(claim.documents.values_list("kind", flat=True))
    assert {"death_certificate", "heir_statement"} <= kinds


def _scholarship(result) -> list[int]:
    return [int(line.amount) for line in result.lines if line.item == "scholarship"]


def test_scholarship_per_child_from_its_school_level():
    """PP 82/2019: a child in SMP gets SMP 3 y x 2 jt + SMA 3 y x 3 jt + college 5 y x 12 jt
    = 75 jt at most; a child at college 60 jt; one line per child."""
    result = assess(
        worker=worker_of(KENDARI),
        event="jkk-death",
        event_date=date(2020, 1, 6),
        children=2,
        children_levels=["junior_secondary", "higher_education"],
    )
    assert _scholarship(result) == [75000000, 60000000]
    lines = [line for line in result.lines if line.item == "scholarship"]
    assert "SMP" in lines[0].basis
    assert "anak 1" in lines[0].basis


def test_scholarship_levels_under_pp44_2015_are_one_child_once():
    """PP 44/2015: one child, Rp12 juta once, whatever its level."""
    result = assess(
        worker=worker_of(KENDARI),
        event="jkk-death",
        event_date=date(2019, 12, 1),
        children=2,
        children_levels=["primary", "senior_secondary"],
    )
    assert _scholarship(result) == [12000000]


def test_scholarship_for_two_children_is_capped_and_needs_the_years_for_jkm():
    """Two children from TK/SD: 87 jt each, 174 jt together (the cap); a JKM death in 2020
    after under 3 years of contributions gives none."""
    worker = worker_of(KENDARI)
    result = assess(
        worker=worker,
        event="jkk-death",
        event_date=date(2020, 1, 6),
        children_levels=["primary", "primary"],
        children=2,
    )
    assert _scholarship(result) == [87000000, 87000000]
    early = assess(
        worker=worker,
        event="jkm-death",
        event_date=date(2020, 1, 6),
        children=1,
        children_levels=["primary"],
    )
    assert _scholarship(early) == []
    assert "no_scholarship" in [reason.code for reason in early.reasons]


def test_the_claim_form_keeps_each_childs_level(user_named):
    """Filing from the worker's page with two children and their levels: kept on the claim."""
    worker = worker_of(KENDARI)
    client = Client()
    client.force_login(user_named("kendari"))
    response = client.post(
        f"/klaim/pekerja/{worker.pk}/ajukan/",
        {
            "event": "jkk-death",
            "event_date": "2020-01-06",
            "children": "2",
            "child_1_level": "senior_secondary",
            "child_2_level": "",
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get(worker=worker)
    assert claim.children_levels == ["senior_secondary"]
    amounts = [int(line.amount) for line in claim.lines.filter(item="scholarship")]
    assert amounts == [69000000, 87000000]


def test_more_levels_than_children_is_refused(user_named):
    """Three levels for one child: refused with a stable code."""
    with pytest.raises(DomainError) as raised:
        file_claim(
            actor=user_named("kendari"),
            worker=worker_of(KENDARI),
            event="jkk-death",
            event_date=date(2020, 1, 6),
            children=1,
            children_levels=["primary", "primary"],
        )
    assert raised.value.code == "too_many_levels"
