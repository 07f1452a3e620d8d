"""Government employers (Pemprov, Pemkab, Pemkot, Pemdes) and their work units (SKPD/OPD)."""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.scope import Scope, in_regions, in_scope
from payung.regions.models import BranchOffice, Region


class EmployerKind(models.TextChoices):
    PROVINCIAL = "provincial_government", _("Pemerintah Provinsi")
    REGENCY = "regency_government", _("Pemerintah Kabupaten")
    CITY = "city_government", _("Pemerintah Kota")
    VILLAGE = "village_government", _("Pemerintah Desa")


class RiskClass(models.TextChoices):
    """JKK risk classes of PP 44/2015 Lampiran I; rates live in payung/rules/parameters."""

    VERY_LOW = "very_low", _("Sangat rendah")
    LOW = "low", _("Rendah")
    MEDIUM = "medium", _("Sedang")
    HIGH = "high", _("Tinggi")
    VERY_HIGH = "very_high", _("Sangat tinggi")


class EmployerQuerySet(models.QuerySet["Employer"]):
    def in_scope(self, scope: Scope) -> Self:
        """Employers in the scope's regions; a unit operator sees only its unit's employer."""
        visible = self.filter(in_regions("region_id", scope))
        if scope.unit_ids is not None:
            visible = visible.filter(units__id__in=scope.unit_ids).distinct()
        return visible

    def government_of(self, region_code: str) -> Self:
        """The government employer whose seat is exactly this region."""
        return self.filter(region_id=region_code).exclude(kind=EmployerKind.VILLAGE)


class Employer(models.Model):
    """A government that employs non-ASN workers, registered with BPJS under an NPP."""

    kind = models.CharField(_("jenis"), max_length=30, choices=EmployerKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="employers", verbose_name=_("wilayah")
    )
    name = models.CharField(_("nama"), max_length=160)
    npp = models.CharField(
        _("NPP"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Nomor Pendaftaran Perusahaan di BPJS Ketenagakerjaan"),
    )
    address = models.TextField(
        _("alamat"), blank=True, help_text=_("Alamat surat: tagihan dan rekening dikirim ke sini")
    )
    risk_class = models.CharField(
        _("tingkat risiko JKK"),
        max_length=10,
        choices=RiskClass.choices,
        default=RiskClass.VERY_LOW,
    )
    branch_office = models.ForeignKey(
        BranchOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        verbose_name=_("kantor cabang"),
    )
    is_synthetic = models.BooleanField(_("data sintetis (demo)"), default=False)

    history = HistoricalRecords()
    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("pemberi kerja")
        verbose_name_plural = _("pemberi kerja")
        indexes = [models.Index(fields=["region", "kind"], name="employer_region_kind")]

    def __str__(self) -> str:
        return self.name


class WorkUnitQuerySet(models.QuerySet["WorkUnit"]):
    def in_scope(self, scope: Scope) -> Self:
        """Units in the scope's regions, narrowed to the scope's own units if it has them."""
        return self.filter(in_scope(scope, region_field="employer__region_id", unit_field="id"))


class WorkUnit(models.Model):
    """A work unit (SKPD/OPD) of an employer, e.g. Damkar or Satpol PP."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=160)
    risk_class = models.CharField(
        _("tingkat risiko JKK unit"),
        max_length=10,
        choices=RiskClass.choices,
        blank=True,
        default="",
        help_text=_("Kosong: tingkat risiko pemberi kerja. Isi bila pekerjaan unit ini berbeda."),
    )

    history = HistoricalRecords()
    objects = WorkUnitQuerySet.as_manager()

    class Meta:
        ordering = ["employer_id", "code"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(fields=["employer", "code"], name="unit_code_per_employer")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer.name})"

    @property
    def effective_risk_class(self) -> str:
        """The unit's own JKK risk class where its work differs, else its employer's."""
        return self.risk_class or self.employer.risk_class
