"""Monthly bills per employer, their lines per participant and program, payments and credit.

A bill is `draft` (recomputed from the enrolments on each issue) until it is finalised: then it
is locked (triggers in migration 0002 refuse changing its amounts or its lines, even from raw
SQL) and carries a payment code; payments move it to `partly_paid` and `paid`.
"""

from decimal import Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.bounds import AMOUNT_COLUMN_MAX
from payung.core.constraints import amount_in_bounds
from payung.core.scope import Scope, in_regions
from payung.employers.models import Employer
from payung.enrollments.models import Enrollment, Program
from payung.workers.models import Worker


class BillState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")
    PARTLY_PAID = "partly_paid", _("Dibayar sebagian")
    PAID = "paid", _("Lunas")


OPEN_STATES = (BillState.FINAL, BillState.PARTLY_PAID)


class LineKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Iuran")
    ADJUSTMENT = "adjustment", _("Penyesuaian")
    LATE_FEE = "late_fee", _("Denda keterlambatan")


# Lines a bill carries besides the month's contributions: kept when a draft is recomputed.
EXTRA_KINDS = (LineKind.ADJUSTMENT, LineKind.LATE_FEE)


class RuleExplanation(models.Model):
    """What the rules say produced an amount (parameters, references, notes), stored once.

    Bill lines point here instead of each holding a copy: a million lines of one month share a
    handful of explanations. A row is never changed; `digest` identifies its content.
    """

    digest = models.CharField(max_length=64, unique=True)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penjelasan aturan")
        verbose_name_plural = _("penjelasan aturan")

    def __str__(self) -> str:
        return self.digest[:12]


class BillQuerySet(models.QuerySet["Bill"]):
    def in_scope(self, scope: Scope) -> Self:
        """Bills of employers in the scope's regions; a unit operator sees no employer's bills."""
        if scope.unit_ids is not None:
            return self.none()
        return self.filter(in_regions("employer__region_id", scope))

    def open(self) -> Self:
        """Final bills not yet fully paid."""
        return self.filter(state__in=OPEN_STATES)


class Bill(models.Model):
    """What one employer owes for one month (`period`, YYYY-MM)."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="bills")
    period = models.CharField(_("periode"), max_length=7)
    state = models.CharField(
        _("status"), max_length=12, choices=BillState.choices, default=BillState.DRAFT
    )
    participants = models.PositiveIntegerField(_("peserta"), default=0)
    line_count = models.PositiveIntegerField(_("baris"), default=0)
    employer_amount = models.DecimalField(
        _("bagian pemberi kerja"), default=0, max_digits=16, decimal_places=2
    )
    worker_amount = models.DecimalField(
        _("bagian pekerja"), default=0, max_digits=16, decimal_places=2
    )
    total = models.DecimalField(_("jumlah"), default=0, max_digits=16, decimal_places=2)
    paid = models.DecimalField(_("dibayar"), default=0, max_digits=16, decimal_places=2)
    due_date = models.DateField(_("jatuh tempo"), null=True)
    payment_code = models.CharField(_("kode pembayaran"), max_length=40, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"), null=True)
    finalized_at = models.DateTimeField(_("difinalkan"), null=True)
    history = HistoricalRecords()

    objects = BillQuerySet.as_manager()

    class Meta:
        ordering = ["employer_id", "period"]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")
        constraints = [
            models.UniqueConstraint(fields=["employer", "period"], name="bill_per_employer_period"),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$"), name="bill_period_format"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | ~Q(payment_code=""), name="bill_final_has_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.period}"

    @property
    def unpaid(self) -> Decimal:
        """What is still owed on a final bill (nothing on a draft)."""
        if self.state == BillState.DRAFT:
            return Decimal(0)
        return Decimal(self.total) - Decimal(self.paid)

    @property
    def is_locked(self) -> bool:
        return self.state != BillState.DRAFT


class BillLine(models.Model):
    """One participant's contribution to one program for the bill's month, or an adjustment.

    The foreign keys have no database constraint: a month's lines are written by one
    INSERT ... SELECT from rows that exist, and a constraint check per line (deferred to commit
    on PostgreSQL) costs more than the write itself at a million lines. Deleting a referenced
    worker, bill or explanation is still refused: by PROTECT in the ORM, and for final bills by
    the triggers of migration 0002.
    """

    bill = models.ForeignKey(
        Bill, on_delete=models.PROTECT, related_name="lines", db_index=False, db_constraint=False
    )
    kind = models.CharField(max_length=12, choices=LineKind.choices, default=LineKind.CONTRIBUTION)
    worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="bill_lines",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    program = models.CharField(_("program"), max_length=3, choices=Program.choices)
    wage = models.DecimalField(_("upah"), null=True, max_digits=16, decimal_places=2)
    rate = models.DecimalField(_("tarif"), max_digits=8, decimal_places=6, default=0)
    employer_amount = models.DecimalField(
        _("bagian pemberi kerja"), max_digits=16, decimal_places=2
    )
    worker_amount = models.DecimalField(_("bagian pekerja"), max_digits=16, decimal_places=2)
    explanation = models.ForeignKey(
        RuleExplanation,
        on_delete=models.PROTECT,
        null=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bill_id", "id"]
        verbose_name = _("baris tagihan")
        verbose_name_plural = _("baris tagihan")
        # One index serves a bill's lines and "is this worker on this bill"; a second one per
        # worker would slow the million-line insert. The partial index on adjustments holds a
        # handful of rows: issuing a month finds a draft's adjustments without reading its
        # contribution lines.
        indexes = [
            models.Index(fields=["bill", "worker"], name="billline_bill_worker"),
            models.Index(
                fields=["bill"],
                condition=Q(kind__in=EXTRA_KINDS),
                name="billline_extra_lines",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.program} {self.worker_id}"

    @property
    def amount(self) -> Decimal:
        return Decimal(self.employer_amount) + Decimal(self.worker_amount)


class PaymentQuerySet(models.QuerySet["Payment"]):
    def in_scope(self, scope: Scope) -> Self:
        if scope.unit_ids is not None:
            return self.none()
        return self.filter(in_regions("employer__region_id", scope))


class Payment(models.Model):
    """Money received from an employer; what no bill takes stays as credit.

    A payment is never deleted: it is voided by a reversing entry, a payment of the opposite
    amount on the same date (`reverses` it), whose allocations take back the original's.
    """

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="payments")
    date = models.DateField(_("tanggal"))
    amount = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    reference = models.CharField(_("referensi"), max_length=80)
    channel = models.CharField(_("saluran"), max_length=40, default="bank_transfer")
    allocated = models.DecimalField(_("teralokasi"), default=0, max_digits=16, decimal_places=2)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["employer_id", "date", "id"]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "reference"], name="payment_reference_per_employer"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(reverses__isnull=False, amount__lt=0),
                name="payment_amount_positive_unless_reversal",
            ),
            amount_in_bounds(
                "amount",
                name="payment_amount_in_bounds",
                minimum=-AMOUNT_COLUMN_MAX,
                maximum=AMOUNT_COLUMN_MAX,
            ),
            models.CheckConstraint(
                condition=Q(allocated__lte=models.F("amount"))
                | Q(reverses__isnull=False, allocated__gte=models.F("amount")),
                name="payment_not_overallocated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"

    @property
    def credit(self) -> Decimal:
        """The part of the payment no bill has taken yet."""
        return Decimal(self.amount) - Decimal(self.allocated)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class VoidState(models.TextChoices):
    PENDING = "pending", _("Menunggu persetujuan")
    DONE = "done", _("Dibatalkan")


class PaymentVoid(models.Model):
    """A request to void a payment, with its reason, who asked and who approved.

    Above PAYUNG_VOID_FOUR_EYES_ABOVE a second person approves; the reversal is written then.
    """

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="void")
    reason = models.CharField(_("alasan"), max_length=200)
    state = models.CharField(
        _("status"), max_length=8, choices=VoidState.choices, default=VoidState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pembatalan pembayaran")
        verbose_name_plural = _("pembatalan pembayaran")

    def __str__(self) -> str:
        return f"{self.payment} ({self.state})"


class Allocation(models.Model):
    """Part of a payment applied to a bill, with the late fee that this late part incurs."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    months_late = models.PositiveIntegerField(default=0)
    late_fee = models.DecimalField(_("denda"), default=0, max_digits=16, decimal_places=2)
    late_fee_explanation = models.ForeignKey(
        RuleExplanation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The line of a later bill that bills this late fee (none yet: it goes on the next bill).
    fee_line = models.ForeignKey(
        BillLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="fee_allocations",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["bill_id", "id"]
        verbose_name = _("alokasi pembayaran")
        verbose_name_plural = _("alokasi pembayaran")
        constraints = [
            # Negative only on a reversal's allocations, which take back a voided payment's.
            models.CheckConstraint(condition=~Q(amount=0), name="allocation_amount_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.bill_id}: {self.amount}"
