"""Amounts and counts written the way each language writes them, for pages, PDFs and the command
line (pure Python): `Rp13.248.990` and `1.136` in Indonesian, `Rp13,248,990` and `1,136` in English.
Indonesian is the default: documents and the command line speak it first.
"""

import re
from decimal import Decimal, InvalidOperation

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


def parse_amount(text: str) -> Decimal:
    """An amount typed the Indonesian or the English way: `2.552.014`, `2,552,014`, `2576016.96`.

    With both separators the last one is the decimal mark; a lone separator after one to three
    digits and before exactly three groups thousands (`2.552`), otherwise it is the decimal mark
    (`2552014.000`, as a machine writes a Decimal).
    """
    cleaned = re.sub(r"^rp\.?", "", text.strip().lower().replace(" ", "")).strip()
    if "." in cleaned and "," in cleaned:
        decimal_mark = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
    elif "." in cleaned or "," in cleaned:
        mark = "." if "." in cleaned else ","
        head, _, tail = cleaned.rpartition(mark)
        digits_before = len(head.lstrip("-"))
        thousands = cleaned.count(mark) > 1 or (len(tail) == 3 and 0 < digits_before <= 3)
        decimal_mark = "" if thousands else mark
    else:
        decimal_mark = ""
    grouping = {".": ",", ",": ".", "": ".,"}[decimal_mark]
    for separator in grouping:
        cleaned = cleaned.replace(separator, "")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error
