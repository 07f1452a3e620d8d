"""Writes of the outreach app: each a named, atomic change by an actor within its scope."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from payung.core.access import can_write, scope_for, visible_to
from payung.core.bounds import count_refusal, date_refusal, money_refusal, year_refusal
from payung.core.errors import DomainError, Refusal
from payung.employers.services import create_government_employer
from payung.enrollments.models import Program
from payung.regions.models import Region

from .models import Activity, ActivityKind, Agreement, AgreementKind, Group, TargetPopulation

# Attachments and signed documents larger than this are refused; the setting
# PAYUNG_ATTACHMENT_MAX_BYTES overrides it (read at call time, so tests can change it).
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class OutreachError(DomainError):
    """An outreach record was refused."""


def attachment_max_bytes() -> int:
    return int(getattr(settings, "PAYUNG_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def _writable_region(actor: Any, code: str) -> Region:
    """The region, if the actor may see it and change the register there."""
    region = visible_to(actor, Region.objects.all()).filter(code=code).first()
    if region is None or scope_for(actor).unit_ids is not None:
        raise OutreachError(
            Refusal(
                "region_not_in_scope",
                f"Wilayah {code} di luar cakupan Anda.",
                f"Region {code} is outside your scope.",
                "region",
            )
        )
    if not can_write(actor):
        raise OutreachError(
            Refusal(
                "read_only",
                "Peran Anda hanya boleh membaca.",
                "Your role may only read.",
            )
        )
    return region


def _check_choice(value: str, choices: Any, field: str) -> None:
    if value not in choices.values:
        raise OutreachError(
            Refusal(
                f"unknown_{field}",
                f"Nilai {value!r} tidak dikenal untuk {field}.",
                f"Unknown {field}: {value!r}.",
                field,
            )
        )


def _out_of_bounds(*found: Refusal | None) -> list[Refusal]:
    """The refusals of the bounds checks that refused."""
    return [refusal for refusal in found if refusal is not None]


def _check_file(upload: UploadedFile | None, field: str) -> None:
    limit = attachment_max_bytes()
    if upload is not None and upload.size is not None and upload.size > limit:
        raise OutreachError(
            Refusal(
                "file_too_large",
                f"Berkas lebih besar dari {limit:,} bita.",
                f"The file is larger than {limit:,} bytes.",
                field,
            )
        )


def set_target(
    *,
    actor: Any,
    region_code: str,
    group: str,
    head_count: int,
    source: str,
    as_of: date,
    covered_threshold: int | None = None,
    is_synthetic: bool = False,
) -> TargetPopulation:
    """Record a new estimate of a group's head count in a region (older ones are kept)."""
    region = _writable_region(actor, region_code)
    _check_choice(group, Group, "group")
    refusals = []
    if head_count < 0:
        refusals.append(
            Refusal(
                "negative_head_count",
                "Jumlah tidak boleh negatif.",
                "Negative count.",
                "head_count",
            )
        )
    else:
        refusals += _out_of_bounds(count_refusal(head_count, "head_count"))
    refusals += _out_of_bounds(
        count_refusal(covered_threshold, "covered_threshold"), date_refusal(as_of, "as_of")
    )
    if not source.strip():
        refusals.append(
            Refusal("source_required", "Sebutkan sumber perkiraan.", "Name the source.", "source")
        )
    if refusals:
        raise OutreachError(*refusals)
    with transaction.atomic():
        target = TargetPopulation(
            region=region,
            group=group,
            head_count=head_count,
            covered_threshold=covered_threshold,
            source=source.strip(),
            as_of=as_of,
            is_synthetic=is_synthetic,
        )
        target._history_user = actor  # type: ignore[attr-defined]
        target.save()
    return target


def record_activity(
    *,
    actor: Any,
    region_code: str,
    on: date,
    kind: str,
    group: str = Group.NON_ASN,
    people_met: str = "",
    attendance: int | None = None,
    notes: str = "",
    attachment: UploadedFile | None = None,
    next_step: str = "",
    due: date | None = None,
    owner: Any = None,
) -> Activity:
    """Record an outreach activity; it closes the open next steps it follows up in the region."""
    region = _writable_region(actor, region_code)
    _check_choice(kind, ActivityKind, "kind")
    _check_choice(group, Group, "group")
    _check_file(attachment, "attachment")
    if refused := _out_of_bounds(
        count_refusal(attendance, "attendance"), date_refusal(on, "date"), date_refusal(due, "due")
    ):
        raise OutreachError(*refused)
    if due is not None and not next_step.strip():
        raise OutreachError(
            Refusal(
                "due_without_step",
                "Tenggat tanpa langkah lanjut.",
                "A due date needs a next step.",
                "next_step",
            )
        )
    if due is not None and due < on:
        raise OutreachError(
            Refusal(
                "due_before_activity",
                "Tenggat sebelum kegiatan.",
                "Due before the activity.",
                "due",
            )
        )
    with transaction.atomic():
        earlier = list(
            Activity.objects.select_for_update()
            .filter(region=region, group=group, date__lte=on, next_step_closed_on__isnull=True)
            .exclude(next_step="")
        )
        for activity in earlier:
            activity.next_step_closed_on = on
            activity._history_user = actor  # type: ignore[attr-defined]
            activity.save(update_fields=["next_step_closed_on"])
        activity = Activity(
            region=region,
            group=group,
            date=on,
            kind=kind,
            people_met=people_met.strip(),
            attendance=attendance,
            notes=notes.strip(),
            next_step=next_step.strip(),
            due=due,
            owner=owner if next_step.strip() else None,
        )
        if attachment is not None:
            activity.attachment.save(attachment.name or "lampiran", attachment, save=False)
        activity._history_user = actor  # type: ignore[attr-defined]
        activity.save()
    return activity


def close_next_step(*, actor: Any, activity_id: int, on: date) -> Activity:
    """Mark an activity's next step done."""
    activity = visible_to(actor, Activity.objects.all()).filter(pk=activity_id).first()
    if activity is None:
        raise OutreachError(
            Refusal("not_found", "Kegiatan tidak ditemukan.", "No such activity.", "activity")
        )
    _writable_region(actor, activity.region_id)
    with transaction.atomic():
        activity.next_step_closed_on = on
        activity._history_user = actor  # type: ignore[attr-defined]
        activity.save(update_fields=["next_step_closed_on"])
    return activity


def record_agreement(
    *,
    actor: Any,
    region_code: str,
    signed_on: date,
    parties: str,
    workers_planned: int,
    budget_year: int,
    group: str = Group.NON_ASN,
    kind: str = AgreementKind.MOU,
    number: str = "",
    programs: str = "jkk,jkm",
    contribution_per_person: Decimal | None = None,
    expires_on: date | None = None,
    document: UploadedFile | None = None,
    notes: str = "",
    is_synthetic: bool = False,
    create_employer: bool = False,
    employer_npp: str = "",
) -> Agreement:
    """Record a signed MoU or PKS; with `create_employer`, register the region's government as
    an employer in the same step (refused, and nothing recorded, if it is registered already)."""
    region = _writable_region(actor, region_code)
    _check_choice(kind, AgreementKind, "kind")
    _check_choice(group, Group, "group")
    _check_file(document, "document")
    program_list = [p.strip().lower() for p in programs.split(",") if p.strip()]
    refusals = []
    if not program_list or any(p not in Program.values for p in program_list):
        refusals.append(
            Refusal("unknown_program", "Program tidak dikenal.", "Unknown program.", "programs")
        )
    if not parties.strip():
        refusals.append(
            Refusal("parties_required", "Sebutkan para pihak.", "Name the parties.", "parties")
        )
    refusals += _out_of_bounds(
        count_refusal(workers_planned, "workers_planned"),
        money_refusal(contribution_per_person, "contribution_per_person"),
        year_refusal(budget_year, "budget_year"),
        date_refusal(signed_on, "signed_on"),
        date_refusal(expires_on, "expires_on"),
    )
    if expires_on is not None and expires_on <= signed_on:
        refusals.append(
            Refusal(
                "expiry_before_signing",
                "Tanggal berakhir harus setelah tanda tangan.",
                "The expiry must follow the signing.",
                "expires_on",
            )
        )
    if refusals:
        raise OutreachError(*refusals)
    with transaction.atomic():
        agreement = Agreement(
            region=region,
            group=group,
            kind=kind,
            number=number.strip(),
            parties=parties.strip(),
            signed_on=signed_on,
            programs=",".join(program_list),
            workers_planned=workers_planned,
            contribution_per_person=contribution_per_person,
            budget_year=budget_year,
            expires_on=expires_on,
            notes=notes.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
            is_synthetic=is_synthetic,
        )
        if document is not None:
            agreement.document.save(document.name or "perjanjian.pdf", document, save=False)
        agreement._history_user = actor  # type: ignore[attr-defined]
        agreement.save()
        if create_employer:
            create_government_employer(
                region=region,
                npp=employer_npp,
                actor=actor,
                reason=f"Dibuat bersama perjanjian {agreement.number or agreement.pk}",
            )
    return agreement
