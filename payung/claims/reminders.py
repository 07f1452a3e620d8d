"""Reminders by mail of claims waiting on a report or a decision: a work accident's stage II
report after the doctor's statement, and BPJS's decision on the work-accident status.

Each active account with an e-mail address and a scope that may write gets one mail a day
listing the claims of its scope whose deadline has passed or falls within
`PAYUNG_CLAIMS_REMIND_AHEAD_HOURS` (48) hours; a ClaimReminder row per recipient and day keeps
it from being sent twice on the same day.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from payung.core.access import scope_for
from payung.core.scope import Scope

from .models import OPEN_STATES, Claim, ClaimReminder, EventType
from .selectors import claims_in, decision_deadline, stage_two_deadline

REMIND_AHEAD_HOURS = 48
WHAT_WORDS = {
    "stage_two": ("laporan tahap II", "stage II report"),
    "decision": ("keputusan status kecelakaan kerja", "work-accident status decision"),
}


@dataclass(frozen=True)
class Due:
    """A claim waiting on a report or a decision, and when it is (was) due."""

    claim: Claim
    what: str
    due: datetime

    def overdue(self, now: datetime) -> bool:
        return self.due < now

    def as_dict(self, now: datetime) -> dict[str, Any]:
        return {
            "claim": self.claim.pk,
            "what": self.what,
            "due": self.due.isoformat(),
            "overdue": self.overdue(now),
            "worker": self.claim.worker.name,
            "employer": self.claim.employer.name,
        }


@dataclass(frozen=True)
class Mail:
    """One reminder mail: its recipient and the claims it lists."""

    recipient: str
    username: str
    items: tuple[Due, ...]
    already_sent: bool

    def subject(self, now: datetime) -> str:
        late = sum(1 for item in self.items if item.overdue(now))
        return (
            f"Payung: {len(self.items)} klaim menunggu laporan/keputusan ({late} lewat tenggat) / "
            f"{len(self.items)} claims awaiting a report or decision ({late} overdue)"
        )

    def body(self, now: datetime) -> str:
        lines = []
        for item in self.items:
            words_id, words_en = WHAT_WORDS[item.what]
            state = "LEWAT / OVERDUE" if item.overdue(now) else "jatuh tempo / due"
            lines.append(
                f"- #{item.claim.pk} {item.claim.worker.name} ({item.claim.employer.name}): "
                f"{words_id} / {words_en} — {state} {item.due:%Y-%m-%d %H:%M}"
            )
        link = f"{settings.PAYUNG_PUBLIC_URL.rstrip('/')}/klaim/terlambat/"
        return "\n".join([*lines, "", link])


def due_items(scope: Scope, now: datetime) -> list[Due]:
    """Claims in the scope whose stage II report or status decision is overdue or due within
    the hours ahead, soonest first."""
    ahead = timedelta(hours=int(getattr(settings, "PAYUNG_CLAIMS_REMIND_AHEAD_HOURS", 0) or 0))
    ahead = ahead or timedelta(hours=REMIND_AHEAD_HOURS)
    waiting = claims_in(scope).filter(
        event_type__in=(EventType.JKK_ACCIDENT, EventType.JKK_DEATH), state__in=OPEN_STATES
    )
    pending = waiting.filter(
        doctor_statement_date__isnull=False, stage2_reported_at__isnull=True
    ) | waiting.filter(reported_at__isnull=False, accident_status="")
    found = []
    for claim in pending:
        for what, due in (
            ("stage_two", stage_two_deadline(claim)),
            ("decision", decision_deadline(claim)),
        ):
            if due is not None and due <= now + ahead:
                found.append(Due(claim, what, due))
    return sorted(found, key=lambda item: item.due)


def reminder_mails(now: datetime) -> list[Mail]:
    """One mail per active account with an address whose scope may write and holds claims due."""
    today = now.date()
    sent = set(ClaimReminder.objects.filter(sent_on=today).values_list("recipient", flat=True))
    everything = due_items(Scope(everything=True), now)
    if not everything:
        return []
    mails = []
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        scope = scope_for(user)
        if not scope.can_write:
            continue
        visible = set(
            Claim.objects.in_scope(scope)
            .filter(pk__in=[item.claim.pk for item in everything])
            .values_list("pk", flat=True)
        )
        mine = tuple(item for item in everything if item.claim.pk in visible)
        if mine:
            mails.append(Mail(user.email, user.get_username(), mine, user.email in sent))
    return mails


def send_claim_reminders(*, now: datetime, dry_run: bool = False) -> list[Mail]:
    """Send each mail not yet sent today and record it; a dry run sends and records nothing."""
    mails = reminder_mails(now)
    if dry_run:
        return mails
    today: date = now.date()
    with transaction.atomic():
        for mail in mails:
            if mail.already_sent:
                continue
            user = get_user_model().objects.filter(username=mail.username).first()
            _, created = ClaimReminder.objects.get_or_create(
                recipient=mail.recipient,
                sent_on=today,
                defaults={
                    "user": user,
                    "subject": mail.subject(now)[:200],
                    "claim_ids": [item.claim.pk for item in mail.items],
                },
            )
            if not created:  # another run sent it meanwhile
                continue
            transaction.on_commit(
                lambda m=mail: send_mail(  # type: ignore[misc]
                    subject=m.subject(now),
                    message=m.body(now),
                    from_email=None,
                    recipient_list=[m.recipient],
                )
            )
    return mails
