"""Claims: a death or a work accident, its heirs and documents, the benefit lines the rules in
force on the event's date gave, the workflow and the payment.

The workflow is draft → submitted → verified → approved → paid, or rejected with a reason; the
employer side files and submits, the branch office verifies and approves (four eyes: the
approver is not the verifier). Every row keeps its history.
"""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.scope import Scope, in_scope
from payung.employers.models import Employer, WorkUnit
from payung.workers.models import Worker


class EventType(models.TextChoices):
    JKM_DEATH = "jkm-death", _("JKM — meninggal bukan karena kecelakaan kerja")
    JKK_DEATH = "jkk-death", _("JKK — meninggal karena kecelakaan kerja")
    JKK_ACCIDENT = "jkk-accident", _("JKK — kecelakaan kerja")


PROGRAM_OF_EVENT = {
    EventType.JKM_DEATH: "jkm",
    EventType.JKK_DEATH: "jkk",
    EventType.JKK_ACCIDENT: "jkk",
}


class ClaimState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Diverifikasi")
    APPROVED = "approved", _("Disetujui")
    PAID = "paid", _("Dibayar")
    REJECTED = "rejected", _("Ditolak")


OPEN_STATES = (ClaimState.DRAFT, ClaimState.SUBMITTED, ClaimState.VERIFIED, ClaimState.APPROVED)


class Outcome(models.TextChoices):
    """The doctor's statement that closes treatment (stage II)."""

    RECOVERED = "recovered", _("Sembuh")
    TEMPORARY = "temporary", _("Sementara tidak mampu bekerja (STMB)")
    PARTIAL = "partial", _("Cacat sebagian tetap")
    TOTAL = "total", _("Cacat total tetap")
    DEATH = "death", _("Meninggal dunia")


class AccidentStatus(models.TextChoices):
    """BPJS's decision whether the accident is a work accident."""

    ACCEPTED = "accepted", _("Diterima sebagai kecelakaan kerja")
    REFUSED = "refused", _("Tidak diterima sebagai kecelakaan kerja")


class SchoolLevel(models.TextChoices):
    """A child's school level for the scholarship (the rules' `benefits/scholarship/<level>`)."""

    PRIMARY = "primary", _("TK/SD")
    JUNIOR_SECONDARY = "junior_secondary", _("SMP")
    SENIOR_SECONDARY = "senior_secondary", _("SMA/SMK")
    HIGHER_EDUCATION = "higher_education", _("Perguruan tinggi")


class TransportMode(models.TextChoices):
    LAND = "land", _("Darat / sungai / danau")
    SEA = "sea", _("Laut")
    AIR = "air", _("Udara")


class HeirRelation(models.TextChoices):
    """Heirs in their legal order (the rule `claims/jkm/heir_order`)."""

    SPOUSE = "spouse", _("Janda / duda")
    CHILD = "child", _("Anak")
    PARENT = "parent", _("Orang tua")
    GRANDCHILD = "grandchild", _("Cucu")
    SIBLING = "sibling", _("Saudara kandung")
    PARENT_IN_LAW = "parent_in_law", _("Mertua")
    TESTAMENTARY = "testamentary", _("Ditunjuk dalam wasiat")
    FUNERAL_ORGANISER = "funeral_organiser", _("Pihak yang mengurus pemakaman")


class DocumentKind(models.TextChoices):
    MEMBER_CARD = "member_card", _("Kartu peserta")
    KTP = "ktp", _("KTP")
    DEATH_CERTIFICATE = "death_certificate", _("Akta/surat keterangan kematian")
    FAMILY_CARD = "family_card", _("Kartu keluarga")
    HEIR_STATEMENT = "heir_statement", _("Surat keterangan ahli waris")
    MARRIAGE_BOOK = "marriage_book", _("Buku nikah")
    DOCTOR_STATEMENT = "doctor_statement", _("Surat keterangan dokter (KK3)")
    TRANSPORT_RECEIPTS = "transport_receipts", _("Kuitansi biaya pengangkutan")
    TREATMENT_RECEIPTS = "treatment_receipts", _("Kuitansi biaya pengobatan")


class ClaimQuerySet(models.QuerySet["Claim"]):
    def in_scope(self, scope: Scope) -> Self:
        """Claims of employers in the scope; a unit operator's, of its unit's workers."""
        return self.filter(
            in_scope(scope, region_field="employer__region_id", unit_field="unit_id")
        )

    def in_region(self, code: str) -> Self:
        """Claims of employers under the region `code`."""
        return self.filter(
            in_scope(Scope(region_codes=(code,)), region_field="employer__region_id")
        )


class Claim(models.Model):
    """A claim for a benefit after a death or a work accident of an enrolled worker."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="claims")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="claims")
    unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    event_type = models.CharField(_("peristiwa"), max_length=20, choices=EventType.choices)
    event_date = models.DateField(_("tanggal peristiwa"))
    event_time = models.TimeField(_("jam peristiwa"), null=True, blank=True)
    reported_at = models.DateTimeField(_("dilaporkan (tahap I)"), null=True, blank=True)
    # Stage I report of a work accident (form KK1)
    place = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    activity = models.CharField(_("kegiatan saat kejadian"), max_length=200, blank=True)
    chronology = models.TextField(_("kronologi"), blank=True)
    witnesses = models.CharField(_("saksi"), max_length=300, blank=True)
    injury = models.CharField(_("cedera"), max_length=200, blank=True)
    first_facility = models.CharField(_("fasilitas kesehatan pertama"), max_length=200, blank=True)
    # Stage II (form KK2) and the amounts it claims
    doctor_statement_date = models.DateField(
        _("tanggal surat keterangan dokter"), null=True, blank=True
    )
    stage2_reported_at = models.DateTimeField(_("dilaporkan (tahap II)"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)
    stmb_months = models.PositiveSmallIntegerField(_("bulan STMB"), null=True, blank=True)
    disability_percent = models.DecimalField(
        _("persentase cacat"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    medical_costs = models.DecimalField(
        _("biaya pengobatan (Rp)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    transport_costs = models.DecimalField(
        _("biaya pengangkutan (Rp)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    transport_mode = models.CharField(
        _("moda angkutan"), max_length=10, choices=TransportMode.choices, blank=True
    )
    children = models.PositiveSmallIntegerField(_("anak penerima beasiswa"), null=True, blank=True)
    children_levels = models.JSONField(
        _("tingkat pendidikan anak"), default=list, blank=True
    )  # one SchoolLevel value per child, in order; "" where not stated
    # BPJS's decision on the work-accident status (within `claims/jkk/status_decision_days`)
    accident_status = models.CharField(
        _("keputusan status kecelakaan kerja"),
        max_length=10,
        choices=AccidentStatus.choices,
        blank=True,
    )
    accident_status_on = models.DateField(_("tanggal keputusan status"), null=True, blank=True)
    accident_status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accident_status_note = models.CharField(
        _("nomor surat / catatan keputusan"), max_length=200, blank=True
    )
    # The assessment on filing, kept with the parameters and references that produced it
    covered = models.BooleanField(_("tercakup"), default=False)
    employer_liable = models.BooleanField(_("ditanggung pemberi kerja"), default=False)
    wage = models.DecimalField(_("upah"), max_digits=14, decimal_places=2, null=True, blank=True)
    paid_through = models.CharField(_("iuran lunas sampai"), max_length=7, blank=True)
    benefit_total = models.DecimalField(
        _("jumlah manfaat"), max_digits=16, decimal_places=2, default=0
    )
    assessment = models.JSONField(_("penilaian"), default=dict)
    # Workflow
    state = models.CharField(
        _("status"), max_length=12, choices=ClaimState.choices, default=ClaimState.DRAFT
    )
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("data sintetis (demo)"), default=False)

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date", "-pk"]
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ClaimState.REJECTED) | ~Q(rejection_reason=""),
                name="claim_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("verified_by")),
                name="claim_four_eyes",
            ),
        ]
        indexes = [models.Index(fields=["state", "event_date"], name="claim_state_event")]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} — {self.worker} ({self.event_date})"

    @property
    def program(self) -> str:
        """The program the event claims from."""
        return PROGRAM_OF_EVENT[EventType(self.event_type)]


class Heir(models.Model):
    """An heir (ahli waris) of a deceased worker, in the legal order."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="heirs")
    name = models.CharField(_("nama"), max_length=160)
    relation = models.CharField(_("hubungan"), max_length=20, choices=HeirRelation.choices)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    rank = models.PositiveSmallIntegerField(_("urutan"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("ahli waris")
        verbose_name_plural = _("ahli waris")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class ClaimDocument(models.Model):
    """One document of the claim's checklist, and whether the office received it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("dokumen"), max_length=30, choices=DocumentKind.choices)
    received_on = models.DateField(_("diterima"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dokumen klaim")
        verbose_name_plural = _("dokumen klaim")
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="claim_document_once"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class BenefitLine(models.Model):
    """One line of the benefit: what, how much, and on what basis (regulation, article)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    item = models.CharField(_("komponen"), max_length=40)
    amount = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    basis = models.CharField(_("dasar"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("baris manfaat")
        verbose_name_plural = _("baris manfaat")

    def __str__(self) -> str:
        return f"{self.item}: {self.amount}"


class ClaimPayment(models.Model):
    """The payment of an approved claim to the heir's or the worker's account."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment")
    paid_on = models.DateField(_("tanggal bayar"))
    amount = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    account_name = models.CharField(_("nama pemilik rekening"), max_length=160)
    account_number = models.CharField(_("nomor rekening"), max_length=40)
    bank = models.CharField(_("bank"), max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pembayaran klaim")
        verbose_name_plural = _("pembayaran klaim")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_payment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.amount} ({self.paid_on})"


class ClaimReminder(models.Model):
    """A reminder mail sent on a day to one recipient: at most one per recipient and day."""

    recipient = models.EmailField(_("penerima"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_on = models.DateField(_("tanggal kirim"))
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    subject = models.CharField(_("subjek"), max_length=200)
    claim_ids = models.JSONField(_("klaim"), default=list)

    class Meta:
        ordering = ["-sent_on", "recipient"]
        verbose_name = _("pengingat klaim")
        verbose_name_plural = _("pengingat klaim")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "sent_on"], name="claim_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.sent_on}"
