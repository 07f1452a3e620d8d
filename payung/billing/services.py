"""Writes of the billing app: issue and finalise bills, record payments and allocate them.

Every amount comes from `payung.rules`: a month's bill computes each distinct (program, wage)
once in Python and writes the lines with one INSERT ... SELECT joining the month's enrolments
(read once into a temporary table) to a small temporary table of those amounts, so a million
lines build no ORM object each.
"""

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils import timezone

from payung.core.bounds import AMOUNT_COLUMN_MAX, date_refusal, money_refusal
from payung.core.errors import DomainError
from payung.core.history import CREATED, record_bulk_history, record_missing_creation
from payung.core.money import rupiah
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.rules.explanation import Explanation
from payung.rules.formulas import contribution, due_date, late_fee
from payung.rules.formulas.contributions import EMPLOYER_RATES, WORKER_RATES
from payung.rules.loader import load_parameters
from payung.workers.models import Worker
from payung.workers.services import declare_wages

from .continuity import unbilled_periods
from .models import (
    EXTRA_KINDS,
    OPEN_STATES,
    Allocation,
    Bill,
    BillLine,
    BillState,
    LineKind,
    Payment,
    PaymentVoid,
    RuleExplanation,
    VoidState,
)
from .periods import check_billable, month_end, parse_period, refuse

# Rp100.000.000.000: about four times what every non-ASN worker of a province costs in a year.
DEFAULT_PAYMENT_MAX = Decimal(100_000_000_000)
# Rp500.000.000: about four years of the province's own monthly bill; more is likely a typo.
DEFAULT_PAYMENT_CONFIRM_ABOVE = Decimal(500_000_000)
# Voiding more than Rp10.000.000 takes a second person.
DEFAULT_VOID_FOUR_EYES_ABOVE = Decimal(10_000_000)
AMOUNTS_TABLE = "billing_tmp_amounts"


def payment_max() -> Decimal:
    """The largest payment or adjustment accepted: PAYUNG_PAYMENT_MAX_AMOUNT (read at call
    time), at most what the amount columns hold."""
    configured = Decimal(getattr(settings, "PAYUNG_PAYMENT_MAX_AMOUNT", DEFAULT_PAYMENT_MAX))
    return min(configured, AMOUNT_COLUMN_MAX)


def payment_confirm_above() -> Decimal:
    """Payments above PAYUNG_PAYMENT_CONFIRM_ABOVE (read at call time) need `confirmed=True`."""
    return Decimal(getattr(settings, "PAYUNG_PAYMENT_CONFIRM_ABOVE", DEFAULT_PAYMENT_CONFIRM_ABOVE))


def void_four_eyes_above() -> Decimal:
    """Voiding a payment above PAYUNG_VOID_FOUR_EYES_ABOVE needs a second person's approval."""
    return Decimal(getattr(settings, "PAYUNG_VOID_FOUR_EYES_ABOVE", DEFAULT_VOID_FOUR_EYES_ABOVE))


def store_explanation(content: dict[str, Any], cache: dict[str, int] | None = None) -> int:
    """The id of the stored explanation with this content, storing it once."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()
    if cache is not None and digest in cache:
        return cache[digest]
    found, _ = RuleExplanation.objects.get_or_create(digest=digest, defaults={"content": content})
    if cache is not None:
        cache[digest] = found.pk
    return found.pk


def _rate(explanation: Explanation, program: str, risk_class: str) -> Decimal:
    """The program's nominal rate (employer + worker) as read from the parameters used."""
    paths = {
        f"contributions/jkk/{risk_class}" if program == "jkk" else "",
        EMPLOYER_RATES.get(program, ""),
        WORKER_RATES.get(program, ""),
    }
    rates = [used.value for used in explanation.parameters if used.path in paths]
    return sum((Decimal(str(rate)) for rate in rates), Decimal(0))


@dataclass(frozen=True)
class Amount:
    """One (program, wage) combination's line amounts, as the rules compute them."""

    program: str
    wage: Any
    rate: Decimal
    employer: Decimal
    worker: Decimal
    explanation_id: int


BILLS_TABLE = "billing_tmp_bills"
SOURCE_TABLE = "billing_tmp_source"
WAGES_TABLE = "billing_tmp_wages"
UNIT_RISK_TABLE = "billing_tmp_unit_risk"
TEMPORARY_TABLES = (BILLS_TABLE, AMOUNTS_TABLE, SOURCE_TABLE, WAGES_TABLE, UNIT_RISK_TABLE)
ACTIVE_IN_MONTH = "e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s)"
# What a million-line issue needs on PostgreSQL for its transaction: hash joins and the
# participants' DISTINCT in memory (a 4 MB default spills them to disk), and no JIT compilation
# (it costs more than it saves on these statements).
POSTGRES_SETTINGS = {"work_mem": "256MB", "jit": "off"}


def _db_date(day: date) -> Any:
    return day.isoformat() if connection.vendor == "sqlite" else day


def _enrollments(many: bool) -> str:
    """The enrolment table; for many employers SQLite reads it whole, faster than by index."""
    hint = " NOT INDEXED" if many and connection.vendor == "sqlite" else ""
    return f"enrollments_enrollment e{hint}"


@dataclass
class Issued:
    """What a draft's lines add up to: contributions by combination, plus its adjustments."""

    lines: int = 0
    adjustments: int = 0
    employer_amount: Decimal = Decimal(0)
    worker_amount: Decimal = Decimal(0)
    without_wage: int = 0
    participants: int = 0


def _write_lines(bills: dict[int, Bill], month: date) -> dict[int, Issued]:
    """Replace the drafts' contribution lines with one line per enrolment active in the month.

    `bills` maps employer id to its draft. The enrolments active in the month, joined to the
    wages their employers report (in force on the month's last day), are read once into a
    temporary table; the per-combination counts, the participants and the lines all come
    from it. Each (employer, program, wage) is computed once
    by the rules; one INSERT ... SELECT writes every line of every draft. The totals include
    the adjustment lines already on the drafts.
    """
    window = (_db_date(month_end(month)), _db_date(month))
    issued = {pk: Issued() for pk in bills}
    with connection.cursor() as cursor, _bulk_settings(cursor):
        for table in TEMPORARY_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {BILLS_TABLE} (employer_id BIGINT PRIMARY KEY, bill_id BIGINT)"
        )
        cursor.executemany(
            f"INSERT INTO {BILLS_TABLE} VALUES (%s, %s)",
            [(employer_id, bill.pk) for employer_id, bill in bills.items()],
        )
        if connection.vendor == "postgresql":
            # With its true size (not a guess of 1,850 rows) the planner deletes a few drafts'
            # lines through billline_bill_worker instead of reading every month's lines.
            cursor.execute(f"ANALYZE {BILLS_TABLE}")
        cursor.execute(
            "DELETE FROM billing_billline WHERE kind = %s"
            f" AND bill_id IN (SELECT bill_id FROM {BILLS_TABLE})",
            [LineKind.CONTRIBUTION.value],
        )
        # Each worker's wage as its employer reports it, in force on the month's last day.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {WAGES_TABLE} AS"
            " SELECT w.employer_id, w.worker_id, w.amount FROM workers_wage w JOIN ("
            "SELECT employer_id, worker_id, MAX(start_date) AS start_date FROM workers_wage"
            f" WHERE employer_id IN (SELECT employer_id FROM {BILLS_TABLE}) AND start_date <= %s"
            " GROUP BY employer_id, worker_id) latest ON latest.employer_id = w.employer_id"
            " AND latest.worker_id = w.worker_id AND latest.start_date = w.start_date",
            window[:1],
        )
        cursor.execute(f"CREATE INDEX {WAGES_TABLE}_key ON {WAGES_TABLE} (worker_id, employer_id)")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {WAGES_TABLE}")
        # Reading the enrolments joined to the wages is the expensive read: done once here,
        # not once for the counts, once for the lines and once more for the participants.
        # A unit whose work differs has its own JKK risk class: a worker's is that of the unit
        # of their latest employment begun by the month's end. Only workers of such units are
        # read (none when no billed employer has one); the others' class is the employer's ('').
        if WorkUnit.objects.filter(employer_id__in=bills).exclude(risk_class="").exists():
            cursor.execute(
                f"CREATE TEMPORARY TABLE {UNIT_RISK_TABLE} AS"
                " SELECT m.employer_id, m.worker_id, MAX(u.risk_class) AS risk_class"
                " FROM workers_employment m JOIN employers_workunit u ON u.id = m.unit_id JOIN ("
                "SELECT employer_id, worker_id, MAX(start_date) AS start_date"
                " FROM workers_employment WHERE employer_id IN"
                f" (SELECT employer_id FROM {BILLS_TABLE}) AND start_date <= %s"
                " GROUP BY employer_id, worker_id) latest ON latest.employer_id = m.employer_id"
                " AND latest.worker_id = m.worker_id AND latest.start_date = m.start_date"
                " WHERE u.risk_class <> '' GROUP BY m.employer_id, m.worker_id",
                window[:1],
            )
        else:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {UNIT_RISK_TABLE} (employer_id BIGINT,"
                " worker_id BIGINT, risk_class VARCHAR(10))"
            )
        cursor.execute(
            f"CREATE INDEX {UNIT_RISK_TABLE}_key ON {UNIT_RISK_TABLE} (worker_id, employer_id)"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {SOURCE_TABLE} AS"
            " SELECT b.bill_id, e.employer_id, e.worker_id, e.id AS enrollment_id, e.program,"
            " w.amount AS wage, COALESCE(r.risk_class, '') AS risk_class"
            f" FROM {_enrollments(len(bills) > 1)}"
            f" JOIN {BILLS_TABLE} b ON b.employer_id = e.employer_id"
            f" LEFT JOIN {WAGES_TABLE} w ON w.worker_id = e.worker_id"
            f" AND w.employer_id = e.employer_id"
            f" LEFT JOIN {UNIT_RISK_TABLE} r ON r.worker_id = e.worker_id"
            f" AND r.employer_id = e.employer_id WHERE {ACTIVE_IN_MONTH}",
            window,
        )
        cursor.execute(
            f"SELECT employer_id, program, wage, risk_class, COUNT(*) FROM {SOURCE_TABLE}"
            " GROUP BY employer_id, program, wage, risk_class"
        )
        rows = []
        cache: dict[str, int] = {}
        for employer_id, program, wage, risk_class, count in cursor.fetchall():
            if wage is None:
                issued[employer_id].without_wage += count
                continue
            amount = _amount(
                bills[employer_id].employer, month, program, wage, cache, unit_risk=risk_class
            )
            rows.append(
                (
                    employer_id,
                    program,
                    wage,
                    risk_class,
                    str(amount.rate),
                    str(amount.employer),
                    str(amount.worker),
                    amount.explanation_id,
                )
            )
            total = issued[employer_id]
            total.lines += count
            total.employer_amount += amount.employer * count
            total.worker_amount += amount.worker * count
        # A participant is a worker with at least one line: an enrolment with a wage.
        cursor.execute(
            "SELECT employer_id, COUNT(*) FROM (SELECT DISTINCT employer_id, worker_id"
            f" FROM {SOURCE_TABLE} WHERE wage IS NOT NULL) p GROUP BY employer_id"
        )
        for employer_id, count in cursor.fetchall():
            issued[employer_id].participants = count
        cursor.execute(
            f"CREATE TEMPORARY TABLE {AMOUNTS_TABLE} (employer_id BIGINT, program VARCHAR(3),"
            " wage NUMERIC(16, 2), risk_class VARCHAR(10), rate NUMERIC(8, 6),"
            " employer_amount NUMERIC(16, 2), worker_amount NUMERIC(16, 2), explanation_id BIGINT,"
            " PRIMARY KEY (employer_id, program, wage, risk_class))"
        )
        cursor.executemany(
            f"INSERT INTO {AMOUNTS_TABLE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows
        )
        if connection.vendor == "postgresql":
            # Without statistics the planner guesses thousands of amounts, not a few dozen.
            cursor.execute(f"ANALYZE {AMOUNTS_TABLE}")
        cursor.execute(
            "INSERT INTO billing_billline (bill_id, kind, worker_id, enrollment_id, program, wage,"
            " rate, employer_amount, worker_amount, explanation_id, description) "
            "SELECT s.bill_id, %s, s.worker_id, s.enrollment_id, s.program, s.wage, a.rate,"
            f" a.employer_amount, a.worker_amount, a.explanation_id, '' FROM {SOURCE_TABLE} s"
            f" JOIN {AMOUNTS_TABLE} a ON a.employer_id = s.employer_id"
            " AND a.program = s.program AND a.wage = s.wage AND a.risk_class = s.risk_class",
            [LineKind.CONTRIBUTION.value],
        )
        # The kinds as literals: SQLite uses the partial index billline_extra_lines only when
        # the query's condition matches the index's, not bound parameters.
        extra = ", ".join(f"'{kind.value}'" for kind in EXTRA_KINDS)
        cursor.execute(
            "SELECT b.employer_id, l.employer_amount, l.worker_amount FROM billing_billline l"
            f" JOIN {BILLS_TABLE} b ON b.bill_id = l.bill_id"
            f" WHERE l.kind IN ({extra})"
        )
        for employer_id, employer_amount, worker_amount in cursor.fetchall():
            total = issued[employer_id]
            total.adjustments += 1
            total.employer_amount += _money(employer_amount)
            total.worker_amount += _money(worker_amount)
        for table in TEMPORARY_TABLES:
            cursor.execute(f"DROP TABLE {table}")
    for employer_id, bill in bills.items():
        bill.participants = issued[employer_id].participants
    return issued


@contextmanager
def _bulk_settings(cursor: Any) -> Iterator[None]:
    """On PostgreSQL, POSTGRES_SETTINGS for the statements inside; then the previous values."""
    if connection.vendor != "postgresql":
        yield
        return
    names = list(POSTGRES_SETTINGS)
    cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(names))}", names)
    previous = dict(zip(names, cursor.fetchone(), strict=True))
    for name, value in POSTGRES_SETTINGS.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    yield
    for name, value in previous.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _amount(
    employer: Employer,
    month: date,
    program: str,
    raw_wage: Any,
    cache: dict[str, int],
    *,
    unit_risk: str = "",
) -> Amount:
    """One combination's amounts by the rules, with its stored explanation.

    The explanation leaves the wage out (each line has its own): all wages of one program,
    month and kind of employer share one stored explanation. `unit_risk` is the JKK risk class
    of the worker's unit where it differs from the employer's ('' for the employer's).
    """
    wage = Decimal(str(raw_wage))
    risk_class = unit_risk or employer.risk_class
    line = contribution(
        on=month,
        wage=wage,
        program=program,
        risk_class=risk_class,
        employer_kind=employer.kind,
        parameters=load_parameters(),
    )
    content = {"program": program, **line.explanation.as_dict()}
    return Amount(
        program=program,
        wage=raw_wage,
        rate=_rate(line.explanation, program, risk_class),
        employer=line.employer,
        worker=line.worker,
        explanation_id=store_explanation(content, cache),
    )


def _line_totals(bill: Bill, kind: str) -> tuple[int, Decimal, Decimal]:
    """Count and amounts of a bill's lines of one kind."""
    found = BillLine.objects.filter(bill=bill, kind=kind).aggregate(
        n=Count("pk"), employer=Sum("employer_amount"), worker=Sum("worker_amount")
    )
    return found["n"], _money(found["employer"]), _money(found["worker"])


def _money(value: Any) -> Decimal:
    """A sum or amount as the database returns it (SQLite: a float or int) in whole cents."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _notes(issued: Issued) -> str:
    if not issued.without_wage:
        return ""
    count = issued.without_wage
    return (
        f"{count} kepesertaan tanpa upah tidak ditagih / "
        f"{count} enrolments without a wage not billed"
    )


def _with_actor[M](instance: M, actor: Any) -> M:
    """Name the actor in the history row the next save writes."""
    instance._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    return instance


def issue_month(
    *, period: str, employers: Sequence[Employer] | None = None, actor: Any = None
) -> list[Bill]:
    """Each employer's bill for `period` (default: every employer with an enrolment in it).

    Drafts are recomputed from the enrolments active in the month; final bills are left alone.
    """
    month = parse_period(period)
    check_billable(month, today=timezone.localdate())
    period = f"{month:%Y-%m}"
    if employers is None:
        active = Enrollment.objects.filter(employer=OuterRef("pk")).overlapping(
            start=month, end=month_end(month)
        )
        employers = list(Employer.objects.filter(Exists(active)))
    # Sorted, so that two issuers of overlapping sets lock the bills in the same order.
    by_pk = {employer.pk: employer for employer in sorted(employers, key=lambda e: e.pk)}
    if not by_pk:
        return []
    due = due_date(period=month, parameters=load_parameters())
    with transaction.atomic():
        Bill.objects.bulk_create(
            [Bill(employer=employer, period=period) for employer in by_pk.values()],
            ignore_conflicts=True,
        )
        bills = list(
            Bill.objects.select_for_update()
            .filter(employer__in=list(by_pk), period=period)
            .order_by("employer_id")
        )
        # bulk_create wrote no history: the bills it made get their creation row here.
        record_missing_creation(
            Bill.objects.filter(pk__in=[bill.pk for bill in bills]),
            actor=actor,
            reason=f"Tagihan dibuat / bill created {period}",
        )
        for bill in bills:
            bill.employer = by_pk[bill.employer_id]
        drafts = {bill.employer_id: bill for bill in bills if not bill.is_locked}
        _add_late_fee_lines(drafts, month)
        issued = _write_lines(drafts, month) if drafts else {}
        now = timezone.now()
        for employer_id, bill in drafts.items():
            totals = issued[employer_id]
            bill.line_count = totals.lines + totals.adjustments
            bill.employer_amount = totals.employer_amount
            bill.worker_amount = totals.worker_amount
            bill.total = bill.employer_amount + bill.worker_amount
            bill.due_date = due
            bill.notes = _notes(totals)
            bill.issued_at = now
            _with_actor(bill, actor).save()
    return bills


def _add_late_fee_lines(drafts: dict[int, Bill], month: date) -> int:
    """Bill each late fee not yet billed as its own line on the drafts of the month.

    A late fee arises when part of an earlier month's bill is paid after its due date
    (`Allocation.late_fee`, by the rules in force for that month); it goes on the first bill
    whose month ends on or after the payment, citing the fee's rule explanation. A reversal's
    negative fee is billed the same way, so a voided late payment takes its fee back.
    """
    if not drafts:
        return 0
    pending = list(
        Allocation.objects.filter(
            bill__employer_id__in=list(drafts),
            fee_line__isnull=True,
            bill__period__lt=f"{month:%Y-%m}",
            payment__date__lte=month_end(month),
        )
        .exclude(late_fee=0)
        .select_related("bill", "payment")
        .order_by("bill__period", "payment__date", "pk")
    )
    for part in pending:
        line = BillLine.objects.create(
            bill=drafts[part.bill.employer_id],
            kind=LineKind.LATE_FEE,
            program="",
            employer_amount=Decimal(part.late_fee),
            worker_amount=Decimal(0),
            explanation_id=part.late_fee_explanation_id,
            description=(
                f"Denda keterlambatan iuran {part.bill.period}: {part.months_late} bulan, "
                f"dibayar {part.payment.date:%d-%m-%Y} / late fee"
            )[:200],
        )
        part.fee_line = line
        part.save(update_fields=["fee_line"])
    return len(pending)


def issue_bills(*, employer: Employer, period: str, actor: Any = None) -> Bill:
    """The employer's bill for `period`: a draft is (re)computed, a final bill is left alone."""
    return issue_month(period=period, employers=[employer], actor=actor)[0]


def issue_missing(
    *, employer: Employer, through: str | None = None, actor: Any = None
) -> list[Bill]:
    """Draft bills for each of the employer's unbilled months, oldest first.

    Unbilled as `continuity` says: months with an active enrolment and no final bill, up to the
    last month already due (or up to `through`). Each month is issued on its own (its rules,
    its wages, its due date); existing drafts are recomputed.
    """
    today = timezone.localdate()
    if through is not None:
        check_billable(parse_period(through), today=today)
    periods = unbilled_periods([employer.pk], on=today, through=through).get(employer.pk, [])
    with transaction.atomic():
        return [
            issue_month(period=period, employers=[employer], actor=actor)[0] for period in periods
        ]


def raise_wages(
    *,
    bill: Bill,
    amount: Decimal,
    start: date,
    worker_ids: Sequence[int] | None = None,
    actor: Any = None,
) -> int:
    """Declare `amount` as the wage from `start` of the bill's workers paid less (all of them, or
    only `worker_ids` among them); a draft bill is then recomputed. Returns how many changed.

    Only workers with a line on this bill are touched: the selection cannot reach another
    employer's workers.
    """
    if refused := date_refusal(start, "start"):
        raise DomainError(refused)
    on_bill = BillLine.objects.filter(
        bill=bill, kind=LineKind.CONTRIBUTION, wage__lt=Decimal(amount)
    ).values("worker_id")
    workers = Worker.objects.filter(pk__in=on_bill)
    if worker_ids is not None:
        workers = workers.filter(pk__in=list(worker_ids))
    with transaction.atomic():
        changed = declare_wages(
            workers=workers,
            employer=bill.employer,
            amount=Decimal(amount),
            start=start,
            actor=actor,
            reason=f"Upah dinaikkan dari tagihan {bill.period} / raised from bill {bill.period}",
        )
        if not bill.is_locked and start <= month_end(parse_period(bill.period)):
            issue_bills(employer=bill.employer, period=bill.period, actor=actor)
    return changed


def add_adjustment(
    *, bill: Bill, program: str, amount: Decimal, description: str, actor: Any = None
) -> BillLine:
    """A correction of an earlier final bill, as a line on this (draft) bill."""
    with transaction.atomic():
        bill = Bill.objects.select_for_update().get(pk=bill.pk)
        if bill.is_locked:
            raise refuse(
                "bill_locked",
                "Tagihan final tidak dapat diubah; koreksi masuk tagihan berikutnya",
                "A final bill cannot change; a correction goes on a later bill",
                "bill",
            )
        if refused := money_refusal(
            amount, "amount", minimum=-payment_max(), maximum=payment_max(), places=2
        ):
            raise DomainError(refused)
        line = BillLine.objects.create(
            bill=bill,
            kind=LineKind.ADJUSTMENT,
            program=program,
            employer_amount=Decimal(amount),
            worker_amount=Decimal(0),
            description=description[:200],
        )
        totals = [_line_totals(bill, kind) for kind in LineKind]
        bill.line_count = sum(count for count, _, _ in totals)
        bill.employer_amount = sum((amount for _, amount, _ in totals), Decimal(0))
        bill.worker_amount = sum((amount for _, _, amount in totals), Decimal(0))
        bill.total = bill.employer_amount + bill.worker_amount
        _with_actor(bill, actor).save()
    return line


def payment_code(bill: Bill) -> str:
    """The code an employer pays a final bill with: NPP (or employer id) and the month."""
    prefix = bill.employer.npp or f"9{bill.employer_id:07d}"
    return f"{prefix}{bill.period.replace('-', '')}"


def finalize_bill(*, bill: Bill, actor: Any = None) -> Bill:
    """Lock a draft: assign its payment code and apply any credit the employer has."""
    with transaction.atomic():
        bill = Bill.objects.select_for_update().select_related("employer").get(pk=bill.pk)
        if bill.is_locked:
            raise refuse(
                "bill_not_draft",
                "Tagihan sudah final",
                "The bill is already final",
                "bill",
            )
        if bill.line_count == 0:
            raise refuse(
                "bill_empty",
                "Tagihan tanpa baris tidak dapat difinalkan",
                "A bill without lines cannot be finalised",
                "bill",
            )
        bill.state = BillState.FINAL
        bill.payment_code = payment_code(bill)
        bill.finalized_at = timezone.now()
        _with_actor(bill, actor).save()
        record_bulk_history(
            BillLine.objects.filter(bill=bill),
            history_type=CREATED,
            actor=actor,
            reason=f"Tagihan final / final bill {bill.period}",
        )
        _allocate(bill.employer)
        bill.refresh_from_db()
    return bill


def record_payment(
    *,
    employer: Employer,
    amount: Decimal,
    paid_on: date,
    reference: str,
    channel: str = "bank_transfer",
    actor: Any = None,
    confirmed: bool = False,
) -> Payment:
    """Record money received and allocate it to the oldest open bills; the rest is credit.

    An amount above `payment_confirm_above()` is refused unless `confirmed`: `1e9` typed for
    `1e6` should not become a billion Rupiah of credit.
    """
    amount = Decimal(amount)
    if amount.is_finite() and amount <= 0:
        raise refuse(
            "invalid_amount", "Jumlah harus lebih dari nol", "The amount must be positive", "amount"
        )
    if refused := money_refusal(amount, "amount", maximum=payment_max(), places=2):
        raise DomainError(refused)
    if refused := date_refusal(paid_on, "date"):
        raise DomainError(refused)
    if amount > payment_confirm_above() and not confirmed:
        raise refuse(
            "payment_needs_confirmation",
            f"Jumlah {rupiah(amount)} di atas {rupiah(payment_confirm_above())}: "
            "periksa dan konfirmasi",
            f"The amount {rupiah(amount)} is above {rupiah(payment_confirm_above())}: "
            "check it and confirm",
            "amount",
        )
    reference = reference.strip()
    if not reference:
        raise refuse(
            "missing_reference", "Referensi wajib diisi", "A reference is required", "reference"
        )
    with transaction.atomic():
        Employer.objects.select_for_update().filter(pk=employer.pk).first()
        if Payment.objects.filter(employer=employer, reference=reference).exists():
            raise refuse(
                "duplicate_payment",
                f"Pembayaran dengan referensi {reference!r} sudah dicatat",
                f"A payment with reference {reference!r} is already recorded",
                "reference",
            )
        payment = Payment(
            employer=employer, date=paid_on, amount=amount, reference=reference, channel=channel
        )
        _with_actor(payment, actor).save()
        _allocate(employer)
        payment.refresh_from_db()
    return payment


def _allocate(employer: Employer) -> list[Allocation]:
    """Apply every payment's unallocated part to the open bills, oldest bill and payment first."""
    payments = list(
        Payment.objects.select_for_update()
        .filter(employer=employer, allocated__lt=F("amount"))
        .filter(reverses__isnull=True)
        .exclude(Exists(Payment.objects.filter(reverses=OuterRef("pk"))))
        .order_by("date", "id")
    )
    bills = list(Bill.objects.select_for_update().filter(employer=employer, state__in=OPEN_STATES))
    bills.sort(key=lambda bill: bill.period)
    tree = load_parameters()
    cache: dict[str, int] = {}
    made = []
    for payment in payments:
        while bills and payment.credit > 0:
            bill = bills[0]
            part = min(payment.credit, bill.unpaid)
            fee = late_fee(
                amount=part,
                period=parse_period(bill.period),
                paid_on=payment.date,
                employer_kind=employer.kind,
                parameters=tree,
            )
            made.append(
                Allocation.objects.create(
                    payment=payment,
                    bill=bill,
                    amount=part,
                    months_late=fee.months_late,
                    late_fee=fee.amount,
                    late_fee_explanation_id=store_explanation(fee.as_dict(), cache),
                )
            )
            payment.allocated = Decimal(payment.allocated) + part
            bill.paid = Decimal(bill.paid) + part
            bill.state = BillState.PAID if bill.unpaid <= 0 else BillState.PARTLY_PAID
            bill.save(update_fields=["paid", "state"])
            if bill.state == BillState.PAID:
                bills.pop(0)
        payment.save(update_fields=["allocated"])
    return made


def discard_draft(*, bill: Bill, reason: str, actor: Any = None) -> None:
    """Remove a draft bill and its lines; its history keeps the deletion, the actor and reason.

    A final bill is never discarded (it is corrected by an adjustment on a later bill), nor a
    draft holding adjustments: they correct earlier bills and would be lost.
    """
    reason = reason.strip()
    if not reason:
        raise refuse("missing_reason", "Alasan wajib diisi", "A reason is required", "reason")
    with transaction.atomic():
        bill = Bill.objects.select_for_update().get(pk=bill.pk)
        if bill.is_locked:
            raise refuse(
                "bill_not_draft",
                "Hanya draf yang dapat dibuang; tagihan final dikoreksi di tagihan berikutnya",
                "Only a draft can be discarded; a final bill is corrected on a later bill",
                "bill",
            )
        if BillLine.objects.filter(bill=bill, kind=LineKind.ADJUSTMENT).exists():
            raise refuse(
                "draft_has_adjustments",
                "Draf berisi penyesuaian tagihan sebelumnya dan tidak dapat dibuang",
                "The draft holds adjustments of earlier bills and cannot be discarded",
                "bill",
            )
        # Its late fees go back to waiting for the next bill.
        Allocation.objects.filter(fee_line__bill=bill).update(fee_line=None)
        with connection.cursor() as cursor:
            # Contribution lines of a draft keep no history (they are recomputed at will).
            cursor.execute("DELETE FROM billing_billline WHERE bill_id = %s", [bill.pk])
        bill._change_reason = f"Draf dibuang / draft discarded: {reason}"[:100]  # type: ignore[attr-defined]
        _with_actor(bill, actor).delete()


def void_payment(*, payment: Payment, reason: str, actor: Any = None) -> PaymentVoid:
    """Ask to void a payment; at or under `void_four_eyes_above()` it is voided at once, above
    it waits for a second person (`approve_void`)."""
    reason = reason.strip()
    if not reason:
        raise refuse("missing_reason", "Alasan wajib diisi", "A reason is required", "reason")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("employer").get(pk=payment.pk)
        if payment.is_reversal or PaymentVoid.objects.filter(payment=payment).exists():
            raise refuse(
                "payment_already_voided",
                "Pembayaran ini sudah dibatalkan atau menunggu pembatalan",
                "This payment is already voided or waiting to be",
                "payment",
            )
        request = PaymentVoid(payment=payment, reason=reason[:200], requested_by=_user(actor))
        _with_actor(request, actor).save()
        if Decimal(payment.amount) <= void_four_eyes_above():
            _reverse(request, actor)
    return request


def approve_void(*, request: PaymentVoid, actor: Any) -> PaymentVoid:
    """A second person approves a pending void: the reversing entry is written."""
    with transaction.atomic():
        request = PaymentVoid.objects.select_for_update().get(pk=request.pk)
        if request.state != VoidState.PENDING:
            raise refuse(
                "void_not_pending",
                "Pembatalan ini tidak menunggu persetujuan",
                "This void is not waiting for approval",
                "void",
            )
        user = _user(actor)
        if user is None or user.pk == request.requested_by_id:
            raise refuse(
                "four_eyes",
                "Pembatalan di atas batas harus disetujui orang lain",
                "A void above the limit must be approved by someone else",
                "void",
            )
        _reverse(request, actor)
    return request


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _reverse(request: PaymentVoid, actor: Any) -> Payment:
    """Write the reversing entry of the request's payment and take back its allocations."""
    payment = (
        Payment.objects.select_for_update().select_related("employer").get(pk=request.payment_id)
    )
    Employer.objects.select_for_update().filter(pk=payment.employer_id).first()
    reversal = Payment(
        employer=payment.employer,
        date=payment.date,
        amount=-Decimal(payment.amount),
        allocated=-Decimal(payment.allocated),
        reference=f"BATAL-{payment.reference}"[:80],
        channel=payment.channel,
        reverses=payment,
    )
    reversal._change_reason = f"Pembatalan / void: {request.reason}"[:100]  # type: ignore[attr-defined]
    _with_actor(reversal, actor).save()
    parts = list(payment.allocations.select_related("bill").select_for_update())
    for part in parts:
        Allocation.objects.create(
            payment=reversal,
            bill=part.bill,
            amount=-Decimal(part.amount),
            months_late=part.months_late,
            late_fee=-Decimal(part.late_fee),
            late_fee_explanation_id=part.late_fee_explanation_id,
        )
        bill = Bill.objects.select_for_update().get(pk=part.bill_id)
        bill.paid = Decimal(bill.paid) - Decimal(part.amount)
        if bill.unpaid <= 0:
            bill.state = BillState.PAID
        else:
            bill.state = BillState.PARTLY_PAID if bill.paid > 0 else BillState.FINAL
        _with_actor(bill, actor).save(update_fields=["paid", "state"])
    request.state = VoidState.DONE
    request.approved_by = _user(actor)
    request.approved_at = timezone.now()
    _with_actor(request, actor).save()
    _allocate(payment.employer)
    return reversal
