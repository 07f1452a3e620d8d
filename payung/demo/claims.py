"""Demo claims: a few synthetic cases in Sulawesi Tenggara across both regulations.

Deaths either side of 2019-12-02 (PP 44/2015 paid Rp24 juta for a JKM death, PP 82/2019
Rp42 juta), a JKK death under PP 44/2015, accidents reported on time and late (one at an
employer in arrears), and one fresh accident whose stage I report is still due. Every claim
is marked synthetic; the workflow steps are taken through the services by the demo officers.
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from payung.claims.models import Claim
from payung.claims.services import (
    add_heir,
    approve_claim,
    file_claim,
    mark_document,
    record_claim_payment,
    record_stage_two,
    submit_claim,
    verify_claim,
)
from payung.workers.models import Worker


def _worker(npp: str, unit: str | None = None, offset: int = 0) -> Worker:
    workers = Worker.objects.filter(
        is_synthetic=True,
        employments__employer__npp=npp,
        enrollments__employer__npp=npp,
        enrollments__program="jkm",
    )
    if unit:
        workers = workers.filter(employments__unit__code=unit)
    found = workers.distinct().order_by("pk")[offset]
    return found


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _receive_all(claim: Claim, actor: Any, day: date) -> None:
    for kind in claim.documents.values_list("kind", flat=True):
        mark_document(actor=actor, claim=claim, kind=kind, received_on=day)


def _paid_death(
    *,
    filer: Any,
    office: Any,
    approver: Any,
    worker: Worker,
    event: str,
    day: date,
    paid_on: date,
    heir: str,
    children: int | None = None,
) -> Claim:
    claim = file_claim(
        actor=filer,
        worker=worker,
        event=event,
        event_date=day,
        children=children,
        is_synthetic=True,
    )
    add_heir(actor=filer, claim=claim, name=heir, relation="spouse")
    submit_claim(actor=filer, claim=claim, at=_at(day.replace(day=min(day.day + 2, 28))))
    _receive_all(claim, filer, paid_on)
    verify_claim(actor=office, claim=claim)
    approve_claim(actor=approver, claim=claim)
    claim.refresh_from_db()
    record_claim_payment(
        actor=office,
        claim=claim,
        paid_on=paid_on,
        amount=claim.benefit_total,
        account_name=heir,
        account_number="0000000000",
        bank="Bank demo",
    )
    return claim


def build_demo_claims() -> int:
    """Create the demo claims once; returns how many there are."""
    if Claim.objects.filter(is_synthetic=True).exists():
        return Claim.objects.filter(is_synthetic=True).count()
    users = get_user_model().objects.in_bulk(
        ["admin", "cabang", "kendari", "damkar", "provinsi"], field_name="username"
    )
    office, approver = users["cabang"], users["admin"]
    _paid_death(
        filer=users["kendari"],
        office=office,
        approver=approver,
        worker=_worker("74710001"),
        event="jkm-death",
        day=date(2019, 11, 20),
        paid_on=date(2019, 12, 10),
        heir="Wa Ode Sinta (sintetis)",
    )
    _paid_death(
        filer=users["kendari"],
        office=office,
        approver=approver,
        worker=_worker("74710001", offset=1),
        event="jkm-death",
        day=date(2019, 12, 15),
        paid_on=date(2020, 1, 8),
        heir="Hasnah (sintetis)",
    )
    _paid_death(
        filer=users["damkar"],
        office=office,
        approver=approver,
        worker=_worker("74710001", "DAMKAR"),
        event="jkk-death",
        day=date(2019, 10, 27),
        paid_on=date(2019, 11, 29),
        heir="Rahmawati (sintetis)",
        children=1,
    )
    accident = file_claim(
        actor=users["provinsi"],
        worker=_worker("74020001"),
        event="jkk-accident",
        event_date=date(2020, 2, 10),
        event_time=time(8, 30),
        is_synthetic=True,
        stage_one={
            "place": "Kantor Dinas PU, Unaaha",
            "activity": "Memperbaiki saluran air",
            "chronology": "Terjatuh dari tangga saat membersihkan saluran (sintetis).",
            "injury": "Patah tulang lengan kiri",
            "first_facility": "RSUD Konawe",
        },
    )
    submit_claim(actor=users["provinsi"], claim=accident, at=_at(date(2020, 2, 11)))
    record_stage_two(
        actor=users["provinsi"],
        claim=accident,
        outcome="temporary",
        doctor_statement_date=date(2020, 5, 11),
        stmb_months=3,
        medical_costs=Decimal(4500000),
        transport_costs=Decimal(600000),
        transport_mode="land",
        at=_at(date(2020, 5, 12)),
    )
    _receive_all(accident, users["provinsi"], date(2020, 5, 12))
    verify_claim(actor=office, claim=accident)
    late = file_claim(
        actor=users["provinsi"],
        worker=_worker("74110001"),
        event="jkk-accident",
        event_date=date(2019, 3, 5),
        event_time=time(10, 0),
        is_synthetic=True,
        stage_one={"place": "Tirawuta", "injury": "Luka robek di kaki (sintetis)"},
    )
    submit_claim(actor=users["provinsi"], claim=late, at=_at(date(2019, 3, 9)))
    fresh_day = min(date(2026, 11, 30), timezone.localdate())
    file_claim(
        actor=users["kendari"],
        worker=_worker("74710001", "SATPOLPP"),
        event="jkk-accident",
        event_date=fresh_day,
        event_time=time(7, 15),
        is_synthetic=True,
        stage_one={"place": "Pasar Mandonga, Kendari", "injury": "Luka bakar ringan (sintetis)"},
    )
    return Claim.objects.filter(is_synthetic=True).count()
