"""The minimum wage in force for a region on a date: its own UMK where known, else the UMP."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from payung.rules.explanation import Explanation, json_ready
from payung.rules.formulas.common import Rules
from payung.rules.model import ParameterTree

UMK = "umk"
UMP = "ump"


@dataclass(frozen=True)
class MinimumWage:
    """A monthly minimum wage: which one (UMK of a regency/city or UMP of a province), and why."""

    amount: Decimal
    kind: str
    region_code: str
    explanation: Explanation

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "amount": json_ready(self.amount),
            "kind": self.kind,
            "region_code": self.region_code,
            "explanation": self.explanation.as_dict(),
        }


def _ancestors(region_code: str) -> list[str]:
    """`region_code` and the codes above it, narrowest first: 74.71.01 → 74.71.01, 74.71, 74."""
    parts = region_code.split(".")
    return [".".join(parts[:depth]) for depth in range(len(parts), 0, -1)]


def minimum_wage(
    *, region_code: str, on: date, parameters: ParameterTree | None = None
) -> MinimumWage | None:
    """The narrowest minimum wage in force on `on` for the region: a UMK, else the province's UMP.

    None when no minimum wage of the region or its province is known on that date.
    """
    rules = Rules(parameters)
    rules.check_date(on)
    umks = set(rules.tree.children("wages/umk"))
    umps = set(rules.tree.children("wages/ump"))
    for code in _ancestors(region_code):
        if code in umks:
            amount = rules.optional(f"wages/umk/{code}", on)
            if isinstance(amount, Decimal):
                return MinimumWage(amount, UMK, code, rules.explanation())
            rules.note(f"No UMK of {code} is known on {on}: the province's UMP is used.")
        if code in umps:
            amount = rules.optional(f"wages/ump/{code}", on)
            if isinstance(amount, Decimal):
                return MinimumWage(amount, UMP, code, rules.explanation())
    return None
