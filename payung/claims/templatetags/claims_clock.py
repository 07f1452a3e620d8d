"""`{% deadline_clock due %}`: a report's deadline as the time left (or overdue), written by the
server in the page's language; `claims/claims.js` keeps it ticking with the same words."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


def _words() -> dict[str, str]:
    return {
        # Translators: {time} is the time left, e.g. "5 j 03 m".
        "left": gettext("sisa {time}"),
        # Translators: {time} is how long ago the deadline passed.
        "overdue": gettext("lewat {time}"),
        # Translators: the short unit for hours in a clock ("j" for jam).
        "hours": gettext("j"),
        # Translators: the short unit for minutes in a clock.
        "minutes": gettext("m"),
    }


def time_left(due: datetime, now: datetime | None = None) -> tuple[str, bool]:
    """The time left until `due` in the page's language, and whether it has passed."""
    words = _words()
    seconds = int((due - (now or timezone.now())).total_seconds())
    minutes = abs(seconds) // 60
    span = f"{minutes // 60} {words['hours']} {minutes % 60:02d} {words['minutes']}"
    overdue = seconds < 0
    return words["overdue" if overdue else "left"].format(time=span), overdue


@register.simple_tag
def deadline_clock(due: datetime, element_id: str = "") -> str:
    """A clock of the time left until `due`, server-rendered; the script refreshes it."""
    words = _words()
    text, overdue = time_left(due)
    return format_html(
        '<strong class="deadline-clock"{} data-deadline="{}" data-left="{}" data-overdue-text="{}"'
        ' data-hours="{}" data-minutes="{}" data-overdue="{}">{}</strong>',
        format_html(' id="{}"', element_id) if element_id else "",
        due.isoformat(),
        words["left"],
        words["overdue"],
        words["hours"],
        words["minutes"],
        "true" if overdue else "false",
        text,
    )
