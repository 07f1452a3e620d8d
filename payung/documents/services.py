"""Writes for documents: issue a certificate, render member cards now or as a background batch."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from payung.core import locks
from payung.core.access import scope_for
from payung.core.errors import DomainError, Refusal
from payung.core.scope import Scope
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Program

from .models import BatchState, Certificate, DocumentBatch
from .rendering import CardSheetHeading, CertificateContent, render_cards, render_certificate
from .selectors import card_count, card_rows, participation
from .tokens import certificate_token, verify_url

# Above this many cards a page hands the work to the task worker and shows its progress.
BACKGROUND_ABOVE = 300

ABANDONED = (
    "Proses berhenti sebelum selesai (pekerja latar dihentikan); tidak ada kartu yang dibuat. "
    "Minta kartu lagi. / The process stopped before it finished (the background worker was "
    "stopped); no cards were made. Request the cards again."
)


class DocumentError(DomainError):
    """A document could not be issued or rendered."""


def refuse(code: str, message_id: str, message_en: str, field: str = "") -> DocumentError:
    return DocumentError(Refusal(code, message_id, message_en, field))


def resolve_unit(employer: Employer, text: str) -> WorkUnit:
    """A work unit of `employer` by its code (e.g. DAMKAR) or id."""
    text = text.strip()
    units = WorkUnit.objects.filter(employer=employer)
    found = units.filter(code__iexact=text).first()
    if found is None and text.isdigit():
        found = units.filter(pk=int(text)).first()
    if found is None:
        raise refuse(
            "unknown_unit",
            f"Unit kerja tidak dikenal di {employer.name}: {text!r}",
            f"Unknown work unit of {employer.name}: {text!r}",
            "unit",
        )
    return found


def issue_certificate(*, employer: Employer, actor: Any, on: date | None = None) -> Certificate:
    """Number and record a participation certificate stating the employer's cover on `on`.

    Issuing again on the same day with the same facts gives the same certificate. Numbers run
    per employer and year; two issuers at once cannot take the same number
    (a unique constraint; the loser retries with the next one).
    """
    on = on or timezone.localdate()
    if not employer.npp:
        raise refuse(
            "employer_without_npp",
            "Pemberi kerja belum memiliki NPP; sertifikat tidak dapat diterbitkan",
            "The employer has no NPP yet; no certificate can be issued",
            "employer",
        )
    facts = participation(employer=employer, on=on)
    if not facts.participants or facts.effective_date is None:
        raise refuse(
            "no_participants",
            f"{employer.name} tidak memiliki peserta aktif pada {on.isoformat()}",
            f"{employer.name} has no active participants on {on.isoformat()}",
            "employer",
        )
    programs = ",".join(facts.programs)
    same_day = Certificate.objects.filter(
        employer=employer,
        issued_on=on,
        programs=programs,
        participants=facts.participants,
        effective_date=facts.effective_date,
    ).first()
    if same_day is not None:
        return same_day
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = Certificate.objects.filter(employer=employer, year=on.year).aggregate(
                    n=Max("sequence")
                )["n"]
                sequence = (last or 0) + 1
                return Certificate.objects.create(
                    employer=employer,
                    year=on.year,
                    sequence=sequence,
                    number=f"SKP/{employer.npp}/{on.year}/{sequence:04d}",
                    issued_on=on,
                    effective_date=facts.effective_date,
                    programs=programs,
                    participants=facts.participants,
                    branch_office=employer.branch_office,
                    issued_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            continue
    raise refuse(
        "certificate_number_busy",
        "Nomor sertifikat sedang dipakai penerbit lain; coba lagi",
        "Another issuer is taking certificate numbers; try again",
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as issued, rendered again (the same facts every time)."""
    employer = certificate.employer
    labels = dict(Program.choices)
    content = CertificateContent(
        number=certificate.number,
        employer=employer.name,
        npp=employer.npp or "—",
        employer_kind=str(employer.get_kind_display()),
        region=f"{employer.region.code} {employer.region.name}",
        programs=tuple(certificate.program_codes),
        program_labels=tuple(str(labels.get(c, c.upper())) for c in certificate.program_codes),
        effective_date=certificate.effective_date,
        participants=certificate.participants,
        issued_on=certificate.issued_on,
        branch_office=certificate.branch_office.name if certificate.branch_office else "",
        verify_url=verify_url(certificate_token(certificate_id=certificate.pk)),
        synthetic=employer.is_synthetic,
        employer_address=employer.address,
    )
    return render_certificate(content)


@dataclass(frozen=True)
class CardsResult:
    pdf: bytes
    cards: int


def cards_pdf(
    *,
    employer: Employer,
    unit: WorkUnit | None,
    on: date,
    scope: Scope,
    progress: Any = None,
    worker_id: int | None = None,
) -> CardsResult:
    """Member cards of the employer's (or unit's) workers with cover on `on`, visible to `scope`
    (one worker's card, reprinted, with `worker_id`)."""
    rows = card_rows(employer=employer, unit=unit, on=on, scope=scope, worker_id=worker_id)
    heading = CardSheetHeading(
        employer=employer.name, unit=unit.name if unit else "", synthetic=employer.is_synthetic
    )
    pdf = render_cards(rows, employer_id=employer.pk, heading=heading, progress=progress)
    return CardsResult(pdf=pdf, cards=len(rows))


def needs_background(*, employer: Employer, unit: WorkUnit | None, on: date, scope: Scope) -> bool:
    """Whether a page should render these cards in the task worker rather than at once."""
    return card_count(employer=employer, unit=unit, on=on, scope=scope) > BACKGROUND_ABOVE


def request_card_batch(
    *, employer: Employer, unit: WorkUnit | None, on: date, actor: Any
) -> DocumentBatch:
    """Queue the cards of an employer or unit for the task worker; the batch shows progress."""
    from .tasks import render_card_batch

    with transaction.atomic():
        batch = DocumentBatch.objects.create(
            employer=employer,
            unit=unit,
            on=on,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        transaction.on_commit(lambda: render_card_batch.enqueue(batch_id=batch.pk))
    return batch


def run_card_batch(batch_id: int) -> DocumentBatch:
    """Render a queued batch, saving progress as it goes and the PDF when done.

    The cards are those the requester may see (a unit operator's, of its unit only). The batch's
    lock file is held meanwhile, so that a batch whose worker dies is seen as abandoned.
    """
    with locks.working_on(_lock_path(batch_id)):
        return _run_card_batch(batch_id)


def _run_card_batch(batch_id: int) -> DocumentBatch:
    batch = DocumentBatch.objects.select_related("employer", "unit", "requested_by").get(
        pk=batch_id
    )
    if batch.state == BatchState.DONE:
        return batch
    scope = scope_for(batch.requested_by) if batch.requested_by else Scope(everything=True)
    total = card_count(employer=batch.employer, unit=batch.unit, on=batch.on, scope=scope)
    batch.state, batch.total, batch.done = BatchState.RUNNING, total, 0
    batch.save(update_fields=["state", "total", "done"])

    def progress(done: int) -> None:
        DocumentBatch.objects.filter(pk=batch_id).update(done=done)

    try:
        result = cards_pdf(
            employer=batch.employer, unit=batch.unit, on=batch.on, scope=scope, progress=progress
        )
    except Exception as error:
        batch.state, batch.error = BatchState.FAILED, f"{type(error).__name__}: {error}"
        batch.finished_at = timezone.now()
        batch.save(update_fields=["state", "error", "finished_at"])
        raise
    batch.refresh_from_db(fields=["done"])
    name = f"kartu-{batch.employer.npp or batch.employer.pk}-{batch.pk}.pdf"
    batch.file.save(name, ContentFile(result.pdf), save=False)
    batch.state, batch.total, batch.done = BatchState.DONE, result.cards, result.cards
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def recover_abandoned_batch(batch: DocumentBatch) -> DocumentBatch:
    """A batch left rendering by a process that died is marked failed (no PDF was saved)."""
    if batch.state != BatchState.RUNNING or not locks.abandoned(_lock_path(batch.pk)):
        return batch
    with transaction.atomic():
        locked = DocumentBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == BatchState.RUNNING and locks.abandoned(_lock_path(batch.pk)):
            locked.state, locked.error = BatchState.FAILED, ABANDONED
            locked.finished_at = timezone.now()
            locked.save(update_fields=["state", "error", "finished_at"])
    batch.refresh_from_db()
    return batch


def recover_abandoned_batches(**_signal: object) -> list[int]:
    """Mark failed every batch a dead process left rendering (at `payung worker` start-up)."""
    return [
        batch.pk
        for batch in DocumentBatch.objects.filter(state=BatchState.RUNNING)
        if recover_abandoned_batch(batch).state == BatchState.FAILED
    ]


def _lock_path(batch_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "documents" / "batches" / f"{batch_id}.lock"
