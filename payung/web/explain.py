"""An amount's explanation as the pages show it: each parameter value, readable, with its source."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import get_language

from payung.rules.explanation import Explanation, UsedParameter
from payung.rules.model import ParameterValue
from payung.rules.wording import (
    citation,
    confidence_wording,
    note_wording,
    numbers_in,
    source_wording,
    value_words,
)
from payung.web.templatetags.payung import rupiah

MONEY_UNITS = frozenset({"idr", "idr_per_month", "idr_per_year", "idr_list"})
RATIO_UNITS = frozenset({"ratio", "ratio_per_month"})


def _number(value: Decimal) -> str:
    """A plain number the Indonesian way: 0.24 → `0,24`, 48 → `48`."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")


def display_value(value: ParameterValue, unit: str) -> str:
    """A parameter value as a reader expects it: rates in percent, amounts in Rupiah."""
    if isinstance(value, tuple):
        return ", ".join(display_value(item, unit) for item in value)
    if isinstance(value, bool):
        return "ya / yes" if value else "tidak / no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if unit in MONEY_UNITS:
            return rupiah(value)
        if unit in RATIO_UNITS:
            return f"{_number(value * 100)}%"
        return _number(value)
    return str(value)


@dataclass(frozen=True)
class ShownParameter:
    """One parameter value behind an amount, ready for a page."""

    used: UsedParameter
    value: str

    @property
    def reference(self) -> str:
        """Regulation and article as a letter cites them ("PP 44/2015 Pasal 16 dan Lampiran I")."""
        return citation(self.used.reference.regulation, self.used.reference.article)

    @property
    def sentence(self) -> str:
        """What the value means in words, else the parameter's description."""
        with numbers_in(get_language()):
            return value_words(self.used.path, self.used.value) or self.used.description

    @property
    def confidence(self) -> str:
        """How sure the value is, in words for officers."""
        return confidence_wording(self.used.confidence)

    @property
    def source(self) -> str:
        """Where to read the regulation (no repository document or file path)."""
        return source_wording(self.used.reference.where)


@dataclass(frozen=True)
class ShownExplanation:
    """What produced an amount: parameter values with their sources, and notes."""

    parameters: tuple[ShownParameter, ...]
    notes: tuple[str, ...]

    @property
    def worded_notes(self) -> list[str]:
        """The notes as "Indonesian / English"."""
        return [note_wording(note) for note in self.notes]

    @property
    def low_confidence(self) -> bool:
        """True when any value behind the amount is weak (L) or unknown."""
        return any(shown.used.low_confidence for shown in self.parameters)


def shown(explanation: Explanation) -> ShownExplanation:
    """An explanation ready for a page."""
    return ShownExplanation(
        parameters=tuple(
            ShownParameter(used, display_value(used.value, used.unit))
            for used in explanation.parameters
        ),
        notes=explanation.notes,
    )


# The parameter names (last path segment) behind each benefit component; rounding is behind all.
COMPONENT_PARAMETERS = {
    "lump_sum": ("lump_sum", "death_wage_multiple"),
    "periodic": ("periodic",),
    "funeral": ("funeral",),
}


def component_explanation(explanation: Explanation, component: str) -> ShownExplanation:
    """The part of a benefit's explanation behind one component; all of it when none matches."""
    names = COMPONENT_PARAMETERS.get(component, (component,))
    mine = tuple(
        used
        for used in explanation.parameters
        if any(name in used.path.rsplit("/", 1)[-1] for name in names)
    )
    if not mine:
        return shown(explanation)
    rounding = tuple(used for used in explanation.parameters if used.path.startswith("rounding/"))
    return shown(Explanation(parameters=mine + rounding, notes=explanation.notes))


def share_explanation(explanation: Explanation, ratio: Decimal) -> ShownExplanation:
    """The part of a schedule's explanation behind one month: its share, the tier lengths and
    the rounding."""
    mine = tuple(
        used
        for used in explanation.parameters
        if (used.unit in RATIO_UNITS and used.value == ratio)
        or used.path.endswith("_months")
        or used.path.startswith("rounding/")
    )
    return shown(Explanation(parameters=mine, notes=explanation.notes))
