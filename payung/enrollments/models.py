"""A worker's membership of one BPJS Ketenagakerjaan program with one employer over a period."""

from datetime import date
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.core.history import BulkHistoricalRecords
from payung.core.scope import Scope, in_regions
from payung.employers.models import Employer
from payung.workers.models import Worker, employment_in_scope


class Program(models.TextChoices):
    JKK = "jkk", _("JKK — Jaminan Kecelakaan Kerja")
    JKM = "jkm", _("JKM — Jaminan Kematian")
    JHT = "jht", _("JHT — Jaminan Hari Tua")
    JP = "jp", _("JP — Jaminan Pensiun")


class EndReason(models.TextChoices):
    EMPLOYMENT_ENDED = "employment_ended", _("Hubungan kerja berakhir")
    DEATH = "death", _("Meninggal dunia")
    NOT_IN_ROSTER = "not_in_roster", _("Tidak ada di daftar")
    TRANSFERRED = "transferred", _("Pindah pemberi kerja")
    CORRECTION = "correction", _("Koreksi data")
    OTHER = "other", _("Lainnya")


class EnrollmentQuerySet(models.QuerySet["Enrollment"]):
    def in_scope(self, scope: Scope) -> Self:
        """Enrolments with employers in the scope; a unit operator's, of its unit's workers.

        For a unit operator the enrolment's employer must be the one that employs the worker in
        the unit: a Damkar worker's enrolment with another employer of the same city is not its.
        """
        visible = self.filter(in_regions("employer__region_id", scope))
        if scope.unit_ids is not None:
            visible = visible.filter(
                employment_in_scope(scope, worker_ref="worker_id", employer_ref="employer_id")
            )
        return visible

    def active_on(self, day: date) -> Self:
        """Enrolments covering `day` (the end date is the last day covered)."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def overlapping(self, *, start: date, end: date | None) -> Self:
        """Enrolments whose period shares at least one day with [start, end]."""
        overlap = Q(end_date__isnull=True) | Q(end_date__gte=start)
        if end is not None:
            overlap &= Q(start_date__lte=end)
        return self.filter(overlap)


class Enrollment(models.Model):
    """Membership of one program; two of the same worker, program and employer never overlap.

    The no-overlap rule is enforced by the database (a statement-level constraint trigger on
    PostgreSQL, row triggers on SQLite; see migrations 0002 and 0003), not only in Python.
    """

    # Both are found through the indexes below (enrollment_key starts with the worker,
    # enrollment_employer_span with the employer); no index of their own.
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="enrollments", db_index=False
    )
    # No database constraint on the employer (see workers.models.Employment).
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="enrollments",
        db_index=False,
        db_constraint=False,
    )
    program = models.CharField(_("program"), max_length=3, choices=Program.choices)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    end_reason = models.CharField(
        _("alasan berakhir"), max_length=20, choices=EndReason.choices, blank=True
    )
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)

    history = BulkHistoricalRecords(keep_indexes=("worker",))  # a worker's page lists it
    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["worker_id", "program", "-start_date"]
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="enrollment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                name="enrollment_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["worker", "program", "employer"], name="enrollment_key"),
            # With the end date, the distinct spans of an employer's enrolments (billing
            # continuity: unbilled months on region pages, arrears) are read from the index
            # alone, not from every enrolment row.
            models.Index(
                fields=["employer", "start_date", "end_date"], name="enrollment_employer_span"
            ),
            models.Index(fields=["kpj"], name="enrollment_kpj"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.program.upper()} {self.start_date}–{self.end_date or ''}"

    def is_active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


SEATED = "="
"""After a region code in the tally: employers seated at the region itself, not below it."""

UNIT = "#"
"""Before a work unit's id in the tally (`#12`): workers enrolled by the employer that employs
them in that unit (at any time), as `participants_by_unit` counts them."""

ANY_PROGRAM = "*"
"""The tally's program for "covered in any program" (a worker in JKK and JKM counts once)."""


class CoverageTallyQuerySet(models.QuerySet["CoverageTally"]):
    def up_to(self, day: date) -> Self:
        """Changes on or before `day`: their sum per key is the count covered on `day`."""
        return self.filter(day__lte=day)


class CoverageTally(models.Model):
    """On `day`, the number of distinct workers of `category` covered in `program` (or `*`, any
    program) by enrolments with employers under `region_code` changes by `delta`; a code
    followed by `=` (`74=`) counts the employers seated at that region itself, and `#` with a
    work unit's id (`#12`) the unit's workers.

    Kept by `payung.enrollments.tally` in the transaction of every write to enrolments,
    workers' categories or employers' regions; `payung coverage rebuild` recomputes it. The
    count covered on a day is the sum of the deltas up to it; a worker enrolled with two
    employers under one region counts once there.
    """

    region_code = models.CharField(_("kode wilayah"), max_length=14)
    program = models.CharField(_("program"), max_length=3)
    category = models.CharField(_("kategori"), max_length=24)
    day = models.DateField(_("tanggal"))
    delta = models.IntegerField(_("perubahan"))

    objects = CoverageTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("rekap cakupan")
        verbose_name_plural = _("rekap cakupan")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "program", "category", "day"], name="coverage_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.program} {self.category} {self.day} {self.delta:+}"
