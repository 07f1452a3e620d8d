"""Amounts and counts written the way each language writes them, for pages, PDFs and the command
line (pure Python): `Rp13.248.990` and `1.136` in Indonesian, `Rp13,248,990` and `1,136` in English.
Indonesian is the default: documents and the command line speak it first.
"""

from decimal import Decimal

SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (thousands, decimal) per language


def _separators(language: str | None) -> tuple[str, str]:
    return SEPARATORS.get((language or "id")[:2], SEPARATORS["id"])


def number(value: object, language: str | None = "id") -> str:
    """`1136` → `1.136` (id) or `1,136` (en); decimals keep their digits: `0.24` → `0,24`."""
    thousands, decimal_mark = _separators(language)
    amount = Decimal(str(value))
    whole, _, fraction = f"{abs(amount):,f}".partition(".")
    text = whole.replace(",", thousands) + (f"{decimal_mark}{fraction}" if fraction else "")
    return f"-{text}" if amount < 0 else text


def rupiah(amount: object, language: str | None = "id") -> str:
    """`10800` → `Rp10.800`; `2576016.96` → `Rp2.576.016,96` (cents only when there are any);
    `-309` → `-Rp309`; in English `Rp10,800`."""
    value = Decimal(str(amount))
    cents = value - value.to_integral_value(rounding="ROUND_DOWN")
    text = number(abs(value) if cents else abs(value).to_integral_value(), language)
    return f"-Rp{text}" if value < 0 else f"Rp{text}"


def signed(value: object, language: str | None = "id") -> str:
    """A difference with its sign: `309` → `+309`, `-1136` → `-1.136`, `0` → `0`."""
    text = number(value, language)
    return f"+{text}" if Decimal(str(value)) > 0 else text
