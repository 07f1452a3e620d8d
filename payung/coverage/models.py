"""Counts published elsewhere (press releases, branch reports), kept beside the register's own."""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.constraints import count_in_bounds
from payung.core.scope import Scope, in_scope
from payung.employers.models import Employer, WorkUnit
from payung.regions.models import Region


class ReportedFigureQuerySet(models.QuerySet["ReportedFigure"]):
    def in_scope(self, scope: Scope) -> Self:
        return self.filter(in_scope(scope, region_field="region_id", unit_field="unit_id"))


class ReportedFigure(models.Model):
    """A participant count as some source published it, for a region, employer or unit."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reported_figures")
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_figures"
    )
    unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_figures"
    )
    as_of = models.DateField(_("per tanggal"))
    count = models.PositiveIntegerField(_("jumlah"))
    programs = models.CharField(_("program"), max_length=20, default="jkk,jkm")
    source_title = models.CharField(_("judul sumber"), max_length=300)
    source_publisher = models.CharField(_("penerbit"), max_length=120)
    source_date = models.DateField(_("tanggal sumber"))
    source_url = models.URLField(_("tautan sumber"), max_length=500, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()
    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "-as_of"]
        verbose_name = _("angka yang dilaporkan")
        verbose_name_plural = _("angka yang dilaporkan")
        indexes = [models.Index(fields=["region", "as_of"], name="reported_region_asof")]
        constraints = [count_in_bounds("count", name="reported_count_in_bounds")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.count} ({self.source_publisher}, {self.source_date})"
