"""Reminders of open outreach items, computed for a day passed in (never read from the clock).

Three kinds (day counts are settings, read at call time, with these defaults):
- overdue: an open next step whose due date has passed;
- expiring: an agreement that ends within `PAYUNG_OUTREACH_EXPIRING_DAYS` (90) days;
- signed_empty: an agreement signed `PAYUNG_OUTREACH_SIGNED_EMPTY_DAYS` (60) or more days ago
  whose region still has no participant of its group.

`send_reminders` mails each open item at most once a day (the ReminderLog records what was
sent); an item is sent again on a later day only while it is still open, every
`PAYUNG_OUTREACH_REMIND_EVERY_DAYS` (1) days.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from payung.core.history import CREATED, record_bulk_history
from payung.core.scope import Scope

from .models import Activity, Agreement, ReminderKind, ReminderLog
from .selectors import open_steps, participants_by_region

EXPIRING_DAYS = 90
SIGNED_EMPTY_DAYS = 60
REMIND_EVERY_DAYS = 1


def _days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class Reminder:
    """One open item to remind someone of."""

    kind: str
    region_code: str
    region_name: str
    text: str
    day: date
    activity_id: int | None = None
    agreement_id: int | None = None
    recipients: tuple[str, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return str(ReminderKind(self.kind).label)

    @property
    def key(self) -> tuple[str, int | None, int | None]:
        return (self.kind, self.activity_id, self.agreement_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "region": self.region_code,
            "region_name": self.region_name,
            "text": self.text,
            "date": self.day.isoformat(),
            "activity_id": self.activity_id,
            "agreement_id": self.agreement_id,
            "recipients": list(self.recipients),
        }


def _fallback_recipients() -> tuple[str, ...]:
    configured = getattr(settings, "PAYUNG_OUTREACH_REMINDER_TO", None)
    if configured:
        return tuple(configured)
    return (settings.DEFAULT_FROM_EMAIL,)


def _shifted(day: date, days: int) -> date:
    """`day` moved by `days`, held at the first or last day a date can be (a page may look at
    9999-12-31)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def open_reminders(*, on: date, scope: Scope) -> list[Reminder]:
    """Every item open on `on` that the scope may see, in a fixed number of queries."""
    fallback = _fallback_recipients()
    reminders = [
        Reminder(
            kind=ReminderKind.OVERDUE,
            region_code=a.region_id,
            region_name=a.region.name,
            text=a.next_step,
            day=a.due,  # type: ignore[arg-type]
            activity_id=a.pk,
            recipients=(a.owner.email,) if a.owner and a.owner.email else fallback,
        )
        for a in open_steps(Activity.objects.in_scope(scope), on)
        .filter(due__lt=on)
        .select_related("region", "owner")
        .order_by("due", "pk")
    ]
    agreements = Agreement.objects.in_scope(scope).filter(signed_on__lte=on)
    expiring_until = _shifted(on, _days("PAYUNG_OUTREACH_EXPIRING_DAYS", EXPIRING_DAYS))
    reminders += [
        Reminder(
            kind=ReminderKind.EXPIRING,
            region_code=a.region_id,
            region_name=a.region.name,
            text=_agreement_text(a),
            day=a.expires_on,  # type: ignore[arg-type]
            agreement_id=a.pk,
            recipients=_recipient(a, fallback),
        )
        for a in agreements.filter(expires_on__gte=on, expires_on__lte=expiring_until)
        .select_related("region", "recorded_by")
        .order_by("expires_on", "pk")
    ]
    signed_before = _shifted(on, -_days("PAYUNG_OUTREACH_SIGNED_EMPTY_DAYS", SIGNED_EMPTY_DAYS))
    candidates = list(
        agreements.filter(signed_on__lte=signed_before)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .select_related("region", "recorded_by")
        .order_by("signed_on", "pk")
    )
    counts = _counts(candidates, on=on, scope=scope)
    reminders += [
        Reminder(
            kind=ReminderKind.SIGNED_EMPTY,
            region_code=a.region_id,
            region_name=a.region.name,
            text=_agreement_text(a),
            day=a.signed_on,
            agreement_id=a.pk,
            recipients=_recipient(a, fallback),
        )
        for a in candidates
        if not counts.get((a.region_id, a.group))
    ]
    return reminders


def _agreement_text(agreement: Agreement) -> str:
    who = agreement.parties.split(" dan ")[0]
    return f"{agreement.kind.upper()} {agreement.number or agreement.signed_on} — {who}"


def _recipient(agreement: Agreement, fallback: tuple[str, ...]) -> tuple[str, ...]:
    user = agreement.recorded_by
    return (user.email,) if user and user.email else fallback


def _counts(agreements: list[Agreement], *, on: date, scope: Scope) -> dict[tuple[str, str], int]:
    """Participants per (region, group) of the agreements: one query per code depth and group."""
    wanted: dict[tuple[int, str], set[str]] = defaultdict(set)
    for agreement in agreements:
        wanted[(len(agreement.region_id), agreement.group)].add(agreement.region_id)
    counts: dict[tuple[str, str], int] = {}
    for (_, group), codes in wanted.items():
        for code, n in participants_by_region(
            sorted(codes), on=on, scope=scope, group=group
        ).items():
            counts[(code, group)] = n
    return counts


@dataclass(frozen=True)
class Sent:
    """What one run sent (or, dry, would send), and what it held back as already sent."""

    sent: list[Reminder]
    held_back: list[Reminder]
    messages: int


def send_reminders(*, on: date, scope: Scope | None = None, dry_run: bool = False) -> Sent:
    """Mail every open item not already sent within the reminder interval; log what was sent."""
    scope = scope or Scope(everything=True)
    every = _days("PAYUNG_OUTREACH_REMIND_EVERY_DAYS", REMIND_EVERY_DAYS)
    items = open_reminders(on=on, scope=scope)
    recent = {
        (kind, activity, agreement)
        for kind, activity, agreement in ReminderLog.objects.filter(
            sent_on__gt=_shifted(on, -every), sent_on__lte=on
        ).values_list("kind", "activity_id", "agreement_id")
    }
    due = [item for item in items if item.key not in recent]
    held = [item for item in items if item.key in recent]
    by_recipient: dict[str, list[Reminder]] = defaultdict(list)
    for item in due:
        for address in item.recipients:
            by_recipient[address].append(item)
    if dry_run or not due:
        return Sent(sent=due, held_back=held, messages=len(by_recipient))
    with transaction.atomic():
        logs = ReminderLog.objects.bulk_create(
            ReminderLog(
                kind=item.kind,
                activity_id=item.activity_id,
                agreement_id=item.agreement_id,
                region_id=item.region_code,
                sent_on=on,
                recipients=", ".join(item.recipients),
            )
            for item in due
        )
        record_bulk_history(
            ReminderLog.objects.filter(pk__in=[log.pk for log in logs]),
            history_type=CREATED,
            reason="payung remind",
        )
        for address, mine in by_recipient.items():
            transaction.on_commit(lambda a=address, m=mine: _mail(a, m, on))  # type: ignore[misc]
    return Sent(sent=due, held_back=held, messages=len(by_recipient))


def _mail(address: str, items: list[Reminder], on: date) -> None:
    lines = [
        f"- [{item.kind_label}] {item.region_name} ({item.region_code}): {item.text} — {item.day}"
        for item in items
    ]
    send_mail(
        subject=f"Payung: {len(items)} pengingat sosialisasi / outreach reminders, {on}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[address],
    )
