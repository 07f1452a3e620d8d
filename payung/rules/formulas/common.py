"""Reading parameters in force on a date while recording them, and shared checks."""

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from payung.core.bounds import HEAD_COUNT_MAX, MONEY_PER_PERSON_MAX, YEAR_MAX, YEAR_MIN
from payung.core.money import rupiah
from payung.rules.errors import RuleError
from payung.rules.explanation import Explanation, Recorder
from payung.rules.loader import load_parameters
from payung.rules.model import ParameterTree, ParameterValue

PROGRAMS = ("jkk", "jkm", "jht", "jp")
KINDS = ("pu", "bpu")
ROUNDING_MODES = {"truncate": ROUND_DOWN, "half_up": ROUND_HALF_UP}


class Rules:
    """The parameters in force on given dates; every value read is recorded for the explanation."""

    def __init__(self, parameters: ParameterTree | None = None) -> None:
        self.tree = parameters if parameters is not None else load_parameters()
        self.recorder = Recorder()

    @property
    def start(self) -> date:
        """The first day the rules cover."""
        value = self.tree["general/rules_start"].values[0].value
        assert isinstance(value, date)
        return value

    def check_date(self, on: date, field: str = "on") -> None:
        """Refuse a date before the rules begin."""
        if on < self.start:
            raise RuleError("date_before_rules", field=field, on=on, start=self.start)

    def optional(self, path: str, on: date) -> ParameterValue | None:
        """The value of `path` in force on `on`, recorded, or None when none is in force."""
        used = self.recorder.record(self.tree[path], on)
        return None if used is None else used.value

    def value(self, path: str, on: date) -> ParameterValue:
        """The value of `path` in force on `on`, recorded; refuse when none is in force."""
        found = self.optional(path, on)
        if found is None:
            raise RuleError("no_parameter_value", path=path, on=on)
        return found

    def decimal(self, path: str, on: date) -> Decimal:
        """A numeric parameter."""
        found = self.value(path, on)
        assert isinstance(found, Decimal), path
        return found

    def code(self, path: str, on: date) -> str:
        """A code parameter."""
        found = self.value(path, on)
        assert isinstance(found, str), path
        return found

    def flag(self, path: str, on: date) -> bool:
        """A boolean parameter."""
        found = self.value(path, on)
        assert isinstance(found, bool), path
        return found

    def codes(self, path: str, on: date) -> tuple[str, ...]:
        """A code-list parameter, empty when none is in force."""
        found = self.optional(path, on)
        if found is None:
            return ()
        assert isinstance(found, tuple), path
        return tuple(str(item) for item in found)

    def money(self, amount: Decimal, on: date) -> Decimal:
        """`amount` rounded to the rounding step with the rounding mode in force."""
        mode = ROUNDING_MODES[self.code("rounding/mode", on)]
        step = self.decimal("rounding/step", on)
        return (amount / step).quantize(Decimal(1), rounding=mode) * step

    def note(self, text: str) -> None:
        """Add a note for the reader."""
        self.recorder.note(text)

    def explanation(self) -> Explanation:
        """The parameters read and notes made so far."""
        return self.recorder.explanation()


def check_wage(wage: Decimal, field: str = "wage") -> Decimal:
    """Refuse a wage that is not a number or negative; return it as Decimal."""
    wage = Decimal(wage)
    if not wage.is_finite():
        raise RuleError("not_a_number", field=field, name=field)
    if wage < 0:
        raise RuleError("negative_wage", field=field)
    return wage


def check_typed_wage(wage: Decimal, field: str = "wage") -> Decimal:
    """A wage typed into a calculator: as `check_wage`, and at most MONEY_PER_PERSON_MAX a
    month (bills compute stored wages through `check_wage` alone)."""
    wage = check_wage(wage, field)
    if wage > MONEY_PER_PERSON_MAX:
        raise RuleError(
            "wage_too_high",
            field=field,
            maximum_id=rupiah(MONEY_PER_PERSON_MAX),
            maximum_en=f"Rp{MONEY_PER_PERSON_MAX:,}",
        )
    return wage


def check_workers(workers: int, field: str = "workers") -> int:
    """Refuse a negative number of workers or more than HEAD_COUNT_MAX."""
    if workers < 0:
        raise RuleError("negative_workers", field=field)
    if workers > HEAD_COUNT_MAX:
        raise RuleError(
            "too_many_workers",
            field=field,
            maximum_id=f"{HEAD_COUNT_MAX:,}".replace(",", "."),
            maximum_en=f"{HEAD_COUNT_MAX:,}",
        )
    return workers


def check_year(year: int, field: str = "year") -> int:
    """Refuse a calendar year outside YEAR_MIN..YEAR_MAX."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise RuleError("year_out_of_range", field=field, year=year, start=YEAR_MIN, end=YEAR_MAX)
    return year


def check_program(program: str) -> str:
    """Refuse an unknown program code."""
    if program not in PROGRAMS:
        raise RuleError(
            "unknown_program", field="program", program=program, known=", ".join(PROGRAMS)
        )
    return program


def month_start(on: date) -> date:
    """The first day of the month of `on`."""
    return on.replace(day=1)
