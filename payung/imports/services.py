"""Import a roster file: check every row, then apply the valid ones in one transaction.

The file is streamed into a temporary staging table (SQLite: `executemany`; PostgreSQL:
`COPY`), and everything after that is set-based SQL: duplicate NIKs, workers created and
updated, employments, enrolments in each program, the end of enrolments absent from a
replacing roster, and the history of every change. No ORM object is built per row.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from payung.core.access import writer_scope
from payung.core.errors import DomainError, Refusal
from payung.core.history import CHANGED, history_reason, record_bulk_history
from payung.core.scope import Scope, in_scope
from payung.core.spreadsheets import new_workbook, write_cells
from payung.employers.models import Employer, WorkUnit
from payung.employers.selectors import resolve_employer
from payung.enrollments import tally
from payung.enrollments.models import EndReason, Enrollment, Program
from payung.enrollments.services import end_enrollments
from payung.workers.models import Employment, Wage, Worker
from payung.workers.nik import NikRefusalCode

from .models import ImportedRow, ImportRun, State
from .reading import Cell, ImportRefused, Roster, open_roster, refused
from .validation import RowChecker, RowCode, RowIssue, StagedRow, text_of

__all__ = [
    "ImportRefused",
    "ImportResult",
    "RowIssue",
    "import_roster",
    "resolve_employer",
    "write_error_report",
]

MODES = ("add", "replace")
PROGRESS_EVERY = 5_000
ENDING_NAMES_KEPT = 1_000
_BATCH = 5_000
SQLITE_CACHE_KIB = -256 * 1024  # negative: KiB, i.e. 256 MiB
POSTGRES_WORK_MEM = "256MB"  # for the import's transaction only (SET LOCAL)
_NIK_CODES = frozenset(code.value for code in NikRefusalCode) - {
    NikRefusalCode.BIRTH_DATE_MISMATCH,
    NikRefusalCode.SEX_MISMATCH,
    NikRefusalCode.SEX_INVALID,
}

type Progress = Callable[[int, int | None], None]


@dataclass
class ImportResult:
    """What an import found and did; `as_dict` is the CLI's `--json` object."""

    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0
    dry_run: bool = False
    # Replace mode: the employer's (unit's) enrolled workers before the import, and the names
    # of those it ends (the first ENDING_NAMES_KEPT), for the confirmation; not in `as_dict`.
    roster_before: int = 0
    ending_names: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "errors": [issue.as_dict() for issue in self.errors],
            "warnings": [issue.as_dict() for issue in self.warnings],
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "ended": self.ended,
            "dry_run": self.dry_run,
        }


def _own_run(
    *,
    path: Path,
    employer: Employer,
    unit: WorkUnit | None,
    mode: str,
    on: date,
    programs: Sequence[str],
    all_or_nothing: bool,
    actor: Any,
) -> ImportRun:
    """The run record of an import started without one (a script, a test, the benchmark)."""
    user = actor if getattr(actor, "pk", None) else None
    return ImportRun.objects.create(
        created_by=user,
        created_via="" if user else "payung.imports.services.import_roster",
        employer=employer,
        unit=unit,
        original_name=path.name[:255],
        size=path.stat().st_size,
        mode=mode,
        effective_date=on,
        programs=list(programs),
        all_or_nothing=all_or_nothing,
        state=State.RUNNING,
        started_at=timezone.now(),
    )


class _AllOrNothing(Exception):
    """Unwinds the transaction of an all-or-nothing import that has a refused row."""


def import_roster(
    *,
    path: Path,
    employer: Employer,
    unit_code: str | None = None,
    mode: str = "add",
    on: date,
    programs: Sequence[str] = ("jkk", "jkm"),
    dry_run: bool = False,
    all_or_nothing: bool = False,
    actor: Any,
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportResult:
    """Check every row of the roster at `path` and apply the valid ones for `employer`.

    What the import creates is recorded against `run` (`ImportedRow`); without one, an
    applied import makes its own run record, so that every creation names who, when and
    which file.

    Raises `ImportRefused` when the whole file is refused; its `result` attribute, when set,
    holds the row refusals (an all-or-nothing import with a refused row).
    """
    _check_arguments(mode, programs)
    scope = writer_scope(actor)
    unit = allowed_unit(actor=actor, employer=employer, unit_code=unit_code)
    writable_units = WorkUnit.objects.filter(employer=employer).in_scope(scope)
    roster = open_roster(Path(path))
    result = ImportResult(dry_run=dry_run)
    result.warnings.extend(
        RowIssue.of(
            roster.header_row,
            name,
            RowCode.UNKNOWN_COLUMN,
            f'Kolom "{name}" tidak dikenal dan diabaikan.',
            f'Unknown column "{name}" is ignored.',
        )
        for name in roster.unknown_columns
    )
    checker = RowChecker(
        columns=roster.columns,
        headers={name: text_of(roster.header[i]) for name, i in roster.columns.items()},
        units=_unit_keys(writable_units),
        other_units=frozenset(_unit_keys(WorkUnit.objects.filter(employer=employer))),
        default_unit_id=unit.pk if unit else None,
        today=date.today(),
    )
    try:
        with transaction.atomic():
            own_run = run is None and not dry_run
            if own_run:
                run = _own_run(
                    path=Path(path),
                    employer=employer,
                    unit=unit,
                    mode=mode,
                    on=on,
                    programs=programs,
                    all_or_nothing=all_or_nothing,
                    actor=actor,
                )
            _Apply(
                run_id=run.pk if run and not dry_run else None,
                roster=roster,
                checker=checker,
                employer=employer,
                unit=unit,
                mode=mode,
                on=on,
                programs=programs,
                actor=actor,
                scope=scope,
                progress=progress,
                result=result,
                all_or_nothing=all_or_nothing,
            ).run()
            if own_run and run is not None:
                ImportRun.objects.filter(pk=run.pk).update(
                    state=State.DONE, result=result.as_dict(), finished_at=timezone.now()
                )
            if dry_run:
                transaction.set_rollback(True)
    except _AllOrNothing:
        error = refused(
            "file_has_refused_rows",
            f"{result.rejected:,} baris ditolak; dengan pilihan semua-atau-tidak-sama-sekali, "
            "tidak ada baris yang disimpan.",
            f"{result.rejected:,} rows refused; with all-or-nothing, no row was saved.",
        )
        result.created = result.updated = result.unchanged = result.ended = 0
        error.result = result  # type: ignore[attr-defined]
        raise error from None
    return result


class _Apply:
    """One import inside its transaction: stage the rows, then set-based SQL."""

    def __init__(
        self,
        *,
        run_id: int | None,
        roster: Roster,
        checker: RowChecker,
        employer: Employer,
        unit: WorkUnit | None,
        mode: str,
        on: date,
        programs: Sequence[str],
        actor: Any,
        scope: Scope,
        progress: Progress | None,
        result: ImportResult,
        all_or_nothing: bool,
    ) -> None:
        self.run_id = run_id
        self.roster = roster
        self.checker = checker
        self.employer = employer
        self.unit = unit
        self.mode = mode
        self.on = on
        self.programs = list(programs)
        self.actor = actor
        self.scope = scope
        self.progress = progress
        self.result = result
        self.all_or_nothing = all_or_nothing
        self.postgres = connection.vendor == "postgresql"
        self.refused_niks: list[str] = []
        self.unidentified = 0
        self.reason = history_reason(f"Impor daftar pekerja / roster import: {roster.path.name}")
        self.when = datetime.now().astimezone()

    def run(self) -> None:
        result = self.result
        with connection.cursor() as cursor:
            self.cursor = cursor
            _drop_staging(cursor)
            cache_sizes: dict[str, int] = {}
            if self.postgres:
                # Sorts and hashes over the staged rows stay in memory (the default 4 MB spills).
                cursor.execute(f"SET LOCAL work_mem = '{POSTGRES_WORK_MEM}'")
            else:
                # SQLite's default page cache (2 MB) thrashes on million-row index inserts;
                # the staging tables live in the temporary database, which has a cache of its
                # own (the `IN (SELECT id FROM import_new ...)` of the history builds an index
                # of up to two million ids there).
                for schema in ("main", "temp"):
                    cursor.execute(f"PRAGMA {schema}.cache_size")
                    cache_sizes[schema] = int(cursor.fetchone()[0])
                    cursor.execute(f"PRAGMA {schema}.cache_size = {SQLITE_CACHE_KIB}")
            self._create_staging()
            self._stage(self._checked_rows())
            self._execute("CREATE INDEX import_stage_nik ON import_stage (nik)")
            self._analyze()
            self._refuse_duplicates()
            self._check_references()
            self._resolve_workers()
            if self.mode == "replace":
                result.roster_before = self._enrolled_count()
            self._refuse_other_units()
            result.errors.sort(key=lambda issue: issue.row)
            result.accepted = self._count("SELECT COUNT(*) FROM import_stage")
            result.rejected = result.rows - result.accepted
            if self.all_or_nothing and result.rejected:
                raise _AllOrNothing
            self._mark_shared()
            self._warn_enrolled_elsewhere()
            self._take_out_of_tally("worker_id IS NOT NULL", step=1)
            self._update_workers()
            self._create_workers()
            self._take_out_of_tally("worker_id IS NOT NULL AND NOT is_new", step=2)
            self._execute("CREATE INDEX import_stage_worker ON import_stage (worker_id)")
            self._analyze()
            self._place_workers()
            self._declare_wages()
            self._number_enrolments()
            self._enrol_workers()
            if self.mode == "replace":
                self._end_absent()
            self._put_back_into_tally()
            self._record_history()
            if self.run_id is not None:  # None in a dry run: nothing is kept
                self._record_created_rows()
            self._count_outcomes()
            _drop_staging(cursor)
            if not self.postgres:
                for schema, size in cache_sizes.items():
                    cursor.execute(f"PRAGMA {schema}.cache_size = {size}")
        if self.progress:
            self.progress(result.rows, result.rows)

    # -- staging ---------------------------------------------------------------------------

    def _create_staging(self) -> None:
        if self.postgres:
            types = {"int": "integer", "id": "bigint", "date": "date", "bool": "boolean"}
            wage = "numeric(14, 2)"
        else:
            types = {"int": "integer", "id": "integer", "date": "text", "bool": "integer"}
            wage = "numeric"
        self._execute(
            f"""CREATE TEMPORARY TABLE import_stage (
                row_no {types["int"]} NOT NULL, nik text NOT NULL, name text NOT NULL,
                birth_date {types["date"]}, nik_birth_date {types["date"]} NOT NULL,
                nik_sex text NOT NULL, sex text, category text, wage {wage},
                unit_id {types["id"]}, start_date {types["date"]}, kpj text NOT NULL,
                worker_id {types["id"]}, wage_from {types["date"]},
                shared {types["bool"]} NOT NULL DEFAULT FALSE,
                is_new {types["bool"]} NOT NULL DEFAULT FALSE,
                changed {types["bool"]} NOT NULL DEFAULT FALSE,
                touched {types["bool"]} NOT NULL DEFAULT FALSE)"""
        )
        self._execute("CREATE TEMPORARY TABLE import_refused (nik text NOT NULL)")
        self._execute(
            f"""CREATE TEMPORARY TABLE import_new (
                kind text NOT NULL, id {types["id"]} NOT NULL, worker_id {types["id"]} NOT NULL)"""
        )

    def _checked_rows(self) -> Iterator[StagedRow]:
        """Valid rows of the file; refusals go to the result as they are found."""
        result, check, progress = self.result, self.checker.check, self.progress
        total = self.roster.total_rows
        errors = result.errors
        for number, cells in self.roster.rows():
            result.rows += 1
            staged, issues = check(number, cells)
            if staged is not None:
                yield staged
            else:
                errors.extend(issues)
                self._remember_refused(cells, issues)
            if progress and result.rows % PROGRESS_EVERY == 0:
                progress(result.rows, total)

    def _remember_refused(self, cells: list[Cell], issues: list[RowIssue]) -> None:
        """Keep a refused row's worker from being ended by a replacing roster."""
        if any(issue.code in _NIK_CODES for issue in issues):
            self.unidentified += 1
            return
        position = self.roster.columns["nik"]
        if position < len(cells):
            self.refused_niks.append(str(cells[position]).strip())

    def _stage(self, rows: Iterator[StagedRow]) -> None:
        columns = (
            "row_no, nik, name, birth_date, nik_birth_date, nik_sex, sex, category, wage, "
            "unit_id, start_date, kpj"
        )
        if self.postgres:
            with self.cursor.copy(f"COPY import_stage ({columns}) FROM STDIN") as copy:
                copy.set_types(
                    [
                        "int4",
                        "text",
                        "text",
                        "date",
                        "date",
                        "text",
                        "text",
                        "text",
                        "numeric",
                        "int8",
                        "date",
                        "text",
                    ]
                )
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO import_stage ({columns}) VALUES ({', '.join(['%s'] * 12)})"
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(
                    (
                        row[0],
                        row[1],
                        row[2],
                        _iso(row[3]),
                        row[4].isoformat(),
                        row[5],
                        row[6],
                        row[7],
                        None if row[8] is None else str(row[8]),
                        row[9],
                        _iso(row[10]),
                        row[11],
                    )
                )
                if len(batch) >= _BATCH:
                    self.cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                self.cursor.executemany(sql, batch)
        if self.refused_niks:
            self.cursor.executemany(
                "INSERT INTO import_refused (nik) VALUES (%s)", [(n,) for n in self.refused_niks]
            )

    def _refuse_duplicates(self) -> None:
        """A NIK on more than one row: every such row is refused."""
        self.cursor.execute(
            """SELECT nik, row_no FROM import_stage WHERE nik IN (
                   SELECT nik FROM import_stage GROUP BY nik HAVING COUNT(*) > 1)
               ORDER BY nik, row_no"""
        )
        rows_of: dict[str, list[int]] = defaultdict(list)
        for nik, row_no in self.cursor.fetchall():
            rows_of[nik].append(row_no)
        if not rows_of:
            return
        header = self.checker.headers.get("nik", "nik")
        for numbers in rows_of.values():
            for number in numbers:
                others = ", ".join(str(n) for n in numbers if n != number)
                self.result.errors.append(
                    RowIssue.of(
                        number,
                        header,
                        RowCode.NIK_DUPLICATE_IN_FILE,
                        f"NIK ini juga ada di baris {others}; semua baris dengan NIK yang sama "
                        "ditolak. Tentukan baris mana yang benar.",
                        f"This NIK is also on row {others}; every row with the same NIK is "
                        "refused. Decide which row is right.",
                    )
                )
        self._execute(
            """INSERT INTO import_refused (nik) SELECT DISTINCT nik FROM import_stage
               WHERE nik IN (SELECT nik FROM import_stage GROUP BY nik HAVING COUNT(*) > 1)"""
        )
        self._execute("DELETE FROM import_stage WHERE nik IN (SELECT nik FROM import_refused)")

    def _check_references(self) -> None:
        """The employer and the staged rows' work units exist: checked here, set-based, since
        employments, enrolments and wages have no database foreign key to them (one check per
        written row at COMMIT cost more than the writes; docs/performance.md).

        On PostgreSQL the employer row stays locked until the import commits: one import of an
        employer at a time, and the employer cannot be deleted meanwhile (SQLite's write lock
        covers the whole file).
        """
        lock = " FOR UPDATE" if self.postgres else ""
        self.cursor.execute(
            f"SELECT id FROM employers_employer WHERE id = %s{lock}", [self.employer.pk]
        )
        if self.cursor.fetchone() is None:
            raise refused(
                "employer_gone",
                "Pemberi kerja ini sudah tidak ada di register; tidak ada yang disimpan.",
                "This employer is no longer in the register; nothing was saved.",
            )
        self.cursor.execute(
            """SELECT row_no, nik FROM import_stage AS s
               WHERE s.unit_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM employers_workunit AS u
                   WHERE u.id = s.unit_id AND u.employer_id = %s)
               ORDER BY row_no""",
            [self.employer.pk],
        )
        self._refuse_staged(
            self.cursor.fetchall(),
            column="unit_kerja",
            code=RowCode.UNIT_UNKNOWN,
            message_id="Unit kerja baris ini sudah tidak ada pada pemberi kerja ini (dihapus "
            "selama impor); isi unit kerja yang terdaftar lalu impor ulang.",
            message_en="This row's work unit is no longer one of this employer's (it was "
            "deleted during the import); give a registered work unit and import again.",
            where="""unit_id IS NOT NULL AND unit_id NOT IN (
                         SELECT id FROM employers_workunit WHERE employer_id = %s)""",
            params=[self.employer.pk],
        )

    def _refuse_staged(
        self,
        rows: list[tuple[int, str]],
        *,
        column: str,
        code: RowCode,
        message_id: str,
        message_en: str,
        where: str,
        params: Sequence[Any],
    ) -> None:
        """Refuse staged `rows` (row number, NIK) found after staging: a refusal each, their
        NIKs kept from a replacing roster's endings, and the rows `where` selects unstaged."""
        if not rows:
            return
        header = self.checker.headers.get(column, column)
        self.result.errors.extend(
            RowIssue.of(row_no, header, code, message_id, message_en) for row_no, _nik in rows
        )
        self.cursor.executemany(
            "INSERT INTO import_refused (nik) VALUES (%s)", [(nik,) for _, nik in rows]
        )
        self._execute(f"DELETE FROM import_stage WHERE {where}", params)

    # -- applying --------------------------------------------------------------------------

    def _resolve_workers(self) -> None:
        self._execute(
            """UPDATE import_stage AS s SET worker_id = w.id FROM workers_worker AS w
               WHERE w.nik = s.nik AND s.worker_id IS NULL"""
        )

    def _refuse_other_units(self) -> None:
        """A worker employed by this employer in a unit the uploader may not write is refused.

        Moving them into the row's unit would change an employment outside the uploader's
        scope (an operator of Damkar cannot take Satpol PP's workers); only an officer whose
        scope covers both units can.
        """
        if self.scope.unit_ids is None:
            return
        current = Employment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.on),
            employer=self.employer,
            worker_id__in=RawSQL("SELECT worker_id FROM import_stage", []),
        ).exclude(in_scope(self.scope, region_field="employer__region_id", unit_field="unit_id"))
        sql, params = current.values("worker_id").query.sql_with_params()
        self.cursor.execute(
            f"SELECT row_no, nik FROM import_stage WHERE worker_id IN ({sql}) ORDER BY row_no",
            params,
        )
        self._refuse_staged(
            self.cursor.fetchall(),
            column="nik",
            code=RowCode.WORKER_IN_OTHER_UNIT,
            message_id="Pekerja ini bekerja di unit kerja lain pada pemberi kerja ini, di luar "
            "wewenang Anda; minta petugas yang wewenangnya mencakup kedua unit untuk "
            "memindahkannya.",
            message_en="This worker works in another work unit of this employer, outside what "
            "you may change; ask an officer whose scope covers both units to transfer them.",
            where=f"worker_id IN ({sql})",
            params=params,
        )

    def _mark_shared(self) -> None:
        """Rows whose worker has an open employment outside the uploader's scope are `shared`:
        their identity (name, birth date, sex, category) is left as it is."""
        if self.scope.everything:
            return
        outside = Employment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.on),
            worker_id__in=RawSQL("SELECT worker_id FROM import_stage", []),
        ).exclude(in_scope(self.scope, region_field="employer__region_id", unit_field="unit_id"))
        sql, params = outside.values("worker_id").query.sql_with_params()
        self._execute(f"UPDATE import_stage SET shared = TRUE WHERE worker_id IN ({sql})", params)

    def _warn_enrolled_elsewhere(self) -> None:
        """Say which other employers enrol the worker, naming only those the uploader sees."""
        self.cursor.execute(
            """SELECT DISTINCT s.row_no, e.employer_id FROM import_stage AS s
               JOIN enrollments_enrollment AS e ON e.worker_id = s.worker_id
               WHERE e.employer_id <> %s AND e.start_date <= %s
                 AND (e.end_date IS NULL OR e.end_date >= %s)
               ORDER BY s.row_no""",
            [self.employer.pk, self.on, self.on],
        )
        found = self.cursor.fetchall()
        visible = dict(
            Employer.objects.in_scope(self.scope)
            .filter(pk__in={employer_id for _, employer_id in found})
            .values_list("pk", "name")
        )
        named: dict[int, list[str]] = defaultdict(list)
        unseen: set[int] = set()
        for row_no, employer_id in found:
            if employer_id in visible:
                named[row_no].append(visible[employer_id])
            else:
                unseen.add(row_no)
        header = self.checker.headers.get("nik", "nik")
        for row_no in sorted(named.keys() | unseen):
            names_id = sorted(named[row_no]) + (["pemberi kerja lain"] if row_no in unseen else [])
            names_en = sorted(named[row_no]) + (["another employer"] if row_no in unseen else [])
            self.result.warnings.append(
                RowIssue.of(
                    row_no,
                    header,
                    RowCode.NIK_ENROLLED_ELSEWHERE,
                    f"Pekerja ini juga terdaftar sebagai peserta pada {', '.join(names_id)}.",
                    f"This worker is also enrolled with {', '.join(names_en)}.",
                )
            )

    def _update_workers(self) -> None:
        """Change only what the file states; a blank cell never erases a stored value.

        A worker who also works outside the uploader's scope keeps their identity; the row
        gets a warning instead (an officer whose scope covers both employers can correct it).
        """
        differs = """w.name <> s.name
                    OR (s.birth_date IS NOT NULL AND w.birth_date <> s.birth_date)
                    OR (s.sex IS NOT NULL AND w.sex <> s.sex)
                    OR (s.category IS NOT NULL AND w.category <> s.category)"""
        self.cursor.execute(
            f"""SELECT s.row_no FROM import_stage AS s JOIN workers_worker AS w
                ON w.id = s.worker_id WHERE s.shared AND ({differs}) ORDER BY s.row_no"""
        )
        header = self.checker.headers.get("nama", "nama")
        self.result.warnings.extend(
            RowIssue.of(
                row_no,
                header,
                RowCode.IDENTITY_LEFT_UNCHANGED,
                "Nama, tanggal lahir, jenis kelamin atau kategori di berkas berbeda dengan "
                "register, tetapi pekerja ini juga bekerja di luar wewenang Anda: data dirinya "
                "tidak diubah. Petugas yang wewenangnya mencakup semua pemberi kerjanya dapat "
                "memperbaikinya.",
                "The name, birth date, sex or category in the file differ from the register, "
                "but this worker also works outside what you may change: their identity was "
                "left as it is. An officer whose scope covers all their employers can correct it.",
            )
            for (row_no,) in self.cursor.fetchall()
        )
        self._execute(
            f"""UPDATE import_stage AS s SET changed = TRUE FROM workers_worker AS w
                WHERE w.id = s.worker_id AND NOT s.shared AND ({differs})"""
        )
        self._execute(
            """UPDATE workers_worker AS w SET name = s.name,
                   birth_date = COALESCE(s.birth_date, w.birth_date),
                   sex = COALESCE(s.sex, w.sex),
                   category = COALESCE(s.category, w.category)
               FROM import_stage AS s WHERE s.worker_id = w.id AND s.changed"""
        )

    def _create_workers(self) -> None:
        insert = """INSERT INTO workers_worker
                        (nik, name, birth_date, sex, category, is_synthetic)
                    SELECT nik, name, nik_birth_date, nik_sex, COALESCE(category, 'non_asn'),
                           FALSE
                    FROM import_stage WHERE worker_id IS NULL ORDER BY row_no"""
        if self.postgres:
            # A worker created meanwhile by another employer's import is found, not duplicated.
            self._execute(
                f"""WITH created AS ({insert} ON CONFLICT (nik) DO NOTHING RETURNING id, nik)
                    UPDATE import_stage AS s SET worker_id = created.id, is_new = TRUE
                    FROM created WHERE s.nik = created.nik"""
            )
            self._resolve_workers()
        else:
            self._execute(insert)
            self._execute(
                """UPDATE import_stage AS s SET worker_id = w.id, is_new = TRUE
                   FROM workers_worker AS w WHERE w.nik = s.nik AND s.worker_id IS NULL"""
            )

    def _place_workers(self) -> None:
        """An employment with the employer (in the row's unit) unless one is current."""
        employer, on = self.employer.pk, self.on
        current = """m.employer_id = %s AND (m.end_date IS NULL OR m.end_date >= %s)"""
        self._execute(
            f"""INSERT INTO import_new (kind, id, worker_id)
                SELECT 'employment~', m.id, m.worker_id FROM workers_employment AS m
                JOIN import_stage AS s ON s.worker_id = m.worker_id
                WHERE {current} AND s.unit_id IS NOT NULL
                  AND (m.unit_id IS NULL OR m.unit_id <> s.unit_id)""",
            [employer, on],
        )
        self._execute(
            """UPDATE workers_employment AS m SET unit_id = s.unit_id FROM import_stage AS s
               WHERE m.id IN (SELECT id FROM import_new WHERE kind = 'employment~')
                 AND s.worker_id = m.worker_id""",
        )
        self._execute(
            """UPDATE import_stage SET touched = TRUE WHERE worker_id IN (
                   SELECT worker_id FROM import_new WHERE kind = 'employment~')"""
        )
        insert = """INSERT INTO workers_employment (worker_id, employer_id, unit_id, start_date)
                    SELECT s.worker_id, %s, s.unit_id, COALESCE(s.start_date, %s)
                    FROM import_stage AS s"""
        self._execute(f"{insert} WHERE s.is_new ORDER BY s.row_no", [employer, on])
        self._insert_tracked(
            "employment+",
            f"""{insert} WHERE NOT s.is_new AND NOT EXISTS (
                    SELECT 1 FROM workers_employment AS m
                    WHERE m.worker_id = s.worker_id AND {current})
                ORDER BY s.row_no""",
            [employer, on, employer, on],
        )

    def _declare_wages(self) -> None:
        """A stated wage is the employer's wage for the worker from the import's date (from the
        row's start date when the employer declares its first wage for them), unless it is
        already the wage in force then. Earlier wages stay: past months keep theirs."""
        employer, on = self.employer.pk, self.on
        self._execute(
            """INSERT INTO workers_wage (employer_id, worker_id, start_date, amount)
               SELECT %s, s.worker_id, COALESCE(s.start_date, %s), s.wage
               FROM import_stage AS s WHERE s.is_new AND s.wage IS NOT NULL ORDER BY s.row_no""",
            [employer, on],
        )
        self._execute(
            """UPDATE import_stage AS s SET wage_from = CASE WHEN EXISTS (
                   SELECT 1 FROM workers_wage AS g
                   WHERE g.employer_id = %s AND g.worker_id = s.worker_id)
                 THEN %s ELSE COALESCE(s.start_date, %s) END
               WHERE s.wage IS NOT NULL AND NOT s.is_new""",
            [employer, on, on],
        )
        self._execute(
            """UPDATE import_stage AS s SET wage_from = NULL
               WHERE s.wage_from IS NOT NULL AND s.wage = (
                   SELECT g.amount FROM workers_wage AS g
                   WHERE g.employer_id = %s AND g.worker_id = s.worker_id
                     AND g.start_date <= s.wage_from
                   ORDER BY g.start_date DESC LIMIT 1)""",
            [employer],
        )
        self._execute(
            """INSERT INTO import_new (kind, id, worker_id)
               SELECT 'wage~', g.id, g.worker_id FROM workers_wage AS g
               JOIN import_stage AS s ON s.worker_id = g.worker_id
               WHERE g.employer_id = %s AND g.start_date = s.wage_from""",
            [employer],
        )
        self._execute(
            """UPDATE workers_wage AS g SET amount = s.wage FROM import_stage AS s
               WHERE g.id IN (SELECT id FROM import_new WHERE kind = 'wage~')
                 AND s.worker_id = g.worker_id"""
        )
        self._insert_tracked(
            "wage+",
            """INSERT INTO workers_wage (employer_id, worker_id, start_date, amount)
               SELECT %s, s.worker_id, s.wage_from, s.wage FROM import_stage AS s
               WHERE s.wage_from IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM workers_wage AS g WHERE g.employer_id = %s
                     AND g.worker_id = s.worker_id AND g.start_date = s.wage_from)
               ORDER BY s.row_no""",
            [employer, employer],
        )
        self._execute("UPDATE import_stage SET touched = TRUE WHERE wage_from IS NOT NULL")

    def _take_out_of_tally(self, condition: str, *, step: int) -> None:
        """Take the staged workers' coverage out of the tally before their enrolments or
        category change: those known at first (step 1), then those another import created
        meanwhile (step 2); the workers this import creates have none yet."""
        if step == 1:
            self._execute(
                "CREATE TEMPORARY TABLE import_tallied (worker_id bigint NOT NULL, step integer)"
            )
        self._execute(
            f"""INSERT INTO import_tallied (worker_id, step)
                SELECT DISTINCT worker_id, {step:d} FROM import_stage WHERE {condition}
                  AND worker_id NOT IN (SELECT worker_id FROM import_tallied)"""
        )
        tally.take_out("SELECT worker_id FROM import_tallied WHERE step = %s", [step])

    def _put_back_into_tally(self) -> None:
        """Put the staged workers' coverage back, as the import left it (`_end_absent`
        reconciles the absent workers it ends itself). The workers this import created have
        only its enrolments: they are added by group, without the merging of periods."""
        tally.put_back("SELECT worker_id FROM import_tallied")
        tally.add_first_enrolments(
            """SELECT %s, unit_id, COALESCE(category, 'non_asn'), COALESCE(start_date, %s),
                      COUNT(*)
               FROM import_stage WHERE is_new GROUP BY unit_id, category, start_date""",
            [self.employer.region_id, self.on],
            self.programs,
        )

    def _number_enrolments(self) -> None:
        """A KPJ number in the file goes on the worker's current enrolments in the programs.

        A number already there and different is replaced (the old one stays in history): the
        file is what the office states now, and nothing it states is dropped.
        """
        placeholders = ", ".join(["%s"] * len(self.programs))
        self._execute(
            f"""INSERT INTO import_new (kind, id, worker_id)
                SELECT 'enrollment~', e.id, e.worker_id FROM enrollments_enrollment AS e
                JOIN import_stage AS s ON s.worker_id = e.worker_id
                WHERE e.employer_id = %s AND e.program IN ({placeholders})
                  AND s.kpj <> '' AND e.kpj <> s.kpj
                  AND (e.end_date IS NULL OR e.end_date >= %s)""",
            [self.employer.pk, *self.programs, self.on],
        )
        self._execute(
            """UPDATE enrollments_enrollment AS e SET kpj = s.kpj FROM import_stage AS s
               WHERE e.id IN (SELECT id FROM import_new WHERE kind = 'enrollment~')
                 AND s.worker_id = e.worker_id"""
        )
        self._execute(
            """UPDATE import_stage SET touched = TRUE WHERE worker_id IN (
                   SELECT worker_id FROM import_new WHERE kind = 'enrollment~')"""
        )

    def _enrol_workers(self) -> None:
        """Enrol in each program from the row's start date unless an enrolment overlaps it."""
        employer, on = self.employer.pk, self.on
        insert = """INSERT INTO enrollments_enrollment
                        (worker_id, employer_id, program, start_date, end_reason, kpj)
                    SELECT s.worker_id, %s, %s, COALESCE(s.start_date, %s), '', s.kpj
                    FROM import_stage AS s"""
        for program in self.programs:
            self._execute(f"{insert} WHERE s.is_new ORDER BY s.row_no", [employer, program, on])
            self._insert_tracked(
                f"enrollment+{program}",
                f"""{insert} WHERE NOT s.is_new AND NOT EXISTS (
                       SELECT 1 FROM enrollments_enrollment AS e
                       WHERE e.worker_id = s.worker_id AND e.program = %s
                         AND e.employer_id = %s
                         AND (e.end_date IS NULL OR e.end_date >= COALESCE(s.start_date, %s)))
                   ORDER BY s.row_no""",
                [employer, program, on, program, employer, on],
            )

    def _enrolled_count(self) -> int:
        """How many of the employer's (unit's) workers are enrolled on the import's date."""
        enrolled = Enrollment.objects.filter(employer=self.employer).active_on(self.on)
        if self.unit is not None:
            in_unit = Employment.objects.filter(employer=self.employer, unit=self.unit).active_on(
                self.on
            )
            enrolled = enrolled.filter(Exists(in_unit.filter(worker_id=OuterRef("worker_id"))))
        return int(enrolled.aggregate(n=Count("worker_id", distinct=True))["n"])

    def _end_absent(self) -> None:
        """Replace mode: end the enrolments of the employer's (unit's) workers not in the file."""
        if self.unidentified:
            self.result.warnings.append(
                RowIssue.of(
                    0,
                    "",
                    RowCode.REPLACE_SKIPPED,
                    f"Tidak ada kepesertaan yang diakhiri: NIK pada {self.unidentified:,} baris "
                    "ditolak sehingga pekerjanya tidak dapat dikenali. Perbaiki baris tersebut "
                    "lalu impor ulang.",
                    f"No enrolment was ended: the NIK on {self.unidentified:,} rows was refused, "
                    "so their workers cannot be identified. Fix those rows and import again.",
                )
            )
            return
        absent = Enrollment.objects.filter(employer=self.employer).exclude(
            Q(worker_id__in=RawSQL("SELECT worker_id FROM import_stage", []))
            | Q(worker__nik__in=RawSQL("SELECT nik FROM import_refused", []))
        )
        employments = Employment.objects.filter(employer=self.employer).active_on(self.on)
        if self.unit is not None:
            employments = employments.filter(unit=self.unit)
            absent = absent.filter(Exists(employments.filter(worker_id=OuterRef("worker_id"))))
        ending = absent.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=self.on), start_date__lte=self.on
        )
        workers = list(ending.order_by().values_list("worker_id", flat=True).distinct())
        self.result.ending_names = list(
            Worker.objects.filter(pk__in=workers[:ENDING_NAMES_KEPT])
            .order_by("name", "pk")
            .values_list("name", flat=True)
        )
        end_enrollments(
            enrollments=ending, on=self.on, reason=EndReason.NOT_IN_ROSTER, actor=self.actor
        )
        self.result.ended = len(workers)
        for start in range(0, len(workers), 10_000):
            chunk = workers[start : start + 10_000]
            ended_jobs = employments.filter(worker_id__in=chunk, start_date__lte=self.on).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=self.on)
            )
            ids = list(ended_jobs.values_list("pk", flat=True))
            Employment.objects.filter(pk__in=ids).update(end_date=self.on)
            record_bulk_history(
                Employment.objects.filter(pk__in=ids),
                history_type=CHANGED,
                actor=self.actor,
                reason=str(EndReason.NOT_IN_ROSTER.label),
            )

    def _record_history(self) -> None:
        """A history row for each record the import changed; what it created is recorded once
        per roster row (`_record_created_rows`)."""
        changes: list[QuerySet[Any]] = [
            Worker.objects.filter(pk__in=_stage_ids("worker_id", "changed")),
            Employment.objects.filter(pk__in=_new_ids("employment~")),
            Enrollment.objects.filter(pk__in=_new_ids("enrollment~")),
            Wage.objects.filter(pk__in=_new_ids("wage~")),
        ]
        for queryset in changes:
            record_bulk_history(
                queryset, history_type=CHANGED, actor=self.actor, reason=self.reason, when=self.when
            )

    def _record_created_rows(self) -> None:
        """One `ImportedRow` per roster row that created a record: the row as written, and
        what it created (the worker, the employment, the programs enrolled in, the wage)."""
        columns = f"""INSERT INTO {ImportedRow._meta.db_table}
                (run_id, worker_id, "row", created, nik, name, birth_date, sex, category,
                 unit_id, start_date, kpj, wage)"""
        # The import's new workers got all of it (the words in alphabetical order, as below).
        made = " ".join(["worker", "employment", *sorted(self.programs)])
        self._execute(
            f"""{columns}
                SELECT %s, worker_id, row_no,
                       CASE WHEN wage IS NULL THEN %s ELSE %s END,
                       nik, name, nik_birth_date, nik_sex, COALESCE(category, 'non_asn'),
                       unit_id, COALESCE(start_date, %s), kpj, wage
                FROM import_stage WHERE is_new ORDER BY row_no""",
            [self.run_id, made, f"{made} wage", self.on],
        )
        # Workers already registered: what `import_new` says was created for them.
        words = """SELECT worker_id, CASE kind WHEN 'employment+' THEN 'employment'
                       WHEN 'wage+' THEN 'wage' ELSE substr(kind, 12) END AS word
                   FROM import_new WHERE kind LIKE '%%+%%'"""
        if self.postgres:
            grouped = f"""SELECT worker_id, string_agg(word, ' ' ORDER BY word) AS words
                          FROM ({words}) AS n GROUP BY worker_id"""
        else:  # SQLite keeps the order of an ordered subquery in group_concat
            grouped = f"""SELECT worker_id, group_concat(word, ' ') AS words
                          FROM ({words} ORDER BY worker_id, word) GROUP BY worker_id"""
        self._execute(
            f"""{columns}
                SELECT %s, s.worker_id, s.row_no, n.words, s.nik, s.name, s.birth_date,
                       COALESCE(s.sex, ''), COALESCE(s.category, ''), s.unit_id,
                       COALESCE(s.start_date, %s), s.kpj, s.wage
                FROM import_stage AS s JOIN ({grouped}) AS n ON n.worker_id = s.worker_id
                WHERE NOT s.is_new ORDER BY s.row_no""",
            [self.run_id, self.on],
        )

    def _count_outcomes(self) -> None:
        result = self.result
        enrolled = "worker_id IN (SELECT worker_id FROM import_new WHERE kind LIKE 'enrollment+%')"
        result.created = self._count(
            f"SELECT COUNT(*) FROM import_stage WHERE is_new OR {enrolled}"
        )
        result.updated = self._count(
            f"""SELECT COUNT(*) FROM import_stage
                WHERE NOT (is_new OR {enrolled}) AND (changed OR touched)"""
        )
        result.unchanged = result.accepted - result.created - result.updated

    # -- helpers ---------------------------------------------------------------------------

    def _insert_tracked(self, kind: str, insert: str, params: list[Any]) -> None:
        """Run an INSERT ... SELECT and note the ids it created in `import_new`.

        On PostgreSQL they come back from the statement itself (RETURNING), not read again.
        """
        if self.postgres:
            self._execute(
                f"""WITH created AS ({insert} RETURNING id, worker_id)
                    INSERT INTO import_new (kind, id, worker_id)
                    SELECT %s, id, worker_id FROM created""",
                [*params, kind],
            )
            return
        # SQLite: the transaction holds the database's only write lock, so ids above the
        # largest before the insert are all ours.
        table = insert.split()[2]
        before = self._count(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        self._execute(insert, params)
        self._execute(
            f"""INSERT INTO import_new (kind, id, worker_id)
                SELECT %s, id, worker_id FROM {table} WHERE id > %s""",
            [kind, before],
        )

    def _analyze(self) -> None:
        """PostgreSQL never analyses a temporary table itself; without statistics it guesses."""
        if self.postgres:
            self._execute("ANALYZE import_stage")

    def _execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.cursor.execute(sql, params)

    def _count(self, sql: str) -> int:
        self.cursor.execute(sql)
        return int(self.cursor.fetchone()[0])


def _stage_ids(column: str, flag: str) -> RawSQL:
    return RawSQL(f"SELECT {column} FROM import_stage WHERE {flag}", [])


def _new_ids(kind: str) -> RawSQL:
    return RawSQL("SELECT id FROM import_new WHERE kind = %s", [kind])


def _drop_staging(cursor: Any) -> None:
    """Drop the temporary tables: they would outlive a committed transaction on SQLite.

    A rolled-back transaction takes them away itself (their creation is rolled back too).
    """
    for table in ("import_stage", "import_refused", "import_new", "import_tallied"):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _check_arguments(mode: str, programs: Sequence[str]) -> None:
    if mode not in MODES:
        raise DomainError(
            Refusal(
                "mode_unknown",
                f'Mode "{mode}" tidak dikenal; pilih "add" atau "replace".',
                f'Unknown mode "{mode}"; use "add" or "replace".',
                field="mode",
            )
        )
    unknown = [program for program in programs if program not in Program.values]
    if unknown or not programs:
        raise DomainError(
            Refusal(
                "program_unknown",
                f"Program tidak dikenal: {', '.join(unknown) or '(kosong)'}; pilih dari "
                f"{', '.join(Program.values)}.",
                f"Unknown program: {', '.join(unknown) or '(none)'}; choose from "
                f"{', '.join(Program.values)}.",
                field="programs",
            )
        )


def allowed_unit(*, actor: Any, employer: Employer, unit_code: str | None) -> WorkUnit | None:
    """The unit an import by `actor` into `employer` is for; refuse what it may not change."""
    scope = writer_scope(actor)
    if not (scope.can_write and Employer.objects.in_scope(scope).filter(pk=employer.pk).exists()):
        raise _not_allowed()
    return _unit(
        employer, unit_code, WorkUnit.objects.filter(employer=employer).in_scope(scope), scope
    )


def _not_allowed() -> DomainError:
    return DomainError(
        Refusal(
            "import_not_allowed",
            "Anda tidak berhak mengimpor daftar pekerja ke pemberi kerja ini.",
            "You may not import a roster into this employer.",
            field="employer",
        )
    )


def _unit(
    employer: Employer, code: str | None, writable: QuerySet[WorkUnit], scope: Scope
) -> WorkUnit | None:
    """The work unit the whole file is for; a unit operator's import must name its own."""
    if not code:
        if scope.unit_ids is not None:
            raise DomainError(
                Refusal(
                    "import_unit_required",
                    "Pilih unit kerja Anda: operator unit hanya boleh mengimpor ke unitnya "
                    "sendiri.",
                    "Choose your work unit: a unit operator may import only into its own unit.",
                    field="unit",
                )
            )
        return None
    found = WorkUnit.objects.filter(employer=employer, code__iexact=code.strip()).first()
    if found is None:
        raise DomainError(
            Refusal(
                "unit_unknown",
                f'{employer.name} tidak memiliki unit kerja berkode "{code}".',
                f'{employer.name} has no work unit with code "{code}".',
                field="unit",
            )
        )
    if not writable.filter(pk=found.pk).exists():
        raise DomainError(
            Refusal(
                "import_unit_not_allowed",
                "Unit kerja ini di luar wewenang Anda.",
                "This work unit is outside what you may change.",
                field="unit",
            )
        )
    return found


def _unit_keys(units: QuerySet[WorkUnit]) -> dict[str, int | None]:
    """Lower-cased codes and names of `units`; None for a name two units share."""
    keys: dict[str, int | None] = {}
    rows = list(units.values_list("pk", "code", "name"))
    for pk, _code, name in rows:
        key = " ".join(name.split()).lower()
        keys[key] = None if key in keys and keys[key] != pk else pk
    for pk, code, _name in rows:  # a code wins over a name
        keys[code.strip().lower()] = pk
    return keys


def write_error_report(
    *, path: Path | str, result: ImportResult, out: Path | str, only_with_issues: bool = False
) -> None:
    """The original rows plus columns of refusals and warnings, as .xlsx."""
    messages: dict[int, list[str]] = defaultdict(list)
    notes: dict[int, list[str]] = defaultdict(list)
    for issue in result.errors:
        messages[issue.row].append(f"[{issue.column}] {issue.message}")
    for issue in result.warnings:
        notes[issue.row].append(f"[{issue.column}] {issue.message}".strip())
    roster = open_roster(Path(path))
    workbook = new_workbook(Path(out), constant_memory=True)
    try:
        sheet = workbook.add_worksheet("laporan")
        bold = workbook.add_format({"bold": True})
        error_format = workbook.add_format({"font_color": "#9c0006", "text_wrap": False})
        date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
        width = len(roster.header)
        write_cells(sheet, 0, 0, [text_of(cell) for cell in roster.header], bold)
        sheet.write_string(0, width, "baris / row", bold)
        sheet.write_string(0, width + 1, "kesalahan / errors", bold)
        sheet.write_string(0, width + 2, "peringatan / warnings", bold)
        line = 1
        for number, cells in roster.rows():
            if only_with_issues and number not in messages and number not in notes:
                continue
            for column, cell in enumerate(cells[:width]):
                _write_cell(sheet, line, column, cell, date_format)
            sheet.write_number(line, width, number)
            if number in messages:
                sheet.write_string(line, width + 1, "; ".join(messages[number]), error_format)
            if number in notes:
                sheet.write_string(line, width + 2, "; ".join(notes[number]))
            line += 1
        _write_file_notes(workbook, bold, result, first_data_row=roster.header_row + 1)
    finally:
        workbook.close()


def _write_file_notes(workbook: Any, bold: Any, result: ImportResult, first_data_row: int) -> None:
    """Refusals and warnings about the file rather than a row (an unknown column, say)."""
    notes = [issue for issue in (*result.errors, *result.warnings) if issue.row < first_data_row]
    if not notes:
        return
    sheet = workbook.add_worksheet("berkas")
    write_cells(sheet, 0, 0, ["kolom / column", "kode / code", "catatan / note"], bold)
    for line, issue in enumerate(notes, start=1):
        write_cells(sheet, line, 0, [issue.column, issue.code, issue.message])


def _write_cell(sheet: Any, line: int, column: int, cell: Cell, date_format: Any) -> None:
    if cell is None or cell == "":
        return
    if isinstance(cell, bool):
        sheet.write_boolean(line, column, cell)
    elif isinstance(cell, (int, float, Decimal)):
        sheet.write_number(line, column, cell)
    elif isinstance(cell, (date, datetime)):
        moment = cell if isinstance(cell, datetime) else datetime(cell.year, cell.month, cell.day)
        sheet.write_datetime(line, column, moment, date_format)
    else:
        sheet.write_string(line, column, str(cell))
