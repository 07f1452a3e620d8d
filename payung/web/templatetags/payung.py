"""Template filters shared by every page: amounts the Indonesian way."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rupiah(amount: object) -> str:
    """`10800` → `Rp10.800`; `2576016.96` → `Rp2.576.016,96`; None → an em dash."""
    if amount is None or amount == "":
        return "—"
    number = Decimal(str(amount))
    whole, _, cents = f"{number:,f}".partition(".")
    text = whole.replace(",", ".")
    return f"Rp{text},{cents.rstrip('0')}" if cents and int(cents) else f"Rp{text}"
