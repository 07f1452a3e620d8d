"""Import runs: one uploaded roster file, its dry-run preview, and its background apply."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.core.scope import Scope, in_scope
from payung.employers.models import Employer, WorkUnit


class Mode(models.TextChoices):
    ADD = "add", _("Tambah/perbarui")
    REPLACE = "replace", _("Ganti seluruh daftar")


class State(models.TextChoices):
    UPLOADED = "uploaded", _("Diunggah")
    CHECKING = "checking", _("Sedang diperiksa")
    CHECKED = "checked", _("Sudah diperiksa")
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang diterapkan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


FINISHED_STATES = (State.DONE, State.FAILED)
ACTIVE_STATES = (State.CHECKING, State.RUNNING)
"""States in which the worker is reading the file and writes its progress."""
WAITING_STATES = (State.UPLOADED, State.CHECKING, State.QUEUED, State.RUNNING)
"""States a page keeps polling."""


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def in_scope(self, scope: Scope) -> Self:
        """Runs into employers in the scope's regions; a unit operator's, into its unit only."""
        return self.filter(
            in_scope(scope, region_field="employer__region_id", unit_field="unit_id")
        )


def _upload_path(run: "ImportRun", filename: str) -> str:
    return f"imports/{run.employer_id}/uploads/{filename}"


def _report_path(run: "ImportRun", filename: str) -> str:
    return f"imports/{run.employer_id}/reports/{filename}"


class ImportRun(models.Model):
    """One roster file uploaded for an employer (or one of its units), checked, then applied."""

    # Empty for a command-line import without --as; `created_via` then says who ran it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("diunggah oleh"),
    )
    created_via = models.CharField(
        _("dijalankan lewat"),
        max_length=100,
        blank=True,
        help_text=_('Impor dari baris perintah, mis. "cli:import by os-user root".'),
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="import_runs",
        verbose_name=_("pemberi kerja"),
    )
    unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("unit kerja"),
    )
    original_name = models.CharField(_("nama berkas"), max_length=255)
    upload = models.FileField(_("berkas"), upload_to=_upload_path, max_length=255)
    size = models.BigIntegerField(_("ukuran (bita)"), default=0)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ADD)
    effective_date = models.DateField(_("tanggal berlaku"))
    programs = models.JSONField(_("program"), default=list)
    all_or_nothing = models.BooleanField(_("semua atau tidak sama sekali"), default=False)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.UPLOADED
    )
    progress_done = models.PositiveBigIntegerField(_("baris diproses"), default=0)
    progress_total = models.PositiveBigIntegerField(_("jumlah baris"), null=True, blank=True)
    preview = models.JSONField(_("hasil pemeriksaan"), null=True, blank=True)
    result = models.JSONField(_("hasil penerapan"), null=True, blank=True)
    error_report = models.FileField(
        _("laporan kesalahan"), upload_to=_report_path, max_length=255, blank=True
    )
    failure = models.TextField(_("alasan gagal"), blank=True)
    task_id = models.CharField(_("ID tugas"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("mulai diterapkan"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    files_deleted_at = models.DateTimeField(
        _("berkas dihapus"),
        null=True,
        blank=True,
        help_text=_("Berkas unggahan dan laporan kesalahan dihapus setelah masa simpan."),
    )

    history = HistoricalRecords()
    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impor daftar pekerja")
        verbose_name_plural = _("impor daftar pekerja")
        indexes = [models.Index(fields=["employer", "-created_at"], name="importrun_employer")]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.employer} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def uploader(self) -> str:
        """Who started the run: the account, else the command line and its OS user."""
        return self.created_by.username if self.created_by else self.created_via

    @property
    def counts(self) -> dict[str, object]:
        """The applied result's counts when applied, else the dry run's."""
        return self.result or self.preview or {}


CREATED_LABELS = {
    "worker": _("data pekerja"),
    "employment": _("hubungan kerja"),
    "wage": _("upah"),
}


class ImportedRowQuerySet(models.QuerySet["ImportedRow"]):
    def in_scope(self, scope: Scope) -> Self:
        """Rows of imports into employers (units) the scope sees: another employer's import
        names its file and its uploader."""
        return self.filter(
            in_scope(scope, region_field="run__employer__region_id", unit_field="run__unit_id")
        )


class ImportedRow(models.Model):
    """A roster row an import applied by creating records, as the file stated it.

    An import records what it creates once per run (who, when, the file: its `run`) and once
    per row here, instead of a history row for each worker, employment, enrolment and wage it
    creates (five per roster row: most of a million-row import's writes). A worker's page shows
    it as "created by import #N on DATE by USER"; every later change of those records has its
    own history row, as any change does.

    `created` names what the row created: `worker`, `employment`, `wage` and the programs
    enrolled in (`jkk`, `jkm`, ...), separated by spaces; the employer, the effective date
    and the programs are the run's. No database constraints on the references: the import
    writes these rows set-based from rows it has just written itself.
    """

    run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="created_rows",
        db_index=False,
        db_constraint=False,
    )
    worker = models.ForeignKey(
        "workers.Worker",
        on_delete=models.PROTECT,
        related_name="imported_rows",
        db_constraint=False,
    )
    row = models.PositiveIntegerField(_("baris"))
    created = models.CharField(_("yang dibuat"), max_length=80)
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=160)
    birth_date = models.DateField(_("tanggal lahir"), null=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    category = models.CharField(_("kategori"), max_length=24, blank=True)
    unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    start_date = models.DateField(_("mulai"))
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    wage = models.DecimalField(_("upah sebulan (Rp)"), max_digits=14, decimal_places=2, null=True)

    objects = ImportedRowQuerySet.as_manager()

    class Meta:
        ordering = ["run_id", "row"]
        verbose_name = _("baris impor yang membuat data")
        verbose_name_plural = _("baris impor yang membuat data")

    def __str__(self) -> str:
        return f"#{self.run_id} baris/row {self.row}: {self.created}"

    @property
    def created_parts(self) -> list[str]:
        return self.created.split()

    @property
    def created_labels(self) -> str:
        """What the row created, in the reader's language: "data pekerja, hubungan kerja,
        JKK, JKM, upah"."""
        return ", ".join(str(CREATED_LABELS.get(part, part.upper())) for part in self.created_parts)
