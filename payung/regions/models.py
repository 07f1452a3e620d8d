"""Regions as a Kemendagri code path, and the BPJS branch offices that serve them."""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.scope import Scope, in_regions, region_subtree


class Level(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten")
    CITY = "city", _("Kota")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Desa/Kelurahan")


# A code's length tells its depth: "74", "74.71", "74.71.01", "74.71.01.1001".
CODE_LENGTHS = (2, 5, 8, 13)


def child_code_length(code: str) -> int | None:
    """The length of the codes one level below `code`, or None below villages."""
    deeper = [length for length in CODE_LENGTHS if length > len(code)]
    return deeper[0] if deeper else None


class RegionQuerySet(models.QuerySet["Region"]):
    def in_scope(self, scope: Scope) -> Self:
        """Regions a scope may see: its subtrees and their ancestors' names are separate."""
        return self.filter(in_regions("code", scope))

    def subtree(self, code: str) -> Self:
        """`code` and everything below it."""
        return self.filter(region_subtree("code", code))

    def children_of(self, code: str) -> Self:
        """The regions one level below `code`."""
        return self.filter(parent_id=code)


class Region(models.Model):
    """A province, regency, city, district or village, keyed by its Kemendagri code."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    name = models.CharField(_("nama"), max_length=120)

    history = HistoricalRecords()
    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def short_name(self) -> str:
        """The name without "Kabupaten"/"Kota"/"Provinsi", for tight pictures."""
        for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name

    def ancestor_codes(self) -> list[str]:
        """Codes from the province down to this region's parent."""
        parts = self.code.split(".")
        return [".".join(parts[:depth]) for depth in range(1, len(parts))]


class BranchOfficeQuerySet(models.QuerySet["BranchOffice"]):
    def in_scope(self, scope: Scope) -> Self:
        """Branch offices that serve a region the scope may see."""
        if scope.everything:
            return self.all()
        return self.filter(regions__in=Region.objects.in_scope(scope)).distinct()


class BranchOffice(models.Model):
    """A BPJS Ketenagakerjaan branch office (Kantor Cabang) and the regions it serves."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    regions = models.ManyToManyField(Region, related_name="branch_offices", blank=True)

    history = HistoricalRecords(m2m_fields=[regions])
    objects = BranchOfficeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kantor cabang")
        verbose_name_plural = _("kantor cabang")

    def __str__(self) -> str:
        return self.name
