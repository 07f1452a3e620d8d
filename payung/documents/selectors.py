"""Reads for documents: who gets a card, what a certificate states, what a token verifies."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Count, Exists, Min, OuterRef

from payung.core.scope import Scope
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment, Program
from payung.workers.models import Employment

from .models import Certificate
from .tokens import read_token

PROGRAM_ORDER = [code for code, _ in Program.choices]

Status = Literal["valid", "ended", "not_yet_valid", "unknown"]


def program_names(codes: list[str] | tuple[str, ...]) -> str:
    """ "jkk,jkm" as "JKK, JKM", in the programs' usual order."""
    return ", ".join(code.upper() for code in sorted(codes, key=_program_rank))


def _program_rank(code: str) -> int:
    return PROGRAM_ORDER.index(code) if code in PROGRAM_ORDER else len(PROGRAM_ORDER)


@dataclass(frozen=True)
class CardRow:
    """What one member card shows (the NIK is masked when printed)."""

    worker_id: int
    name: str
    nik: str
    kpj: str
    programs: tuple[str, ...]
    valid_from: date


def _card_enrollments(
    *,
    employer: Employer,
    unit: WorkUnit | None,
    on: date,
    scope: Scope,
    worker_id: int | None = None,
) -> Any:
    enrollments = Enrollment.objects.active_on(on).in_scope(scope).filter(employer=employer)
    if worker_id is not None:
        enrollments = enrollments.filter(worker_id=worker_id)
    if unit is not None:
        in_unit = Employment.objects.filter(
            worker=OuterRef("worker_id"), employer=employer, unit=unit
        )
        enrollments = enrollments.filter(Exists(in_unit))
    return enrollments


def card_count(*, employer: Employer, unit: WorkUnit | None, on: date, scope: Scope) -> int:
    """How many cards `card_rows` would give (one per worker)."""
    enrollments = _card_enrollments(employer=employer, unit=unit, on=on, scope=scope)
    return int(enrollments.aggregate(n=Count("worker_id", distinct=True))["n"])


def card_rows(
    *,
    employer: Employer,
    unit: WorkUnit | None = None,
    on: date,
    scope: Scope,
    worker_id: int | None = None,
) -> list[CardRow]:
    """One card per worker with an enrolment active on `on` with `employer` (in `unit`; only
    `worker_id`'s when given), by name.

    One query; the KPJ shown is that of the worker's earliest active enrolment.
    """
    rows = (
        _card_enrollments(employer=employer, unit=unit, on=on, scope=scope, worker_id=worker_id)
        .order_by("worker__name", "worker_id", "start_date", "program")
        .values_list("worker_id", "worker__name", "worker__nik", "program", "kpj", "start_date")
    )
    cards: list[CardRow] = []
    current: list[Any] | None = None
    for worker_id, name, nik, program, kpj, start in rows.iterator(chunk_size=5000):
        if current is None or current[0] != worker_id:
            if current is not None:
                cards.append(_card(current))
            current = [worker_id, name, nik, kpj, [program], start]
        else:
            current[4].append(program)
            current[3] = current[3] or kpj
    if current is not None:
        cards.append(_card(current))
    return cards


def _card(row: list[Any]) -> CardRow:
    worker_id, name, nik, kpj, programs, start = row
    ordered = tuple(sorted(set(programs), key=_program_rank))
    return CardRow(worker_id, name, nik, kpj or "—", ordered, start)


@dataclass(frozen=True)
class Participation:
    """An employer's participation on a day: what a certificate states."""

    participants: int
    programs: tuple[str, ...]
    effective_date: date | None


def participation(*, employer: Employer, on: date) -> Participation:
    """Workers with an active enrolment with `employer` on `on`, their programs, earliest start."""
    active = Enrollment.objects.active_on(on).filter(employer=employer)
    totals = active.aggregate(n=Count("worker_id", distinct=True), since=Min("start_date"))
    programs = set(active.order_by().values_list("program", flat=True).distinct())
    return Participation(
        participants=int(totals["n"]),
        programs=tuple(sorted(programs, key=_program_rank)),
        effective_date=totals["since"],
    )


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say: never a NIK, a wage or a full name."""

    status: Status
    kind: Literal["card", "certificate"] | None = None
    initials: str = ""
    employer: str = ""
    programs: tuple[str, ...] = field(default_factory=tuple)
    valid_from: date | None = None
    ended_on: date | None = None
    certificate_number: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "kind": self.kind,
            "initials": self.initials,
            "employer": self.employer,
            "programs": list(self.programs),
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "certificate_number": self.certificate_number,
        }


def initials(name: str) -> str:
    """ "Andi Saputra" as "A. S." — enough to match a card to its holder, not to identify one."""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part[0].isalpha())


def verify(token: str, *, on: date) -> Verification:
    """Whether the card or certificate a token names is valid on `on`, ended, or unknown."""
    subject = read_token(token)
    if subject is None:
        return Verification("unknown")
    if subject.certificate_id is not None:
        return _verify_certificate(subject.certificate_id, on)
    if subject.worker_id is not None and subject.employer_id is not None:
        return _verify_card(subject.worker_id, subject.employer_id, on)
    return Verification("unknown")


def _verify_card(worker_id: int, employer_id: int, on: date) -> Verification:
    enrollments = list(
        Enrollment.objects.filter(worker_id=worker_id, employer_id=employer_id)
        .select_related("worker", "employer")
        .order_by("start_date")
    )
    if not enrollments:
        return Verification("unknown")
    first = enrollments[0]
    active = [e for e in enrollments if e.is_active_on(on)]
    facts: dict[str, Any] = {
        "kind": "card",
        "initials": initials(first.worker.name),
        "employer": first.employer.name,
    }
    if active:
        return Verification(
            "valid",
            programs=_programs(active),
            valid_from=min(e.start_date for e in active),
            **facts,
        )
    if all(e.start_date > on for e in enrollments):
        return Verification(
            "not_yet_valid",
            programs=_programs(enrollments),
            valid_from=first.start_date,
            **facts,
        )
    ended = [e for e in enrollments if e.end_date is not None and e.end_date < on]
    return Verification(
        "ended",
        programs=_programs(ended),
        valid_from=first.start_date,
        ended_on=max(e.end_date for e in ended if e.end_date is not None),
        **facts,
    )


def _programs(enrollments: list[Enrollment]) -> tuple[str, ...]:
    return tuple(sorted({e.program for e in enrollments}, key=_program_rank))


def _verify_certificate(certificate_id: int, on: date) -> Verification:
    certificate = Certificate.objects.select_related("employer").filter(pk=certificate_id).first()
    if certificate is None:
        return Verification("unknown")
    still_covered = (
        Enrollment.objects.active_on(on)
        .filter(employer=certificate.employer, program__in=certificate.program_codes)
        .exists()
    )
    return Verification(
        "valid" if still_covered else "ended",
        kind="certificate",
        employer=certificate.employer.name,
        programs=tuple(certificate.program_codes),
        valid_from=certificate.effective_date,
        certificate_number=certificate.number,
    )
