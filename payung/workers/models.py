"""Workers identified by NIK, and their employment with an employer and work unit."""

from decimal import Decimal
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from payung.core.errors import DomainError
from payung.core.history import BulkHistoricalRecords
from payung.core.scope import Scope, in_regions, in_scope
from payung.employers.models import Employer, WorkUnit

from . import nik as nik_rules


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Category(models.TextChoices):
    NON_ASN = "non_asn", _("Pegawai non-ASN / honorer")
    VILLAGE_OFFICIAL = "village_official", _("Aparat desa")
    VILLAGE_FACILITATOR = "village_facilitator", _("Pendamping desa")


def employment_in_scope(
    scope: Scope, worker_ref: str = "pk", employer_ref: str | None = None
) -> Exists:
    """An employment of the outer worker with an employer (and unit) the scope may see;
    with `employer_ref`, with that employer of the outer row."""
    employments = Employment.objects.filter(worker=OuterRef(worker_ref))
    if employer_ref is not None:
        employments = employments.filter(employer=OuterRef(employer_ref))
    return Exists(employments.in_scope(scope))


FULL_NAME_LETTERS = 10
"""A name search of two words or more and at least this many letters is a full name."""


class WorkerQuerySet(models.QuerySet["Worker"]):
    def in_scope(self, scope: Scope) -> Self:
        """Workers employed (now or before) by an employer or unit in the scope."""
        if scope.everything:
            return self.all()
        return self.filter(employment_in_scope(scope))

    def search(self, text: str, *, nik_prefix: bool = True) -> Self:
        """Workers whose NIK starts with (or, without `nik_prefix`, is) `text`, or whose name
        contains it."""
        text = " ".join(text.split())
        if not text:
            return self
        if text.isdigit():
            return self.filter(nik__startswith=text) if nik_prefix else self.filter(nik=text)
        # In the order the workers were registered (the primary key), not by name: a page of a
        # common name part then stops after the first matches in that order (the planner walks
        # the key and filters, ~50 rows read per match found), and a rare one is found through
        # the trigram index and sorted, which is small. By name, every match of a common part
        # (tens of thousands at national scale) had to be fetched and sorted for each page.
        matches = self.filter(name__icontains=text)
        if len(text.split()) >= 2 and len(text) - text.count(" ") >= FULL_NAME_LETTERS:
            # A full name matches few workers, but PostgreSQL estimates ~1 % for any long
            # pattern and walks the key looking for them (~600 ms for 0.1 % at 2.36 M
            # workers); ordered by an expression equal to the id, it takes the trigram index
            # and sorts the few matches (~75-125 ms). The same order, so the same pages.
            return matches.alias(registered=F("pk") + 0).order_by("registered")
        return matches.order_by("pk")


class Worker(models.Model):
    """A person working for a government who is not a civil servant (non-ASN)."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    category = models.CharField(
        _("kategori"), max_length=24, choices=Category.choices, default=Category.NON_ASN
    )
    is_synthetic = models.BooleanField(_("data sintetis (demo)"), default=False)

    history = BulkHistoricalRecords()
    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "nik"]
        verbose_name = _("pekerja")
        verbose_name_plural = _("pekerja")
        # The register's order; a plain index (a CharField's db_index on PostgreSQL also
        # builds a LIKE index, which a name search by `icontains` cannot use).
        indexes = [models.Index(fields=["name", "nik"], name="worker_name")]

    def __str__(self) -> str:
        return f"{self.name} ({nik_rules.mask_nik(self.nik)})"

    @property
    def masked_nik(self) -> str:
        return nik_rules.mask_nik(self.nik)

    def clean(self) -> None:
        """Check the NIK and its agreement with birth date and sex (the rules in nik.py)."""
        try:
            info = nik_rules.validate_nik(self.nik or "", birth_date=self.birth_date, sex=self.sex)
        except DomainError as error:
            raise ValidationError(
                {
                    refusal.field or "nik": ValidationError(refusal.message, code=refusal.code)
                    for refusal in error.refusals
                }
            ) from error
        self.nik = info.nik


class EmploymentQuerySet(models.QuerySet["Employment"]):
    def in_scope(self, scope: Scope) -> Self:
        return self.filter(
            in_scope(scope, region_field="employer__region_id", unit_field="unit_id")
        )

    def active_on(self, day: object) -> Self:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Employment(models.Model):
    """A worker's employment with one employer, in one work unit, over a period.

    References to employers and work units (here, on wages and on enrolments) have no database
    constraint: a roster import writes millions of rows by `INSERT ... SELECT`, and PostgreSQL
    checks a deferred constraint one row at a time at COMMIT (a third of a million-row import).
    The import checks them set-based against its staged rows (`imports.services`), forms and
    the API take them from querysets of existing rows, and deleting a referenced employer or
    unit is refused by PROTECT. The reference to the worker keeps its constraint.
    """

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="employments")
    # Found through employment_employer_unit (employer, unit); no index of its own. Neither
    # reference has a database constraint (see the class's docstring).
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="employments",
        db_index=False,
        db_constraint=False,
    )
    unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employments",
        db_constraint=False,
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)

    history = BulkHistoricalRecords(keep_indexes=("worker",))
    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("hubungan kerja")
        verbose_name_plural = _("hubungan kerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["employer", "unit"], name="employment_employer_unit")]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.employer}"


# Wage.amount: 14 digits, 2 of them decimals.
WAGE_MAX = Decimal("999999999999.99")


class WageQuerySet(models.QuerySet["Wage"]):
    def in_scope(self, scope: Scope) -> Self:
        """Wages reported by employers the scope may see, of workers in its units."""
        if scope.everything:
            return self.all()
        visible = self.filter(in_regions("employer__region_id", scope))
        if scope.unit_ids is not None:
            visible = visible.filter(employment_in_scope(scope, worker_ref="worker_id"))
        return visible

    def in_force_on(self, day: object) -> Self:
        """Each (employer, worker)'s wage in force on `day`: the latest started on or before it."""
        later = Wage.objects.filter(
            employer_id=OuterRef("employer_id"),
            worker_id=OuterRef("worker_id"),
            start_date__gt=OuterRef("start_date"),
            start_date__lte=day,
        )
        return self.filter(start_date__lte=day).exclude(Exists(later))


class Wage(models.Model):
    """The monthly wage an employer reports for its worker, in force from a date.

    Each employer reports its own wage for a worker (the same person may work for two); a bill
    for a month uses the wage in force on the month's last day. A change is a new row from
    its date, never an overwrite of the past.
    """

    # Found through wage_key (employer, worker, start_date); no index of their own.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="wages",
        db_index=False,
        db_constraint=False,
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="wages", db_index=False
    )
    start_date = models.DateField(_("berlaku mulai"))
    amount = models.DecimalField(_("upah sebulan (Rp)"), max_digits=14, decimal_places=2)

    history = BulkHistoricalRecords(keep_indexes=("worker",))
    objects = WageQuerySet.as_manager()

    class Meta:
        ordering = ["employer_id", "worker_id", "-start_date"]
        verbose_name = _("upah")
        verbose_name_plural = _("upah")
        # A worker's wages across employers (the API's latest wage, a worker's page).
        indexes = [models.Index(fields=["worker", "start_date"], name="wage_worker_start")]
        constraints = [
            models.UniqueConstraint(fields=["employer", "worker", "start_date"], name="wage_key"),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=WAGE_MAX), name="wage_amount_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.employer}: {self.amount} ({self.start_date})"
