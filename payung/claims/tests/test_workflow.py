"""The workflow: the employer side files and submits, the branch office verifies and approves
(four eyes), rejects with a reason, records the payment; scope and history at every step."""

from datetime import date
from decimal import Decimal

import pytest

from payung.claims.models import Claim, ClaimState
from payung.claims.services import (
    add_heir,
    approve_claim,
    file_claim,
    mark_document,
    record_claim_payment,
    record_stage_two,
    reject_claim,
    submit_claim,
    verify_claim,
)
from payung.core.errors import DomainError

from .helpers import second_branch_officer, worker_of

pytestmark = pytest.mark.django_db


def _refused(code: str, action, **arguments) -> None:
    with pytest.raises(DomainError) as raised:
        action(**arguments)
    assert raised.value.code == code


def _jkm(user_named, who: str = "kendari", unit: str | None = None) -> Claim:
    return file_claim(
        actor=user_named(who),
        worker=worker_of("74710001", unit),
        event="jkm-death",
        event_date=date(2019, 12, 2),
    )


def _receive_all(claim: Claim, actor) -> None:
    for document in claim.documents.all():
        mark_document(actor=actor, claim=claim, kind=document.kind, received_on=date(2019, 12, 5))


def test_jkm_claim_from_filing_to_payment(user_named):
    """Filed by Kendari, verified by one officer, approved by another, paid; history kept."""
    kendari, cabang, cabang2 = user_named("kendari"), user_named("cabang"), second_branch_officer()
    claim = _jkm(user_named)
    assert claim.state == ClaimState.DRAFT
    assert claim.benefit_total == 42000000
    assert [line.item for line in claim.lines.all()] == ["lump_sum", "periodic", "funeral"]
    assert set(claim.documents.values_list("kind", flat=True)) == {
        "member_card",
        "ktp",
        "death_certificate",
        "family_card",
        "heir_statement",
        "marriage_book",
    }
    add_heir(actor=kendari, claim=claim, name="Anak Pertama", relation="child")
    add_heir(actor=kendari, claim=claim, name="Istri", relation="spouse")
    assert [heir.relation for heir in claim.heirs.all()] == ["spouse", "child"]
    submit_claim(actor=kendari, claim=claim)
    _refused("documents_missing", verify_claim, actor=cabang, claim=claim)
    _receive_all(claim, kendari)
    verify_claim(actor=cabang, claim=claim)
    _refused("four_eyes", approve_claim, actor=cabang, claim=claim)
    approve_claim(actor=cabang2, claim=claim)
    payment = record_claim_payment(
        actor=cabang,
        claim=claim,
        paid_on=date(2019, 12, 20),
        amount=Decimal(42000000),
        account_name="Istri",
        account_number="0123456789",
        bank="BRI",
    )
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID
    assert payment.amount == 42000000
    states = list(
        claim.history.order_by("history_id").values_list("state", "history_user__username")
    )
    assert ("submitted", "kendari") in states
    assert ("verified", "cabang") in states
    assert ("approved", "cabang2") in states
    assert states[-1] == ("paid", "cabang")


def test_employer_side_may_not_verify_or_approve(user_named):
    """Only the branch office verifies, approves and pays."""
    claim = _jkm(user_named)
    submit_claim(actor=user_named("kendari"), claim=claim)
    _refused("branch_office_only", verify_claim, actor=user_named("kendari"), claim=claim)
    _refused("branch_office_only", verify_claim, actor=user_named("damkar"), claim=claim)


def test_rejection_needs_a_reason(user_named):
    """A rejection without a reason is refused; with one, it is kept."""
    cabang = user_named("cabang")
    claim = _jkm(user_named)
    submit_claim(actor=user_named("kendari"), claim=claim)
    _refused("missing_reason", reject_claim, actor=cabang, claim=claim, reason="  ")
    reject_claim(actor=cabang, claim=claim, reason="Bukan peserta pada tanggal itu")
    claim.refresh_from_db()
    assert claim.state == ClaimState.REJECTED
    assert claim.rejection_reason == "Bukan peserta pada tanggal itu"
    _refused("wrong_state", approve_claim, actor=second_branch_officer(), claim=claim)


def test_unit_operator_files_only_for_its_unit(user_named):
    """Damkar files for a Damkar worker, not for a Satpol PP worker of the same city."""
    claim = _jkm(user_named, "damkar", "DAMKAR")
    assert claim.unit is not None
    assert claim.unit.code == "DAMKAR"
    _refused(
        "not_employed_in_scope",
        file_claim,
        actor=user_named("damkar"),
        worker=worker_of("74710001", "SATPOLPP"),
        event="jkm-death",
        event_date=date(2019, 12, 2),
    )


def test_employer_files_only_for_its_own_workers(user_named):
    """Kendari's officer cannot file for a Konawe worker; the viewer files nothing."""
    _refused(
        "not_employed_in_scope",
        file_claim,
        actor=user_named("kendari"),
        worker=worker_of("74020001"),
        event="jkm-death",
        event_date=date(2019, 12, 2),
    )
    _refused(
        "read_only",
        file_claim,
        actor=user_named("pimpinan"),
        worker=worker_of("74710001"),
        event="jkm-death",
        event_date=date(2019, 12, 2),
    )


def test_stage_one_submitted_late_is_flagged(user_named):
    """A work accident submitted days after the event: report_late and the employer liable."""
    claim = file_claim(
        actor=user_named("kendari"),
        worker=worker_of("74710001"),
        event="jkk-accident",
        event_date=date(2024, 3, 1),
        stage_one={"place": "Pasar Mandonga", "injury": "Luka bakar"},
    )
    assert claim.reported_at is None
    submit_claim(actor=user_named("kendari"), claim=claim)
    claim.refresh_from_db()
    assert "report_late" in [reason["code"] for reason in claim.assessment["reasons"]]
    assert claim.employer_liable


def test_stage_two_gives_the_lines_with_their_caps(user_named):
    """Stage II: STMB months, medical without ceiling, transport capped; stored lines cite law."""
    claim = file_claim(
        actor=user_named("kendari"),
        worker=worker_of("74710001"),
        event="jkk-accident",
        event_date=date(2024, 3, 1),
    )
    record_stage_two(
        actor=user_named("kendari"),
        claim=claim,
        outcome="temporary",
        doctor_statement_date=date(2024, 5, 1),
        stmb_months=2,
        medical_costs=Decimal(12500000),
        transport_costs=Decimal(7000000),
        transport_mode="land",
    )
    claim.refresh_from_db()
    items = {line.item: line for line in claim.lines.all()}
    assert items["transport"].amount == 5000000
    assert items["medical"].amount == 12500000
    assert items["stmb"].amount == 2 * claim.wage
    assert "PP 82/2019" in items["stmb"].basis
    assert claim.assessment["explanation"]["parameters"]


def test_a_worker_dies_once(user_named):
    """A second death claim for the same worker is refused until the first is rejected."""
    arguments = {
        "actor": user_named("kendari"),
        "worker": worker_of("74710001"),
        "event": "jkk-death",
        "event_date": date(2020, 1, 6),
    }
    claim = file_claim(**arguments)
    _refused("duplicate_claim", file_claim, **arguments)
    submit_claim(actor=user_named("kendari"), claim=claim)
    reject_claim(actor=user_named("cabang"), claim=claim, reason="Salah tanggal")
    assert file_claim(**arguments).state == ClaimState.DRAFT
