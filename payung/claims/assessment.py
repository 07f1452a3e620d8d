"""Assessing a claim on the event's date: is the worker covered, with which employer and wage,
are contributions paid, who bears the benefit, and what the rules in force that day pay.

Nothing here writes: `assess` answers `payung claims assess` and the API as it is, and filing a
claim stores its answer (lines, parameters and references) beside the claim.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from payung.billing.continuity import unbilled_periods
from payung.billing.selectors import employer_statement, paid_through
from payung.core.scope import Scope
from payung.employers.models import Employer
from payung.enrollments.models import Enrollment
from payung.rules.explanation import Explanation, UsedParameter
from payung.rules.formulas import (
    Benefit,
    Rules,
    jkk_death_benefit,
    jkk_disability_benefit,
    jkk_medical,
    jkk_transport,
    jkm_benefit,
    stmb,
)
from payung.rules.formulas.benefits import Scholarship
from payung.workers.models import Employment, Wage, Worker

from .models import PROGRAM_OF_EVENT, EventType

# Line items in words for people: Indonesian / English.
ITEM_WORDS: dict[str, tuple[str, str]] = {
    "lump_sum": ("santunan sekaligus", "lump sum"),
    "periodic": ("santunan berkala (dibayar sekaligus)", "periodic benefit (paid at once)"),
    "funeral": ("biaya pemakaman", "funeral costs"),
    "scholarship": ("beasiswa (paling banyak)", "scholarship (at most)"),
    "primary": ("TK/SD", "kindergarten/primary school"),
    "junior_secondary": ("SMP", "junior secondary school"),
    "senior_secondary": ("SMA/SMK", "senior secondary school"),
    "higher_education": ("perguruan tinggi", "higher education"),
    "stmb": ("santunan STMB", "temporary incapacity (STMB)"),
    "permanent_partial": ("cacat sebagian tetap", "permanent partial disability"),
    "permanent_total": ("cacat total tetap", "permanent total disability"),
    "medical": ("biaya pengobatan", "medical care"),
    "transport": ("biaya pengangkutan", "transport"),
}


@dataclass(frozen=True)
class Reason:
    """Why a claim is not covered, or who bears it, with a stable code."""

    code: str
    message_id: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": f"{self.message_id} / {self.message_en}"}


@dataclass(frozen=True)
class Line:
    """One benefit line: the item, the amount (whole Rupiah) and its basis in the law."""

    item: str
    amount: Decimal
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "amount": int(self.amount), "basis": self.basis}


@dataclass(frozen=True)
class StageTwo:
    """What the stage II report (form KK2) claims for a work accident."""

    stmb_months: int | None = None
    disability_percent: Decimal | None = None
    total_disability: bool = False
    medical: Decimal | None = None
    transport: Decimal | None = None
    transport_mode: str = "land"
    death: bool = False


@dataclass
class Assessment:
    """The answer of `payung claims assess`."""

    event: str
    event_date: date
    program: str
    covered: bool = False
    employer: Employer | None = None
    unit_id: int | None = None
    wage: Decimal | None = None
    paid_through: str | None = None
    employer_liable: bool = False
    reasons: list[Reason] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    explanation: Explanation = field(default_factory=Explanation)
    deadline: datetime | None = None

    @property
    def total(self) -> Decimal:
        """Every line together, whole Rupiah; 0 when not covered."""
        if not self.covered:
            return Decimal(0)
        return sum((line.amount for line in self.lines), Decimal(0))

    def reason(self, code: str, message_id: str, message_en: str) -> None:
        self.reasons.append(Reason(code, message_id, message_en))

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON object."""
        return {
            "covered": self.covered,
            "event": self.event,
            "date": self.event_date.isoformat(),
            "program": self.program,
            "employer": None
            if self.employer is None
            else {"npp": self.employer.npp, "name": self.employer.name},
            "wage": _number(self.wage),
            "paid_through": self.paid_through,
            "employer_liable": self.employer_liable,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "benefit": {
                "total": int(self.total),
                "lines": [line.as_dict() for line in self.lines] if self.covered else [],
            },
            "report_deadline": None if self.deadline is None else self.deadline.isoformat(),
        }

    def stored(self) -> dict[str, Any]:
        """What a filed claim keeps: the answer and the parameters and references behind it."""
        return {**self.as_dict(), "explanation": self.explanation.as_dict()}


def _number(amount: Decimal | None) -> int | str | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else f"{amount:f}"


def event_moment(day: date, at: time | None) -> datetime:
    """The event as an aware datetime in the local zone; a day without a time is its start."""
    return timezone.make_aware(datetime.combine(day, at or time(0)))


def _basis(item: str, used: list[UsedParameter]) -> str:
    words_id, words_en = ITEM_WORDS.get(item, (item, item))
    laws: list[str] = []
    unverified = False
    for parameter in used:
        article = parameter.reference.article
        if "not verified" in article:
            unverified = True
            article = article.split("(")[0].strip()
        cited = " ".join(part for part in (parameter.reference.regulation, article) if part)
        if cited not in laws:
            laws.append(cited)
    notes = []
    if unverified:
        notes.append("pasal belum diverifikasi / article not verified")
    if any(parameter.low_confidence for parameter in used):
        notes.append("keyakinan rendah / low confidence")
    text = f"{words_id} / {words_en} — {'; '.join(laws)}"
    return text + (f" ({'; '.join(notes)})" if notes else "")


def item_words(item: str) -> str:
    """A line's item in words, Indonesian / English."""
    words_id, words_en = ITEM_WORDS.get(item, (item, item))
    return f"{words_id} / {words_en}"


def _benefit_lines(benefit: Benefit, paths: dict[str, tuple[str, ...]]) -> list[Line]:
    used = {parameter.path: parameter for parameter in benefit.explanation.parameters}
    lines = []
    for item, amount in benefit.components.items():
        cited = [used[path] for path in paths.get(item, ()) if path in used]
        lines.append(Line(item, amount, _basis(item, cited or list(used.values()))))
    return lines


def _scholarship_lines(
    scholarship: Scholarship | None,
    children: int,
    levels: list[str] | None,
    explanation: Explanation,
) -> list[Line]:
    """The scholarship: one line for the children named when their levels are not given (the
    most the law gives), else one line per child from the level it is at."""
    if scholarship is None or not scholarship.eligible or children <= 0:
        return []
    used = [p for p in explanation.parameters if "scholarship" in p.path]
    if not levels:
        count = min(children, scholarship.max_children)
        amount = sum((amount for _, amount in scholarship.per_child_at([None] * count)), Decimal(0))
        return [Line("scholarship", amount, _basis("scholarship", used))]
    stated: list[str | None] = [level or None for level in levels]
    stated += [None] * max(0, children - len(stated))
    lines = []
    for number, (level, amount) in enumerate(scholarship.per_child_at(stated), start=1):
        unstated = ("tingkat tidak disebut", "level not given")
        words_id, words_en = ITEM_WORDS.get(level or "", unstated)
        if scholarship.per_child is not None:
            words_id, words_en = "sekali bayar", "paid once"
        child = f"anak {number}, {words_id} / child {number}, {words_en}"
        lines.append(Line("scholarship", amount, f"{child}: {_basis('scholarship', used)}"[:300]))
    return lines


def contribution_years(worker: Worker, program: str, on: date) -> Decimal:
    """Whole years the worker was enrolled in `program` up to `on`, across employers."""
    days = 0
    for start, end in Enrollment.objects.filter(
        worker=worker, program=program, start_date__lte=on
    ).values_list("start_date", "end_date"):
        days += ((min(end, on) if end else on) - start).days + 1
    return Decimal(days * 12 // 365 // 12)


DEATH_PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    "jkm": {
        "lump_sum": ("benefits/jkm/lump_sum",),
        "periodic": ("benefits/jkm/periodic_monthly", "benefits/jkm/periodic_months"),
        "funeral": ("benefits/jkm/funeral",),
    },
    "jkk": {
        "lump_sum": ("benefits/jkk/death_wage_multiple",),
        "periodic": ("benefits/jkk/death_periodic",),
        "funeral": ("benefits/jkk/death_funeral",),
    },
}


def _jkm_lines(
    result: Assessment, worker: Worker, children: int | None, levels: list[str] | None
) -> None:
    years = contribution_years(worker, "jkm", result.event_date)
    benefit = jkm_benefit(death_date=result.event_date, contribution_years=years)
    result.lines = _benefit_lines(benefit, DEATH_PATHS["jkm"])
    result.explanation = result.explanation.merge(benefit.explanation)
    if children is not None:
        lines = _scholarship_lines(benefit.scholarship, children, levels, benefit.explanation)
        if lines:
            result.lines += lines
        else:
            result.reason(
                "no_scholarship",
                f"Beasiswa tidak diberikan: masa iuran {years} tahun",
                f"No scholarship: {years} years of contributions",
            )


def _jkk_death_lines(result: Assessment, children: int | None, levels: list[str] | None) -> None:
    """The JKK death benefit of the regulation in force on the accident's date."""
    assert result.wage is not None
    benefit = jkk_death_benefit(wage=result.wage, accident_date=result.event_date)
    result.lines += _benefit_lines(benefit, DEATH_PATHS["jkk"])
    result.explanation = result.explanation.merge(benefit.explanation)
    if children is not None:
        result.lines += _scholarship_lines(
            benefit.scholarship, children, levels, benefit.explanation
        )


def _jkk_accident_lines(
    result: Assessment, stage_two: StageTwo, children: int | None, levels: list[str] | None
) -> None:
    """The lines the stage II report claims; a death there gives the JKK death benefit of the
    accident's date (PP 44/2015 or PP 82/2019), beside the care and transport before it."""
    assert result.wage is not None
    day, wage = result.event_date, result.wage
    benefits: list[Benefit] = []
    if stage_two.death:
        _jkk_death_lines(result, children, levels)
    if stage_two.stmb_months:
        schedule = stmb(wage=wage, accident_date=day, months=stage_two.stmb_months)
        used = list(schedule.explanation.parameters)
        result.lines.append(Line("stmb", schedule.total, _basis("stmb", used)))
        result.explanation = result.explanation.merge(schedule.explanation)
    if stage_two.total_disability:
        benefits.append(jkk_disability_benefit(wage=wage, accident_date=day, total=True))
    elif stage_two.disability_percent:
        benefits.append(
            jkk_disability_benefit(
                wage=wage, accident_date=day, percent=stage_two.disability_percent
            )
        )
    if stage_two.medical is not None:
        benefits.append(jkk_medical(amount=stage_two.medical, accident_date=day))
    if stage_two.transport is not None:
        benefits.append(
            jkk_transport(
                amount=stage_two.transport, mode=stage_two.transport_mode, accident_date=day
            )
        )
    for benefit in benefits:
        result.lines += _benefit_lines(benefit, {})
        result.explanation = result.explanation.merge(benefit.explanation)
    if not result.lines:
        result.reason(
            "stage_two_pending",
            "Manfaat dihitung dari laporan tahap II (surat keterangan dokter)",
            "Benefits are computed from the stage II report (the doctor's statement)",
        )


def _enrollment(worker: Worker, program: str, day: date, scope: Scope) -> Enrollment | None:
    return (
        Enrollment.objects.in_scope(scope)
        .filter(worker=worker, program=program)
        .active_on(day)
        .select_related("employer")
        .order_by("start_date", "pk")
        .first()
    )


def _wage(worker: Worker, employer: Employer, day: date) -> Decimal | None:
    """The wage the employer reported for the worker in force on the event's day, else the
    first it reported in that month."""
    wages = Wage.objects.filter(worker=worker, employer=employer)
    found = wages.in_force_on(day).values_list("amount", flat=True).first()
    if found is None:
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        found = (
            wages.filter(start_date__gt=day, start_date__lte=month_end)
            .order_by("start_date")
            .values_list("amount", flat=True)
            .first()
        )
    return None if found is None else Decimal(found)


def _arrears_months(employer: Employer, day: date) -> int:
    """Months whose contributions were due before the event and were not fully paid by then:
    billed and unpaid, or never billed (a month with workers enrolled and no final bill)."""
    statement = employer_statement(employer=employer, on=day)
    billed = sum(
        1
        for row in statement.bills
        if row.unpaid > 0 and row.bill.due_date and row.bill.due_date < day
    )
    return billed + len(unbilled_periods([employer.pk], on=day).get(employer.pk, []))


def _liability(
    result: Assessment, rules: Rules, reported_at: datetime | None, at: time | None
) -> None:
    day = result.event_date
    employer = result.employer
    assert employer is not None
    if result.program == "jkk":
        hours = rules.decimal("claims/jkk/stage1_report_hours", day)
        result.deadline = event_moment(day, at) + timedelta(hours=int(hours))
        if reported_at is not None and reported_at > result.deadline:
            result.reason(
                "report_late",
                f"Laporan tahap I lewat {hours} jam setelah kecelakaan",
                f"The stage I report came more than {hours} hours after the accident",
            )
            if rules.flag("claims/jkk/late_report_employer_liable", day):
                result.employer_liable = True
    threshold = int(rules.decimal("claims/arrears/months_threshold", day))
    months = _arrears_months(employer, day)
    if months >= threshold:
        result.reason(
            "employer_in_arrears",
            f"Pemberi kerja menunggak iuran {months} bulan pada tanggal peristiwa",
            f"The employer was {months} months in arrears on the event's date",
        )
        if rules.flag("claims/arrears/employer_liable", day):
            result.employer_liable = True


def _lapsed(result: Assessment, rules: Rules, claimed_on: date) -> None:
    """Flag a JKK claim made after the right lapsed; the lines still say what the law gave."""
    if result.program != "jkk":
        return
    years = int(rules.decimal("benefits/jkk/claim_lapse_years", result.event_date))
    day = result.event_date
    try:
        lapse = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        lapse = day.replace(year=day.year + years, day=28)
    if claimed_on <= lapse:
        return
    result.reason(
        "claim_lapsed",
        f"Hak atas manfaat JKK gugur {years} tahun setelah kecelakaan ({lapse})",
        f"The right to JKK benefits lapsed {years} years after the accident ({lapse})",
    )


def assess(
    *,
    worker: Worker,
    event: str,
    event_date: date,
    event_time: time | None = None,
    reported_at: datetime | None = None,
    children: int | None = None,
    children_levels: list[str] | None = None,
    stage_two: StageTwo | None = None,
    scope: Scope | None = None,
    today: date | None = None,
) -> Assessment:
    """Eligibility, liability and benefit of an event, under the rules in force on its date."""
    scope = scope or Scope(everything=True)
    today = today or timezone.localdate()
    rules = Rules()
    rules.check_date(event_date, field="date")
    program = PROGRAM_OF_EVENT[EventType(event)]
    result = Assessment(event=event, event_date=event_date, program=program)
    enrollment = _enrollment(worker, program, event_date, scope)
    employment = (
        Employment.objects.in_scope(scope)
        .filter(worker=worker)
        .active_on(event_date)
        .select_related("employer")
        .order_by("start_date", "pk")
    )
    if enrollment is not None:
        employment = employment.filter(employer=enrollment.employer)
    job = employment.first()
    result.employer = enrollment.employer if enrollment else (job.employer if job else None)
    result.unit_id = job.unit_id if job else None
    if enrollment is None:
        result.reason(
            "not_enrolled",
            f"Tidak terdaftar dalam program {program.upper()} pada {event_date}",
            f"Not enrolled in {program.upper()} on {event_date}",
        )
    if result.employer is None:
        return result
    result.wage = _wage(worker, result.employer, event_date)
    # Paid through with this employer's region: the filer's own scope (a unit) sees no bills.
    result.paid_through = paid_through(
        worker=worker, scope=Scope(region_codes=(result.employer.region_id,))
    )
    _liability(result, rules, reported_at, event_time)
    result.explanation = rules.explanation()
    if enrollment is None:
        return result
    result.covered = True
    if program == "jkk" and result.wage is None:
        result.reason(
            "no_wage",
            f"Tidak ada upah yang dilaporkan untuk {event_date:%Y-%m}",
            f"No wage reported for {event_date:%Y-%m}",
        )
        return result
    _lapsed(result, rules, reported_at.date() if reported_at else today)
    result.explanation = result.explanation.merge(rules.explanation())
    if event == EventType.JKM_DEATH:
        _jkm_lines(result, worker, children, children_levels)
    elif event == EventType.JKK_DEATH:
        _jkk_death_lines(result, children, children_levels)
    else:
        _jkk_accident_lines(result, stage_two or StageTwo(), children, children_levels)
    return result
