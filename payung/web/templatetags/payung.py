"""Template tags shared by every page: amounts in the page's language, and what the user may do."""

from django import template
from django.utils.translation import get_language

from payung.accounts.access import can as user_can
from payung.core import money

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, obj: object = None) -> bool:
    """`{% can "bill" as may_bill %}`: whether the page's user may do `action` (on `obj`)."""
    return user_can(context["request"].user, action, obj)


def _blank(value: object) -> bool:
    return value is None or value == ""


@register.filter
def rupiah(amount: object) -> str:
    """`10800` → `Rp10.800` (`Rp10,800` in English); `2576016.96` → `Rp2.576.016,96`;
    `-309` → `-Rp309`; None → an em dash."""
    return "—" if _blank(amount) else money.rupiah(amount, get_language())


@register.filter
def number(value: object) -> str:
    """A count or amount without a currency: `1.136` in Indonesian, `1,136` in English."""
    return "—" if _blank(value) else money.number(value, get_language())


@register.filter
def signed(value: object) -> str:
    """A difference with its sign, grouped by the language: `+1.136`, `-309`, `0`."""
    return "—" if _blank(value) else money.signed(value, get_language())


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`{{ counts|get_item:row.code }}`: the mapping's value for a key, or None."""
    getter = getattr(mapping, "get", None)
    return getter(key) if getter is not None else None
