"""The coverage tally kept current: each write takes its workers' contribution out before it
changes their enrolments (or category, or employer's region) and puts it back after, in the
same transaction, set-based.

A worker's contribution, per region level (every prefix of the employer's region code, and
the code itself followed by `=` for the employers seated there, and `#` and the id of each
work unit the worker is employed in by the enrolment's employer),
program (and `*`, any program) and category, is the union of its enrolments' periods there: +1
on the first day of each merged period and -1 on the day after its last. Two employers under
one region, or JKK beside JKM under `*`, overlap and merge, so the worker counts once.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from payung.employers.models import Employer
from payung.regions.models import CODE_LENGTHS
from payung.workers.models import Employment, Worker

from .models import ANY_PROGRAM, SEATED, UNIT, CoverageTally, Enrollment

_CHUNK = 10_000
OPEN_END = "9999-12-31"


@dataclass(frozen=True)
class Sources:
    """What the contribution is computed from: the tables, or the tables with one row as it
    was before a per-object write (so that the old contribution is computed after it)."""

    enrolments: str = Enrollment._meta.db_table
    employers: str = Employer._meta.db_table
    workers: str = Worker._meta.db_table
    employments: str = Employment._meta.db_table
    enrolments_params: tuple[Any, ...] = ()
    employers_params: tuple[Any, ...] = ()
    workers_params: tuple[Any, ...] = ()
    employments_params: tuple[Any, ...] = ()

    def params(self, only: Sequence[Any]) -> list[Any]:
        """The parameters in the order the statement names the sources (two branches)."""
        return [
            *self.enrolments_params,
            *self.employers_params,
            *self.workers_params,
            *only,
            *self.enrolments_params,
            *self.workers_params,
            *self.employments_params,
            *only,
        ]


TABLES = Sources()


_LEVELS = " UNION ALL ".join(f"SELECT {length} AS len" for length in (0, *CODE_LENGTHS))
"""The region levels a contribution is counted at: 0 (the seat) and each code length."""


def _merge_into(table: str) -> str:
    """The tail of an INSERT into the tally that adds to a key's delta when it exists."""
    return f"""ON CONFLICT (region_code, program, category, day)
DO UPDATE SET delta = {table}.delta + excluded.delta"""


def _contribution_sql(workers: str | None, sign: int, sources: Sources = TABLES) -> str:
    """The INSERT adding `sign` × the contribution of the workers selected by `workers` (a
    SELECT of worker ids; None for every worker) to the tally."""
    postgres = connection.vendor == "postgresql"
    far = f"DATE '{OPEN_END}'" if postgres else f"'{OPEN_END}'"
    day_after = "end_day + 1" if postgres else "date(end_day, '+1 day')"
    only = f"WHERE e.worker_id IN ({workers})" if workers else ""
    # SQLite, without statistics, would find a worker's employments through
    # employment_employer_unit (every employment of the employer, for each enrolment: a
    # 20,000-row import took 156 s); the unary + keeps it on the worker's index.
    employer = "em.employer_id" if postgres else "+em.employer_id"
    table = CoverageTally._meta.db_table
    levels = _LEVELS
    window = "PARTITION BY worker_id, region_code, program ORDER BY start_day, end_day"
    return f"""
WITH spans AS (
    SELECT e.worker_id, w.category,
           CASE WHEN l.len = 0 THEN m.region_id || '{SEATED}'
           ELSE substr(m.region_id, 1, l.len) END AS region_code,
           CASE WHEN p.any_program = 1 THEN '{ANY_PROGRAM}' ELSE e.program END AS program,
           e.start_date AS start_day, COALESCE(e.end_date, {far}) AS end_day
    FROM {sources.enrolments} AS e
    JOIN {sources.employers} AS m ON m.id = e.employer_id
    JOIN {sources.workers} AS w ON w.id = e.worker_id
    JOIN ({levels}) AS l ON length(m.region_id) >= l.len
    CROSS JOIN (SELECT 0 AS any_program UNION ALL SELECT 1) AS p
    {only}
    UNION ALL
    SELECT e.worker_id, w.category, '{UNIT}' || CAST(em.unit_id AS text) AS region_code,
           CASE WHEN p.any_program = 1 THEN '{ANY_PROGRAM}' ELSE e.program END AS program,
           e.start_date AS start_day, COALESCE(e.end_date, {far}) AS end_day
    FROM {sources.enrolments} AS e
    JOIN {sources.workers} AS w ON w.id = e.worker_id
    JOIN {sources.employments} AS em ON em.worker_id = e.worker_id
     AND {employer} = e.employer_id AND em.unit_id IS NOT NULL
    CROSS JOIN (SELECT 0 AS any_program UNION ALL SELECT 1) AS p
    {only}
), marked AS (
    SELECT worker_id, category, region_code, program, start_day, end_day,
           CASE WHEN start_day <= MAX(end_day) OVER (
               {window} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
           THEN 0 ELSE 1 END AS opens
    FROM spans
), numbered AS (
    SELECT worker_id, category, region_code, program, start_day, end_day,
           SUM(opens) OVER ({window} ROWS UNBOUNDED PRECEDING) AS period
    FROM marked
), merged AS (
    SELECT category, region_code, program, MIN(start_day) AS start_day, MAX(end_day) AS end_day
    FROM numbered GROUP BY worker_id, category, region_code, program, period
), changes AS (
    SELECT region_code, program, category, start_day AS day, 1 AS delta FROM merged
    UNION ALL
    SELECT region_code, program, category, {day_after} AS day, -1 AS delta FROM merged
    WHERE end_day < {far}
)
INSERT INTO {table} (region_code, program, category, day, delta)
SELECT region_code, program, category, day, {sign} * SUM(delta) FROM changes
GROUP BY region_code, program, category, day HAVING SUM(delta) <> 0
ORDER BY region_code, program, category, day
{_merge_into(table)}"""


def _add(workers: str | None, params: Sequence[Any], sign: int, sources: Sources = TABLES) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_contribution_sql(workers, sign, sources), sources.params(params))


def take_out(workers: str, params: Sequence[Any] = ()) -> None:
    """Remove the contribution of the workers `workers` selects, before writes change it."""
    _add(workers, params, -1)


def put_back(workers: str, params: Sequence[Any] = ()) -> None:
    """Add the contribution of the workers `workers` selects, after the writes (same set)."""
    _add(workers, params, +1)


def add_first_enrolments(groups: str, params: Sequence[Any], programs: Sequence[str]) -> None:
    """Add workers whose only enrolments are open-ended ones, one in each of `programs`, all
    from one day with one employer: a roster import's new workers.

    `groups` is a SELECT of (region_id, unit_id, category, start_day, workers): the employer's
    region, the unit the workers are employed in (or NULL), their category, the day their
    enrolments start and how many such workers. Nothing to merge, so no window over their
    spans: each group adds `workers` on its start day at every level, in every program and
    in `*`. The same result as `put_back` of those workers, without its sorts (a million new
    workers: seconds, not minutes).
    """
    table = CoverageTally._meta.db_table
    levels = _LEVELS
    each_program = " UNION ALL ".join(["SELECT %s AS program"] * (len(programs) + 1))
    sql = f"""
WITH groups (region_id, unit_id, category, start_day, workers) AS ({groups}),
places AS (
    SELECT CASE WHEN l.len = 0 THEN g.region_id || '{SEATED}'
           ELSE substr(g.region_id, 1, l.len) END AS region_code,
           g.category, g.start_day, g.workers
    FROM groups AS g JOIN ({levels}) AS l ON length(g.region_id) >= l.len
    UNION ALL
    SELECT '{UNIT}' || CAST(g.unit_id AS text), g.category, g.start_day, g.workers
    FROM groups AS g WHERE g.unit_id IS NOT NULL
)
INSERT INTO {table} (region_code, program, category, day, delta)
SELECT p.region_code, q.program, p.category, p.start_day, SUM(p.workers)
FROM places AS p CROSS JOIN ({each_program}) AS q
GROUP BY p.region_code, q.program, p.category, p.start_day
ORDER BY p.region_code, q.program, p.category, p.start_day
{_merge_into(table)}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *programs, ANY_PROGRAM])


@contextmanager
def reconciling(workers: str, params: Sequence[Any] = ()) -> Iterator[None]:
    """Keep the tally current across writes to the enrolments of the workers that `workers`
    (a SELECT of worker ids, evaluated before and after the block) selects; atomic."""
    with transaction.atomic():
        _add(workers, params, -1)
        yield
        _add(workers, params, +1)


@contextmanager
def reconciling_workers(worker_ids: Sequence[int]) -> Iterator[None]:
    """`reconciling` for a list of worker ids (in chunks of 10,000)."""
    ids = sorted(set(worker_ids))
    chunks = [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]
    with transaction.atomic():
        for chunk in chunks:
            _add(_id_list(chunk), chunk, -1)
        yield
        for chunk in chunks:
            _add(_id_list(chunk), chunk, +1)


def _id_list(ids: Sequence[int]) -> str:
    return f"SELECT id FROM {Worker._meta.db_table} WHERE id IN ({', '.join(['%s'] * len(ids))})"


def rebuild() -> int:
    """Recompute the whole tally from the enrolments; returns its number of rows."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the window sorts stay in memory
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '256MB'")
        CoverageTally.objects.all()._raw_delete(CoverageTally.objects.db)
        _add(None, (), +1)
        return CoverageTally.objects.count()


# -- per-object saves and deletes (forms, the admin, factories) ------------------------------
# The row as it was is read before the write; both the old contribution (computed from the
# tables with that row put back as it was) and the new one are applied after it, atomically,
# so a write that fails changes nothing.

_ONE = "SELECT %s"
_ENROLMENT_COLUMNS = ("id", "worker_id", "employer_id", "program", "start_date", "end_date")


def _typed(placeholder: str, db_type: str) -> str:
    return f"CAST({placeholder} AS {db_type})" if connection.vendor == "postgresql" else placeholder


def _enrolments_with(pk: int, old: dict[str, Any] | None) -> Sources:
    """The enrolments as they were: without row `pk`, and with its `old` values if it had any."""
    columns = ", ".join(_ENROLMENT_COLUMNS)
    table = Enrollment._meta.db_table
    source = f"SELECT {columns} FROM {table} WHERE id <> %s"
    params: list[Any] = [pk]
    if old is not None:
        source += (
            f" UNION ALL SELECT %s, %s, %s, %s, {_typed('%s', 'date')}, {_typed('%s', 'date')}"
        )
        params += [old[column] for column in _ENROLMENT_COLUMNS]
    return Sources(enrolments=f"({source})", enrolments_params=tuple(params))


def _replace(instance: Any, old: Sources) -> None:
    with transaction.atomic():
        for worker_id in instance._tally_workers:
            _add(_ONE, [worker_id], -1, old)
            _add(_ONE, [worker_id], +1)


def _before_enrollment(instance: Enrollment, **_: Any) -> None:
    old = None
    if instance.pk is not None:
        old = Enrollment.objects.filter(pk=instance.pk).values(*_ENROLMENT_COLUMNS).first()
    instance._tally_old = old  # type: ignore[attr-defined]
    instance._tally_workers = {instance.worker_id} | (  # type: ignore[attr-defined]
        {old["worker_id"]} if old else set()
    )


def _after_enrollment(instance: Enrollment, **_: Any) -> None:
    _replace(instance, _enrolments_with(instance.pk, getattr(instance, "_tally_old", None)))


def _before_enrollment_delete(instance: Enrollment, **_: Any) -> None:
    _before_enrollment(instance)


def _after_enrollment_delete(instance: Enrollment, **_: Any) -> None:
    old = instance._tally_old  # type: ignore[attr-defined]
    if old is not None:
        _replace(instance, _enrolments_with(old["id"], old))


def _before_worker(instance: Worker, **_: Any) -> None:
    old = None
    if instance.pk is not None:
        old = Worker.objects.filter(pk=instance.pk).values_list("category", flat=True).first()
    instance._tally_old = old  # type: ignore[attr-defined]


def _after_worker(instance: Worker, **_: Any) -> None:
    old = getattr(instance, "_tally_old", None)
    if old is None or old == instance.category:
        return
    table = Worker._meta.db_table
    was = Sources(
        workers=f"(SELECT id, CASE WHEN id = %s THEN %s ELSE category END AS category "
        f"FROM {table})",
        workers_params=(instance.pk, old),
    )
    instance._tally_workers = {instance.pk}  # type: ignore[attr-defined]
    _replace(instance, was)


def _before_employer(instance: Employer, **_: Any) -> None:
    old = None
    if instance.pk is not None:
        old = Employer.objects.filter(pk=instance.pk).values_list("region_id", flat=True).first()
    instance._tally_old = old  # type: ignore[attr-defined]


def _after_employer(instance: Employer, **_: Any) -> None:
    old = getattr(instance, "_tally_old", None)
    if old is None or old == instance.region_id:
        return
    table = Employer._meta.db_table
    was = Sources(
        employers=f"(SELECT id, CASE WHEN id = %s THEN %s ELSE region_id END AS region_id "
        f"FROM {table})",
        employers_params=(instance.pk, old),
    )
    employees = f"SELECT worker_id FROM {Enrollment._meta.db_table} WHERE employer_id = %s"
    with transaction.atomic():
        _add(employees, [instance.pk], -1, was)
        _add(employees, [instance.pk], +1)


_EMPLOYMENT_COLUMNS = ("id", "worker_id", "employer_id", "unit_id")


def _before_employment(instance: Employment, **_: Any) -> None:
    old = None
    if instance.pk is not None:
        old = Employment.objects.filter(pk=instance.pk).values(*_EMPLOYMENT_COLUMNS).first()
    instance._tally_old = old  # type: ignore[attr-defined]
    instance._tally_workers = {instance.worker_id} | (  # type: ignore[attr-defined]
        {old["worker_id"]} if old else set()
    )


def _employments_with(pk: int, old: dict[str, Any] | None) -> Sources:
    """The employments as they were: without row `pk`, and with its `old` values if any."""
    columns = ", ".join(_EMPLOYMENT_COLUMNS)
    source = f"SELECT {columns} FROM {Employment._meta.db_table} WHERE id <> %s"
    params: list[Any] = [pk]
    if old is not None:
        source += " UNION ALL SELECT %s, %s, %s, %s"
        params += [old[column] for column in _EMPLOYMENT_COLUMNS]
    return Sources(employments=f"({source})", employments_params=tuple(params))


def _after_employment(instance: Employment, **_: Any) -> None:
    old = getattr(instance, "_tally_old", None)
    same_unit = old is not None and (old["worker_id"], old["employer_id"], old["unit_id"]) == (
        instance.worker_id,
        instance.employer_id,
        instance.unit_id,
    )
    if not same_unit:  # a new employment, or one moved: the work units' counts change
        _replace(instance, _employments_with(instance.pk, old))


def _before_employment_delete(instance: Employment, **_: Any) -> None:
    _before_employment(instance)


def _after_employment_delete(instance: Employment, **_: Any) -> None:
    old = instance._tally_old  # type: ignore[attr-defined]
    if old is not None:
        _replace(instance, _employments_with(old["id"], old))


def connect_signals() -> None:
    """Per-object writes keep the tally current too (bulk writes call `reconciling`)."""
    uid = "payung.enrollments.tally"
    pre_save.connect(_before_enrollment, sender=Enrollment, dispatch_uid=f"{uid}.e0")
    post_save.connect(_after_enrollment, sender=Enrollment, dispatch_uid=f"{uid}.e1")
    pre_delete.connect(_before_enrollment_delete, sender=Enrollment, dispatch_uid=f"{uid}.e2")
    post_delete.connect(_after_enrollment_delete, sender=Enrollment, dispatch_uid=f"{uid}.e3")
    pre_save.connect(_before_employment, sender=Employment, dispatch_uid=f"{uid}.j0")
    post_save.connect(_after_employment, sender=Employment, dispatch_uid=f"{uid}.j1")
    pre_delete.connect(_before_employment_delete, sender=Employment, dispatch_uid=f"{uid}.j2")
    post_delete.connect(_after_employment_delete, sender=Employment, dispatch_uid=f"{uid}.j3")
    pre_save.connect(_before_worker, sender=Worker, dispatch_uid=f"{uid}.w0")
    post_save.connect(_after_worker, sender=Worker, dispatch_uid=f"{uid}.w1")
    pre_save.connect(_before_employer, sender=Employer, dispatch_uid=f"{uid}.m0")
    post_save.connect(_after_employer, sender=Employer, dispatch_uid=f"{uid}.m1")
