"""Participation certificates, and batches of member cards rendered in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.scope import Scope, in_scope
from payung.employers.models import Employer, WorkUnit
from payung.regions.models import BranchOffice


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def in_scope(self, scope: Scope) -> "CertificateQuerySet":
        """Certificates of employers the scope may see."""
        visible = self.filter(in_scope(scope, region_field="employer__region_id"))
        if scope.unit_ids is not None:
            visible = visible.filter(employer__units__id__in=scope.unit_ids).distinct()
        return visible


class Certificate(models.Model):
    """A participation certificate (sertifikat kepesertaan) of one employer, numbered per year.

    What it states (programs, participants, effective date, branch office) is kept as issued,
    so a reprint says the same thing; whether it is still valid is decided when it is verified.
    """

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="certificates")
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor sertifikat"), max_length=40, unique=True)
    issued_on = models.DateField(_("tanggal terbit"))
    effective_date = models.DateField(_("berlaku sejak"))
    programs = models.CharField(_("program"), max_length=40, help_text="jkk,jkm")
    participants = models.PositiveIntegerField(_("jumlah peserta"))
    branch_office = models.ForeignKey(
        BranchOffice, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-sequence"]
        verbose_name = _("sertifikat kepesertaan")
        verbose_name_plural = _("sertifikat kepesertaan")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year", "sequence"], name="certificate_sequence_per_year"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def program_codes(self) -> list[str]:
        return [code for code in self.programs.split(",") if code]


class BatchState(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class DocumentBatchQuerySet(models.QuerySet["DocumentBatch"]):
    def in_scope(self, scope: Scope) -> "DocumentBatchQuerySet":
        """Batches of employers (and units) the scope may see."""
        return self.filter(
            in_scope(scope, region_field="employer__region_id", unit_field="unit_id")
        )


class DocumentBatch(models.Model):
    """Member cards of an employer or a unit, rendered by the task worker with its progress."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on = models.DateField(_("kartu berlaku pada"))
    state = models.CharField(
        _("status"), max_length=10, choices=BatchState.choices, default=BatchState.QUEUED
    )
    total = models.PositiveIntegerField(_("jumlah kartu"), default=0)
    done = models.PositiveIntegerField(_("kartu selesai"), default=0)
    file = models.FileField(_("berkas"), upload_to="documents/cards/", blank=True)
    error = models.TextField(_("galat"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = DocumentBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kumpulan kartu peserta")
        verbose_name_plural = _("kumpulan kartu peserta")

    def __str__(self) -> str:
        return f"{self.employer} {self.unit or ''} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
