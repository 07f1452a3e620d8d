"""Reads: what on a bill deserves a warning before it is sent, e.g. wages under the minimum wage.

The minimum wage is the region's of the bill's year (its UMK where the parameters have one, else
the province's UMP), as `payung.rules.wages.minimum_wage` finds it for the bill's month.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Min

from payung.core.money import rupiah
from payung.regions.models import Region
from payung.rules.errors import RuleError
from payung.rules.wages import UMK, minimum_wage

from .models import Bill, BillLine, LineKind
from .periods import parse_period

WAGE_BELOW_MINIMUM = "wage_below_minimum"


@dataclass(frozen=True)
class BillWarning:
    """A stable `code`, and its message in Indonesian and in English (each with its own number
    format); `message` is both, "Indonesian / English", as the command line and the API print."""

    code: str
    message_id: str
    message_en: str

    @property
    def message(self) -> str:
        return f"{self.message_id} / {self.message_en}"

    def in_language(self, language: str | None) -> str:
        return self.message_en if (language or "id").startswith("en") else self.message_id

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class BelowMinimum:
    """The bill's workers whose wage is under the minimum wage of the bill's month."""

    minimum: Decimal
    name: str  # e.g. "UMK Kota Kendari 2026"
    worker_ids: list[int]
    lowest: Decimal


def below_minimum(bill: Bill) -> BelowMinimum | None:
    """The workers on the bill paid under the region's minimum wage of its month, or None."""
    month = parse_period(bill.period)
    try:
        found = minimum_wage(region_code=bill.employer.region_id, on=month)
    except RuleError:
        return None
    if found is None:
        return None
    rows = (
        BillLine.objects.filter(bill=bill, kind=LineKind.CONTRIBUTION, wage__lt=found.amount)
        .values("worker_id")
        .annotate(lowest=Min("wage"))
        .order_by("worker_id")
    )
    lowest = {row["worker_id"]: Decimal(str(row["lowest"])) for row in rows}
    if not lowest:
        return None
    region = Region.objects.filter(code=found.region_code).values_list("name", flat=True).first()
    label = "UMK" if found.kind == UMK else "UMP"
    return BelowMinimum(
        minimum=found.amount,
        name=f"{label} {region or found.region_code} {month.year}",
        worker_ids=list(lowest),
        lowest=min(lowest.values()),
    )


def bill_warnings(bill: Bill, below: BelowMinimum | None = None) -> list[BillWarning]:
    """What should be looked at before the bill is sent, each with a stable code."""
    below = below if below is not None else below_minimum(bill)
    if below is None:
        return []
    count = len(below.worker_ids)
    return [
        BillWarning(
            WAGE_BELOW_MINIMUM,
            f"Upah {count} pekerja di bawah {below.name} ({rupiah(below.minimum)}); "
            f"terendah {rupiah(below.lowest)}",
            f"{count} workers' wages are below the {below.name} "
            f"({rupiah(below.minimum, 'en')}); lowest {rupiah(below.lowest, 'en')}",
        )
    ]


def warnings_as_dicts(bill: Bill) -> list[dict[str, Any]]:
    return [warning.as_dict() for warning in bill_warnings(bill)]
