"""Amounts written the Indonesian way, for pages, PDFs and the command line (pure Python)."""

from decimal import Decimal


def rupiah(amount: object) -> str:
    """`10800` → `Rp10.800`; `2576016.96` → `Rp2.576.016,96` (cents only when there are any)."""
    number = Decimal(str(amount))
    whole, _, cents = f"{number:,f}".partition(".")
    text = whole.replace(",", ".")
    return f"Rp{text},{cents}" if cents and int(cents) else f"Rp{text}"
