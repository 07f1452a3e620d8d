"""Writes of the claims app: filing a claim, its workflow steps, heirs, documents and payment.

Each step is one atomic function that names its actor in the claim's history. The employer side
(unit operators, region officers) files and submits claims of workers in its scope; the branch
office verifies, approves (not the officer who verified: four eyes), rejects and records the
payment.
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from payung.accounts.models import Role, RoleAssignment
from payung.core.access import scope_for
from payung.core.bounds import MONEY_PER_PERSON_MAX, date_refusal, money_refusal
from payung.core.errors import DomainError, Refusal
from payung.rules.formulas import Rules
from payung.workers.models import Worker

from .assessment import Assessment, StageTwo, assess
from .models import (
    AccidentStatus,
    BenefitLine,
    Claim,
    ClaimDocument,
    ClaimPayment,
    ClaimState,
    EventType,
    Heir,
    HeirRelation,
    Outcome,
    SchoolLevel,
)

PAYMENT_MAX = Decimal(1_000_000_000)  # Rp1 milyar: above any benefit a wage under the cap gives


def refuse(code: str, message_id: str, message_en: str, field: str = "") -> DomainError:
    """A refusal of the claims app with a stable code."""
    return DomainError(Refusal(code, message_id, message_en, field))


def _with_actor(instance: Any, actor: Any) -> Any:
    """Name the actor in the history row the next save writes."""
    instance._history_user = actor if getattr(actor, "pk", None) else None
    return instance


def is_branch_office(actor: Any) -> bool:
    """Whether the actor acts for the branch office (or is the back office)."""
    if getattr(actor, "is_superuser", False):
        return True
    if not getattr(actor, "pk", None):
        return False
    return RoleAssignment.objects.filter(user_id=actor.pk, role=Role.BRANCH_OFFICER).exists()


def _check_writer(actor: Any) -> None:
    if not scope_for(actor).can_write:
        raise refuse("read_only", "Peran Anda hanya dapat membaca", "Your role may only read")


def _check_office(actor: Any) -> None:
    if not is_branch_office(actor):
        raise refuse(
            "branch_office_only",
            "Hanya kantor cabang yang dapat melakukan langkah ini",
            "Only the branch office may take this step",
        )


def _check_state(claim: Claim, *allowed: str) -> None:
    if claim.state not in allowed:
        raise refuse(
            "wrong_state",
            f"Klaim berstatus {claim.get_state_display()}: langkah ini tidak berlaku",
            f"The claim is {claim.state}: this step does not apply",
            "state",
        )


def _checklist(event: str, on: date) -> tuple[str, ...]:
    paths = {
        EventType.JKM_DEATH: "claims/jkm/documents",
        EventType.JKK_DEATH: "claims/jkk/death_documents",
        EventType.JKK_ACCIDENT: "claims/jkk/documents",
    }
    return Rules().codes(paths[EventType(event)], on)


def _write_lines(claim: Claim, lines: list[Any], actor: Any) -> None:
    claim.lines.all().delete()
    for line in lines:
        _with_actor(
            BenefitLine(claim=claim, item=line.item, amount=line.amount, basis=line.basis[:300]),
            actor,
        ).save()


def _assessment_of(claim: Claim, actor: Any) -> Assessment:
    """The claim as it stands, assessed in the actor's scope."""
    return assess(
        worker=claim.worker,
        event=claim.event_type,
        event_date=claim.event_date,
        event_time=claim.event_time,
        reported_at=claim.reported_at,
        children=claim.children,
        children_levels=list(claim.children_levels or []),
        stage_two=StageTwo(
            stmb_months=claim.stmb_months,
            disability_percent=claim.disability_percent if claim.outcome == "partial" else None,
            total_disability=claim.outcome == "total",
            medical=claim.medical_costs,
            transport=claim.transport_costs,
            transport_mode=claim.transport_mode or "land",
            death=claim.outcome == Outcome.DEATH,
        ),
        scope=scope_for(actor) if actor is not None else None,
    )


def _apply(claim: Claim, result: Assessment) -> None:
    """Keep the answer on the claim: coverage, liability, wage, total and the references."""
    claim.covered = result.covered
    claim.employer_liable = result.employer_liable
    claim.wage = result.wage
    claim.paid_through = result.paid_through or ""
    claim.benefit_total = result.total
    claim.assessment = result.stored()


def _assess_into(claim: Claim, actor: Any) -> None:
    """Assess the claim as it stands and store the answer, lines and references."""
    result = _assessment_of(claim, actor)
    _apply(claim, result)
    _write_lines(claim, result.lines if result.covered else [], actor)


def check_children_levels(
    children: int | None, levels: list[str] | None
) -> tuple[int | None, list[str]]:
    """The children and their school levels as a claim keeps them: a level per child ("" when
    not stated); levels alone give the number of children."""
    levels = [level.strip() for level in levels or []]
    for level in levels:
        if level and level not in SchoolLevel.values:
            raise refuse(
                "unknown_school_level",
                f"Tingkat pendidikan tidak dikenal: {level}",
                f"Unknown school level: {level}",
                "children_levels",
            )
    while levels and not levels[-1]:
        levels.pop()
    if children is None and levels:
        children = len(levels)
    if children is not None and len(levels) > children:
        raise refuse(
            "too_many_levels",
            f"{len(levels)} tingkat pendidikan untuk {children} anak",
            f"{len(levels)} school levels for {children} children",
            "children_levels",
        )
    return children, levels


def file_claim(
    *,
    actor: Any,
    worker: Worker,
    event: str,
    event_date: date,
    event_time: time | None = None,
    children: int | None = None,
    children_levels: list[str] | None = None,
    stage_one: dict[str, str] | None = None,
    is_synthetic: bool = False,
) -> Claim:
    """A draft claim for a worker the actor's scope employs on the event's date, assessed."""
    _check_writer(actor)
    children, levels = check_children_levels(children, children_levels)
    if event not in EventType.values:
        raise refuse(
            "unknown_event",
            f"Peristiwa tidak dikenal: {event}",
            f"Unknown event: {event}",
            "event",
        )
    if refused := date_refusal(event_date, "event_date"):
        raise DomainError(refused)
    if event_date > timezone.localdate():
        raise refuse(
            "event_in_future",
            "Tanggal peristiwa belum terjadi",
            "The event's date is in the future",
            "event_date",
        )
    earlier = Claim.objects.filter(worker=worker).exclude(state=ClaimState.REJECTED)
    if event == EventType.JKK_ACCIDENT:
        earlier = earlier.filter(event_type=event, event_date=event_date)
    else:
        earlier = earlier.exclude(event_type=EventType.JKK_ACCIDENT)
    if earlier.exists():
        raise refuse(
            "duplicate_claim",
            "Sudah ada klaim untuk peristiwa ini (tolak dulu yang lama untuk mengajukan ulang)",
            "A claim for this event exists already (reject it first to file again)",
            "event",
        )
    scope = scope_for(actor)
    result = assess(
        worker=worker,
        event=event,
        event_date=event_date,
        event_time=event_time,
        children=children,
        children_levels=levels,
        scope=scope,
    )
    if result.employer is None:
        raise refuse(
            "not_employed_in_scope",
            "Pekerja tidak bekerja pada pemberi kerja/unit Anda pada tanggal itu",
            "The worker was not employed by your employer or unit on that date",
            "worker",
        )
    with transaction.atomic():
        claim = Claim(
            worker=worker,
            employer=result.employer,
            unit_id=result.unit_id,
            event_type=event,
            event_date=event_date,
            event_time=event_time,
            children=children,
            children_levels=levels,
            created_by=actor if getattr(actor, "pk", None) else None,
            is_synthetic=is_synthetic,
            **(stage_one or {}),
        )
        _apply(claim, result)
        _with_actor(claim, actor).save()
        _write_lines(claim, result.lines if result.covered else [], actor)
        for kind in _checklist(event, event_date):
            _with_actor(ClaimDocument(claim=claim, kind=kind), actor).save()
    return claim


def submit_claim(*, actor: Any, claim: Claim, at: datetime | None = None) -> Claim:
    """The employer submits the claim; a work accident's stage I report is dated now."""
    _check_writer(actor)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.DRAFT)
        now = at or timezone.now()
        claim.state = ClaimState.SUBMITTED
        claim.submitted_at = now
        if claim.reported_at is None:
            claim.reported_at = now
        _assess_into(claim, actor)
        _with_actor(claim, actor).save()
    return claim


def record_stage_two(
    *,
    actor: Any,
    claim: Claim,
    outcome: str,
    doctor_statement_date: date,
    stmb_months: int | None = None,
    disability_percent: Decimal | None = None,
    medical_costs: Decimal | None = None,
    transport_costs: Decimal | None = None,
    transport_mode: str = "",
    at: datetime | None = None,
) -> Claim:
    """The stage II report of a work accident: the doctor's statement and the amounts claimed."""
    _check_writer(actor)
    for value, name in ((medical_costs, "medical_costs"), (transport_costs, "transport_costs")):
        if refused := money_refusal(value, name, maximum=MONEY_PER_PERSON_MAX * 10, places=2):
            raise DomainError(refused)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.DRAFT, ClaimState.SUBMITTED)
        if claim.event_type != EventType.JKK_ACCIDENT:
            raise refuse(
                "not_an_accident",
                "Laporan tahap II hanya untuk kecelakaan kerja",
                "A stage II report is for work accidents only",
            )
        claim.outcome = outcome
        claim.doctor_statement_date = doctor_statement_date
        claim.stage2_reported_at = at or timezone.now()
        claim.stmb_months = stmb_months
        claim.disability_percent = disability_percent
        claim.medical_costs = medical_costs
        claim.transport_costs = transport_costs
        claim.transport_mode = transport_mode
        _assess_into(claim, actor)
        _with_actor(claim, actor).save()
        if outcome == Outcome.DEATH:
            listed = set(claim.documents.values_list("kind", flat=True))
            for kind in _checklist(EventType.JKK_DEATH, claim.event_date):
                if kind not in listed:
                    _with_actor(ClaimDocument(claim=claim, kind=kind), actor).save()
    return claim


def record_accident_status(
    *,
    actor: Any,
    claim: Claim,
    decision: str,
    decided_on: date,
    note: str = "",
) -> Claim:
    """BPJS's decision whether the reported accident is a work accident (the branch office
    records it; due `claims/jkk/status_decision_days` after the stage I report)."""
    _check_office(actor)
    if decision not in AccidentStatus.values:
        raise refuse(
            "unknown_decision",
            f"Keputusan tidak dikenal: {decision}",
            f"Unknown decision: {decision}",
            "decision",
        )
    if refused := date_refusal(decided_on, "decided_on"):
        raise DomainError(refused)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.SUBMITTED, ClaimState.VERIFIED)
        if claim.program != "jkk":
            raise refuse(
                "not_an_accident",
                "Keputusan status kecelakaan kerja hanya untuk klaim JKK",
                "A work-accident status decision is for JKK claims only",
            )
        if decided_on < claim.event_date or decided_on > timezone.localdate():
            raise refuse(
                "decision_date_out_of_range",
                "Tanggal keputusan harus antara tanggal kecelakaan dan hari ini",
                "The decision's date must be between the accident and today",
                "decided_on",
            )
        claim.accident_status = decision
        claim.accident_status_on = decided_on
        claim.accident_status_by = actor if getattr(actor, "pk", None) else None
        claim.accident_status_note = note.strip()[:200]
        _with_actor(claim, actor).save()
    return claim


def verify_claim(*, actor: Any, claim: Claim) -> Claim:
    """The branch office checked the documents and the assessment."""
    _check_office(actor)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.SUBMITTED)
        missing = claim.documents.filter(received_on__isnull=True).count()
        if missing:
            raise refuse(
                "documents_missing",
                f"{missing} dokumen belum diterima",
                f"{missing} documents not yet received",
                "documents",
            )
        claim.state = ClaimState.VERIFIED
        claim.verified_by = actor
        claim.verified_at = timezone.now()
        _with_actor(claim, actor).save()
    return claim


def approve_claim(*, actor: Any, claim: Claim) -> Claim:
    """A second officer of the branch office approves (never the one who verified)."""
    _check_office(actor)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.VERIFIED)
        if claim.verified_by_id == actor.pk:
            raise refuse(
                "four_eyes",
                "Petugas yang memverifikasi tidak boleh menyetujui klaim yang sama",
                "The officer who verified may not approve the same claim",
            )
        if claim.accident_status == AccidentStatus.REFUSED:
            raise refuse(
                "accident_status_refused",
                "BPJS tidak menerima kecelakaan ini sebagai kecelakaan kerja: tolak dengan alasan",
                "BPJS did not accept the accident as a work accident: reject it with a reason",
            )
        if not claim.covered:
            raise refuse(
                "not_covered",
                "Klaim tidak tercakup: tolak dengan alasan",
                "The claim is not covered: reject it with a reason",
            )
        claim.state = ClaimState.APPROVED
        claim.approved_by = actor
        claim.approved_at = timezone.now()
        claim.decided_at = claim.approved_at
        _with_actor(claim, actor).save()
    return claim


def reject_claim(*, actor: Any, claim: Claim, reason: str) -> Claim:
    """The branch office rejects a claim with a reason."""
    _check_office(actor)
    reason = reason.strip()
    if not reason:
        raise refuse(
            "missing_reason", "Alasan penolakan wajib diisi", "A reason is required", "reason"
        )
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.SUBMITTED, ClaimState.VERIFIED)
        claim.state = ClaimState.REJECTED
        claim.rejection_reason = reason
        claim.decided_at = timezone.now()
        _with_actor(claim, actor).save()
    return claim


def record_claim_payment(
    *,
    actor: Any,
    claim: Claim,
    paid_on: date,
    amount: Decimal,
    account_name: str,
    account_number: str,
    bank: str = "",
) -> ClaimPayment:
    """The benefit paid to the heir's or the worker's account; the claim is then paid."""
    _check_office(actor)
    if refused := money_refusal(amount, "amount", maximum=PAYMENT_MAX, places=2):
        raise DomainError(refused)
    if refused := date_refusal(paid_on, "paid_on"):
        raise DomainError(refused)
    if not account_name.strip() or not account_number.strip():
        raise refuse(
            "missing_account",
            "Nama dan nomor rekening wajib diisi",
            "The account's name and number are required",
            "account_number",
        )
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_state(claim, ClaimState.APPROVED)
        if paid_on < claim.event_date:
            raise refuse(
                "paid_before_event",
                "Tanggal bayar sebelum peristiwa",
                "The payment date is before the event",
                "paid_on",
            )
        payment = ClaimPayment(
            claim=claim,
            paid_on=paid_on,
            amount=Decimal(amount),
            account_name=account_name.strip(),
            account_number=account_number.strip(),
            bank=bank.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _with_actor(payment, actor).save()
        claim.state = ClaimState.PAID
        _with_actor(claim, actor).save()
    return payment


def add_heir(*, actor: Any, claim: Claim, name: str, relation: str, nik: str = "") -> Heir:
    """An heir of a deceased worker, ranked by the legal order of the relation."""
    _check_writer(actor)
    if relation not in HeirRelation.values:
        raise refuse(
            "unknown_relation",
            f"Hubungan tidak dikenal: {relation}",
            f"Unknown relation: {relation}",
            "relation",
        )
    if not name.strip():
        raise refuse("missing_name", "Nama wajib diisi", "A name is required", "name")
    if nik and (len(nik) != 16 or not nik.isdigit()):
        raise refuse("invalid_nik", "NIK harus 16 angka", "A NIK has 16 digits", "nik")
    _check_state(claim, ClaimState.DRAFT, ClaimState.SUBMITTED)
    order = Rules().codes("claims/jkm/heir_order", claim.event_date)
    rank = order.index(relation) + 1 if relation in order else len(order) + 1
    heir = Heir(claim=claim, name=name.strip(), relation=relation, nik=nik, rank=rank)
    _with_actor(heir, actor).save()
    return heir


def mark_document(
    *, actor: Any, claim: Claim, kind: str, received_on: date | None
) -> ClaimDocument:
    """Mark a checklist document received on a day (or not received: None)."""
    _check_writer(actor)
    _check_state(claim, ClaimState.DRAFT, ClaimState.SUBMITTED)
    document = ClaimDocument.objects.filter(claim=claim, kind=kind).first()
    if document is None:
        raise refuse(
            "unknown_document",
            f"Dokumen {kind} tidak ada di daftar klaim ini",
            f"Document {kind} is not on this claim's checklist",
            "kind",
        )
    if refused := date_refusal(received_on, "received_on"):
        raise DomainError(refused)
    document.received_on = received_on
    _with_actor(document, actor).save()
    return document
