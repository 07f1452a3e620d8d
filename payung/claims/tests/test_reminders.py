"""`payung claims remind`: one mail a day per account with claims whose stage II report or
status decision is due or overdue."""

import json
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from payung.claims.models import ClaimReminder
from payung.claims.reminders import send_claim_reminders
from payung.claims.services import file_claim, submit_claim

from .helpers import worker_of

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2024, 3, 30, 12, 0))


@pytest.fixture
def waiting(user_named):
    """A Kendari accident reported on 2024-03-01: BPJS's decision due on 2024-03-31."""
    for name in ("kendari", "cabang", "pimpinan"):
        user = user_named(name)
        user.email = f"{name}@example.test"
        user.save()
    claim = file_claim(
        actor=user_named("kendari"),
        worker=worker_of("74710001"),
        event="jkk-accident",
        event_date=date(2024, 3, 1),
        event_time=time(8, 0),
    )
    return submit_claim(
        actor=user_named("kendari"),
        claim=claim,
        at=timezone.make_aware(datetime(2024, 3, 1, 12)),
    )


def _mine(claim_pk: int) -> list:
    return [message for message in mail.outbox if f"#{claim_pk} " in message.body]


def test_one_mail_per_account_once_a_day(waiting, django_capture_on_commit_callbacks):
    """Kendari's officer and the branch office get the decision due; the viewer does not;
    the second run on the same day sends nothing more."""
    with django_capture_on_commit_callbacks(execute=True):
        send_claim_reminders(now=NOW)
    mine = _mine(waiting.pk)
    assert sorted(message.to[0] for message in mine) == [
        "cabang@example.test",
        "kendari@example.test",
    ]
    assert " / " in mine[0].subject
    assert "klaim" in mine[0].subject
    assert "claims" in mine[0].subject
    assert "keputusan status kecelakaan kerja / work-accident status decision" in mine[0].body
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        send_claim_reminders(now=NOW)
    assert len(mail.outbox) == sent
    assert ClaimReminder.objects.filter(recipient="kendari@example.test").count() == 1


def test_nothing_due_yet_sends_nothing(waiting, django_capture_on_commit_callbacks):
    """Two weeks after the report the decision is not due within 48 hours: no mail for it."""
    with django_capture_on_commit_callbacks(execute=True):
        send_claim_reminders(now=timezone.make_aware(datetime(2024, 3, 15, 12)))
    assert _mine(waiting.pk) == []


def test_dry_run_sends_and_records_nothing(waiting):
    """`payung claims remind --dry-run --json` lists the mails; nothing is sent or kept."""
    out = StringIO()
    call_command("claims", "remind", "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["dry_run"] is True
    listed = {item["claim"] for message in data["mails"] for item in message["claims"]}
    assert waiting.pk in listed
    assert mail.outbox == []
    assert not ClaimReminder.objects.exists()
