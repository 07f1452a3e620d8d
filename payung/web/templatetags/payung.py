"""Template filters shared by every page: amounts the Indonesian way."""

from django import template

from payung.core.money import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(amount: object) -> str:
    """`10800` → `Rp10.800`; `2576016.96` → `Rp2.576.016,96`; None → an em dash."""
    if amount is None or amount == "":
        return "—"
    return format_rupiah(amount)
