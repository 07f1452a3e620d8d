"""HTTP API of the documents app (mounted under /api/documents/)."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Status

from payung.core.access import can_write, get_visible_or_404, scope_for, visible_to
from payung.core.api_schemas import PDF_RESPONSE
from payung.core.errors import DomainError
from payung.core.params import DatabaseId, PathText
from payung.employers.models import Employer, WorkUnit
from payung.workers.models import Worker

from . import services
from .models import Certificate, DocumentBatch
from .schemas import BatchIn, BatchOut, CertificateOut, ErrorOut, VerificationOut
from .selectors import card_count, verify
from .tokens import certificate_token, verify_url

router = Router(tags=["documents"])

# Above this many cards the API asks for a batch instead of rendering within the request.
SYNCHRONOUS_CARDS_MAX = 2000


def _certificate_out(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "number": certificate.number,
        "employer_id": certificate.employer_id,
        "issued_on": certificate.issued_on,
        "effective_date": certificate.effective_date,
        "programs": certificate.program_codes,
        "participants": certificate.participants,
        "branch_office_id": certificate.branch_office_id,
        "pdf_url": reverse("api:certificate_pdf", args=[certificate.pk]),
        "verify_url": verify_url(certificate_token(certificate_id=certificate.pk)),
    }


def _batch_out(batch: DocumentBatch) -> dict[str, Any]:
    done = batch.state == "done" and bool(batch.file)
    return {
        "id": batch.pk,
        "employer_id": batch.employer_id,
        "unit_id": batch.unit_id,
        "on": batch.on,
        "state": batch.state,
        "total": batch.total,
        "done": batch.done,
        "percent": batch.percent,
        "created_at": batch.created_at,
        "finished_at": batch.finished_at,
        "file_url": reverse("documents:batch_file", args=[batch.pk]) if done else None,
    }


def _error(code: str, message: str) -> dict[str, Any]:
    return {"code": code, "message": message, "refusals": []}


def _refused(error: DomainError) -> dict[str, Any]:
    return {
        "code": error.code,
        "message": "; ".join(r.message for r in error.refusals),
        "refusals": [r.as_dict() for r in error.refusals],
    }


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/employers/{employer_id}/certificates", response=list[CertificateOut])
def list_certificates(request: HttpRequest, employer_id: int) -> list[dict[str, Any]]:
    """An employer's participation certificates, newest first."""
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    certificates = visible_to(request.user, Certificate.objects.filter(employer=employer))
    return [_certificate_out(c) for c in certificates]


@router.post(
    "/employers/{employer_id}/certificates",
    response={201: CertificateOut, 403: ErrorOut, 422: ErrorOut},
)
def issue_certificate(request: HttpRequest, employer_id: int) -> Status[dict[str, Any]]:
    """Issue a certificate stating today's cover (the same day and facts give the same one)."""
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    if not can_write(request.user) or scope_for(request.user).unit_ids is not None:
        return Status(403, _error("forbidden", "Tidak berwenang / not allowed"))
    try:
        certificate = services.issue_certificate(employer=employer, actor=request.user)
    except DomainError as error:
        return Status(422, _refused(error))
    return Status(201, _certificate_out(certificate))


@router.get(
    "/certificates/{certificate_id}/pdf",
    url_name="certificate_pdf",
    response={200: None},
    openapi_extra={"responses": {200: PDF_RESPONSE}},
    operation_id="get_certificate_pdf",
)
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """A certificate as PDF (application/pdf)."""
    certificate = get_visible_or_404(
        request.user,
        Certificate.objects.select_related("employer__region", "branch_office"),
        pk=certificate_id,
    )
    filename = certificate.number.replace("/", "-") + ".pdf"
    return _pdf(services.certificate_pdf(certificate), filename)


@router.get(
    "/employers/{employer_id}/cards",
    response={200: None, 403: ErrorOut, 413: ErrorOut},
    openapi_extra={"responses": {200: PDF_RESPONSE}},
    operation_id="get_cards_pdf",
)
def cards_pdf(
    request: HttpRequest,
    employer_id: int,
    unit: int | None = None,
    on: date | None = None,
    worker: DatabaseId | None = None,
) -> Any:
    """Member cards (application/pdf) of an employer or one of its units, for those covered on
    `on` (default today); with `worker`, that worker's card alone (a reprint; 404 when they
    have no cover with the employer then). More than 2,000 cards answer 413: request a batch
    instead. Read-only roles are refused (403)."""
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    if not can_write(request.user):
        return Status(403, _error("forbidden", "Tidak berwenang / not allowed"))
    if worker is not None:
        found_worker = get_visible_or_404(request.user, Worker.objects.all(), pk=worker)
        reprint = services.cards_pdf(
            employer=employer,
            unit=None,
            on=on or timezone.localdate(),
            scope=scope_for(request.user),
            worker_id=found_worker.pk,
        )
        if not reprint.cards:
            raise Http404
        return _pdf(reprint.pdf, f"kartu-{employer.npp or employer.pk}-{found_worker.pk}.pdf")
    found_unit = (
        get_visible_or_404(request.user, WorkUnit.objects.filter(employer=employer), pk=unit)
        if unit
        else None
    )
    day = on or timezone.localdate()
    scope = scope_for(request.user)
    count = card_count(employer=employer, unit=found_unit, on=day, scope=scope)
    if count > SYNCHRONOUS_CARDS_MAX:
        message = f"{count} kartu: gunakan batch / {count} cards: request a batch"
        return Status(413, _error("too_many_cards", message))
    result = services.cards_pdf(employer=employer, unit=found_unit, on=day, scope=scope)
    return _pdf(result.pdf, f"kartu-{employer.npp or employer.pk}.pdf")


@router.post("/employers/{employer_id}/card-batches", response={202: BatchOut, 403: ErrorOut})
def request_card_batch(request: HttpRequest, employer_id: int, payload: BatchIn) -> Any:
    """Queue member cards for the task worker; poll the batch for progress and its file.
    Read-only roles are refused (403)."""
    employer = get_visible_or_404(request.user, Employer.objects.all(), pk=employer_id)
    if not can_write(request.user):
        return Status(403, _error("forbidden", "Tidak berwenang / not allowed"))
    unit = (
        get_visible_or_404(
            request.user, WorkUnit.objects.filter(employer=employer), pk=payload.unit_id
        )
        if payload.unit_id
        else None
    )
    if unit is None and scope_for(request.user).unit_ids is not None:
        return Status(403, _error("unit_required", "Pilih unit / choose a unit"))
    batch = services.request_card_batch(
        employer=employer, unit=unit, on=payload.on or timezone.localdate(), actor=request.user
    )
    return Status(202, _batch_out(batch))


@router.get("/card-batches/{batch_id}", response=BatchOut)
def get_card_batch(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    """A card batch: state, progress and, when done, where to download it."""
    found = get_visible_or_404(request.user, DocumentBatch.objects.all(), pk=batch_id)
    return _batch_out(services.recover_abandoned_batch(found))


@router.get("/verify/{token}", response=VerificationOut, auth=None, operation_id="verify_document")
def verify_token(request: HttpRequest, token: PathText) -> dict[str, Any]:
    """Public (no authentication): whether a card or certificate is valid today, ended or
    unknown, with initials, employer and programs only — never a NIK or wage."""
    return verify(token, on=timezone.localdate()).as_dict()
