"""Outreach to regional governments: target populations, activities, agreements and reminders.

Stages "enrolling" and "covered" are never stored: they are derived from the register by
`selectors.pipeline`; the earlier stages follow the activities and agreements recorded here.
"""

from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.bounds import MONEY_PER_PERSON_MAX
from payung.core.constraints import amount_in_bounds, count_in_bounds, year_in_bounds
from payung.core.scope import Scope, in_regions
from payung.regions.models import Region


class Group(models.TextChoices):
    """Who is to be covered; the values match `payung.workers.models.Category`."""

    NON_ASN = "non_asn", _("Pegawai non-ASN")
    VILLAGE_OFFICIALS = "village_official", _("Aparat desa")
    VILLAGE_FACILITATORS = "village_facilitator", _("Pendamping desa")


class Stage(models.TextChoices):
    """The pipeline, in order; the last two are derived from the register."""

    NOT_CONTACTED = "not_contacted", _("Belum dihubungi")
    CONTACTED = "contacted", _("Sudah dihubungi")
    SOCIALISED = "socialised", _("Sudah sosialisasi")
    AGREEMENT_SIGNED = "agreement_signed", _("Perjanjian ditandatangani")
    ENROLLING = "enrolling", _("Sedang mendaftarkan")
    COVERED = "covered", _("Terlindungi")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Kunjungan")
    MEETING = "meeting", _("Rapat")
    SOCIALISATION = "socialisation", _("Acara sosialisasi")
    LETTER = "letter", _("Surat")
    CALL = "call", _("Telepon")
    HANDOVER = "handover", _("Penyerahan sertifikat/kartu")


class AgreementKind(models.TextChoices):
    MOU = "mou", _("MoU (nota kesepahaman)")
    PKS = "pks", _("PKS (perjanjian kerja sama)")


class ReminderKind(models.TextChoices):
    OVERDUE = "overdue", _("Langkah lanjut lewat tenggat")
    EXPIRING = "expiring", _("Perjanjian segera berakhir")
    SIGNED_EMPTY = "signed_empty", _("Perjanjian tanpa peserta")


class OutreachQuerySet(models.QuerySet[Any]):
    def in_scope(self, scope: Scope) -> Self:
        """Rows under the scope's regions; a unit operator's scope sees no outreach."""
        if scope.unit_ids is not None:
            return self.none()
        return self.filter(in_regions("region_id", scope))


def _upload_path(folder: str) -> str:
    return f"outreach/{folder}/%Y/%m/"


class TargetPopulation(models.Model):
    """An estimated head count of a group in a region, with where the estimate comes from."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="target_populations")
    group = models.CharField(_("kelompok"), max_length=20, choices=Group.choices)
    head_count = models.PositiveIntegerField(_("perkiraan jumlah"))
    covered_threshold = models.PositiveIntegerField(
        _("ambang terlindungi"),
        null=True,
        blank=True,
        help_text=_(
            "Jumlah peserta yang dianggap 'terlindungi', ditetapkan kantor cabang; "
            "kosong berarti sama dengan perkiraan jumlah."
        ),
    )
    source = models.CharField(_("sumber"), max_length=300)
    as_of = models.DateField(_("per tanggal"))
    is_synthetic = models.BooleanField(_("data sintetis (demo)"), default=False)

    history = HistoricalRecords()
    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "group", "-as_of"]
        verbose_name = _("populasi sasaran")
        verbose_name_plural = _("populasi sasaran")
        indexes = [models.Index(fields=["region", "group", "as_of"], name="target_region_group")]
        constraints = [
            count_in_bounds("head_count", name="target_head_count_in_bounds"),
            count_in_bounds("covered_threshold", name="target_threshold_in_bounds", nullable=True),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.group} {self.head_count} ({self.as_of})"

    @property
    def covered_at(self) -> int:
        """The participant count from which the region counts as covered."""
        return self.covered_threshold if self.covered_threshold is not None else self.head_count


class Activity(models.Model):
    """A visit, meeting, socialisation event, letter or call, with its next step."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="outreach")
    group = models.CharField(
        _("kelompok"), max_length=20, choices=Group.choices, default=Group.NON_ASN
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=20, choices=ActivityKind.choices)
    people_met = models.TextField(_("yang ditemui dan instansinya"), blank=True)
    attendance = models.PositiveIntegerField(_("jumlah hadir"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    attachment = models.FileField(_("lampiran"), upload_to=_upload_path("activities"), blank=True)
    next_step = models.CharField(_("langkah lanjut"), max_length=300, blank=True)
    due = models.DateField(_("tenggat"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_steps",
        verbose_name=_("penanggung jawab"),
    )
    next_step_closed_on = models.DateField(_("langkah lanjut selesai"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("data sintetis (demo)"), default=False)

    history = HistoricalRecords()
    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "-date", "-pk"]
        verbose_name = _("kegiatan sosialisasi")
        verbose_name_plural = _("kegiatan sosialisasi")
        indexes = [models.Index(fields=["region", "group", "date"], name="activity_region_date")]
        constraints = [
            count_in_bounds("attendance", name="activity_attendance_in_bounds", nullable=True)
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.region_id}"

    @property
    def has_open_step(self) -> bool:
        return bool(self.next_step) and self.next_step_closed_on is None


class Agreement(models.Model):
    """A signed MoU or PKS between a regional government and the branch office."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agreements")
    group = models.CharField(
        _("kelompok"), max_length=20, choices=Group.choices, default=Group.NON_ASN
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=AgreementKind.choices, default=AgreementKind.MOU
    )
    number = models.CharField(_("nomor"), max_length=120, blank=True)
    parties = models.TextField(_("para pihak"))
    signed_on = models.DateField(_("tanggal tanda tangan"))
    programs = models.CharField(_("program"), max_length=20, default="jkk,jkm")
    workers_planned = models.PositiveIntegerField(_("pekerja yang direncanakan"))
    contribution_per_person = models.DecimalField(
        _("iuran per orang per bulan"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    budget_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    document = models.FileField(
        _("dokumen bertanda tangan"), upload_to=_upload_path("agreements"), blank=True
    )
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_agreements",
    )
    is_synthetic = models.BooleanField(_("data sintetis (demo)"), default=False)

    history = HistoricalRecords()
    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "-signed_on", "-pk"]
        verbose_name = _("perjanjian")
        verbose_name_plural = _("perjanjian")
        constraints = [
            models.CheckConstraint(
                name="agreement_expires_after_signing",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("signed_on")),
            ),
            count_in_bounds("workers_planned", name="agreement_workers_in_bounds"),
            amount_in_bounds(
                "contribution_per_person",
                name="agreement_contribution_in_bounds",
                minimum=Decimal(0),
                maximum=MONEY_PER_PERSON_MAX,
                nullable=True,
            ),
            year_in_bounds("budget_year", name="agreement_budget_year_in_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.region_id} {self.signed_on}"


class ReminderLog(models.Model):
    """One reminder sent about one open item on one day: the same item is not sent twice in a
    day, and is sent again on a later day only while it is still open."""

    kind = models.CharField(_("jenis"), max_length=20, choices=ReminderKind.choices)
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("dikirim"))
    recipients = models.TextField(_("penerima"), blank=True)

    history = HistoricalRecords()
    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "kind"]
        verbose_name = _("catatan pengingat")
        verbose_name_plural = _("catatan pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity", "sent_on"],
                condition=Q(activity__isnull=False),
                name="reminder_activity_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["kind", "agreement", "sent_on"],
                condition=Q(agreement__isnull=False),
                name="reminder_agreement_once_a_day",
            ),
            models.CheckConstraint(
                name="reminder_has_one_subject",
                condition=Q(activity__isnull=True, agreement__isnull=False)
                | Q(activity__isnull=False, agreement__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} {self.sent_on}"
