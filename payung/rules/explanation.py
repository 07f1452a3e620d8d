"""What produced an amount: each parameter value used, with its reference and confidence."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from payung.rules.model import LOW_CONFIDENCE, Parameter, ParameterValue, Reference


def json_ready(value: object) -> Any:
    """A JSON-serialisable form: Decimal as a decimal string, dates in ISO, tuples as lists."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_ready(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class UsedParameter:
    """One parameter value that went into a result."""

    path: str
    description: str
    value: ParameterValue
    unit: str
    effective_from: date
    reference: Reference
    confidence: str
    last_reviewed: date

    @property
    def low_confidence(self) -> bool:
        """True when the value is weak (L) or unknown."""
        return self.confidence in LOW_CONFIDENCE

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form to store beside the amount."""
        return {
            "path": self.path,
            "description": self.description,
            "value": json_ready(self.value),
            "unit": self.unit,
            "effective_from": self.effective_from.isoformat(),
            "reference": self.reference.text,
            "regulation": self.reference.regulation,
            "article": self.reference.article,
            "where": self.reference.where,
            "confidence": self.confidence,
            "low_confidence": self.low_confidence,
            "last_reviewed": self.last_reviewed.isoformat(),
        }


@dataclass(frozen=True)
class Explanation:
    """The parameters and notes behind a result; callers store `as_dict()` with it."""

    parameters: tuple[UsedParameter, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def low_confidence(self) -> list[str]:
        """Paths of the values marked L or unknown, to show as a note beside the amount."""
        return [used.path for used in self.parameters if used.low_confidence]

    def merge(self, *others: "Explanation") -> "Explanation":
        """This explanation and others, without repeating a value."""
        parameters = list(self.parameters)
        notes = list(self.notes)
        for other in others:
            parameters.extend(used for used in other.parameters if used not in parameters)
            notes.extend(note for note in other.notes if note not in notes)
        return Explanation(parameters=tuple(parameters), notes=tuple(notes))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form: parameters used, low-confidence paths and notes."""
        return {
            "parameters": [used.as_dict() for used in self.parameters],
            "low_confidence": self.low_confidence,
            "notes": list(self.notes),
        }


@dataclass
class Recorder:
    """Collects the parameters a formula reads, in the order it reads them."""

    used: list[UsedParameter] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def record(self, parameter: Parameter, on: date) -> UsedParameter | None:
        """Record the value of `parameter` in force on `on`; None when there is none."""
        found = parameter.at(on)
        if found is None or found.value is None:
            return None
        used = UsedParameter(
            path=parameter.path,
            description=parameter.description,
            value=found.value,
            unit=parameter.unit,
            effective_from=found.start,
            reference=found.reference,
            confidence=found.confidence,
            last_reviewed=found.last_reviewed,
        )
        if used not in self.used:
            self.used.append(used)
        return used

    def note(self, text: str) -> None:
        """Add a note for the reader, once."""
        if text not in self.notes:
            self.notes.append(text)

    def explanation(self) -> Explanation:
        """Everything recorded so far."""
        return Explanation(parameters=tuple(self.used), notes=tuple(self.notes))
