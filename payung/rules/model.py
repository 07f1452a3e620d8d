"""Parameters: dated values, each with its unit, reference, confidence and review date."""

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

type ParameterValue = Decimal | str | bool | date | tuple[Decimal, ...] | tuple[str, ...]

LOW_CONFIDENCE = frozenset({"L", "unknown"})


@dataclass(frozen=True)
class Reference:
    """Where a value comes from: the regulation, its article, and where to read it."""

    regulation: str
    article: str = ""
    where: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        """The citation on one line, e.g. `PP 44/2015 Pasal 18 (JDIH BPK ...)`."""
        parts = [self.regulation, self.article]
        cited = " ".join(part for part in parts if part)
        extra = "; ".join(part for part in (self.note, self.where) if part)
        return f"{cited} — {extra}" if extra else cited


@dataclass(frozen=True)
class Value:
    """One value of a parameter, in force from `start` until the next value; None ends it."""

    start: date
    value: ParameterValue | None
    reference: Reference
    confidence: str
    last_reviewed: date

    @property
    def low_confidence(self) -> bool:
        """True when the value is weak or unknown and must be shown as such."""
        return self.confidence in LOW_CONFIDENCE


@dataclass(frozen=True)
class Parameter:
    """A named series of dated values, read from one YAML file."""

    path: str
    description: str
    unit: str
    values: tuple[Value, ...]
    source: str
    continuous_from: date | None = None

    def at(self, on: date) -> Value | None:
        """The value in force on `on`, or None before the first value or after a null."""
        index = bisect_right([value.start for value in self.values], on)
        if index == 0:
            return None
        found = self.values[index - 1]
        return None if found.value is None else found


class ParameterTree(Mapping[str, Parameter]):
    """Every parameter by path (`contributions/jkk/very_low`), immutable once loaded."""

    def __init__(self, parameters: Mapping[str, Parameter], directory: str) -> None:
        self._parameters = dict(sorted(parameters.items()))
        self.directory = directory
        self._children: dict[str, list[str]] = {}
        self.change_days: tuple[date, ...] = tuple(
            sorted({value.start for parameter in parameters.values() for value in parameter.values})
        )
        """Every day on which a parameter's value begins (or ends, as a null): between two of
        them every parameter keeps one value, so a formula of the parameters in force gives the
        same result on any day of the same stretch (`era`)."""

    def era(self, on: date) -> int:
        """Which stretch between change days `on` falls in (see `change_days`)."""
        return bisect_right(self.change_days, on)

    def __getitem__(self, path: str) -> Parameter:
        return self._parameters[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def children(self, prefix: str) -> list[str]:
        """The last path segment of every parameter directly under `prefix`."""
        head = prefix.rstrip("/") + "/"
        found = self._children.get(head)
        if found is None:  # the tree never changes: each prefix is looked up once
            found = self._children[head] = sorted(
                path.removeprefix(head)
                for path in self._parameters
                if path.startswith(head) and "/" not in path.removeprefix(head)
            )
        return list(found)
