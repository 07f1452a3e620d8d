"""Reminders with a fixed clock: each open item once a day, again later only while open."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from payung.core.scope import Scope
from payung.outreach.models import Group, ReminderKind, ReminderLog
from payung.outreach.reminders import open_reminders, send_reminders
from payung.outreach.services import close_next_step, record_activity, record_agreement

pytestmark = pytest.mark.django_db

WAKATOBI = Scope(region_codes=("74.07",))
DAY = date(2019, 3, 1)


@pytest.fixture
def open_items(user_named):
    """In Wakatobi: an overdue next step, an agreement expiring within 90 days, and one signed
    more than 60 days ago with nobody registered."""
    cabang = user_named("cabang")
    cabang.email = "cabang@example.test"
    cabang.save()
    step = record_activity(
        actor=cabang,
        region_code="74.07",
        on=date(2019, 1, 10),
        kind="visit",
        next_step="Kirim surat permohonan data honorer",
        due=date(2019, 2, 1),
        owner=cabang,
    )
    expiring = record_agreement(
        actor=cabang,
        region_code="74.07",
        group=Group.VILLAGE_OFFICIALS,
        signed_on=date(2019, 2, 20),
        parties="Pemkab Wakatobi dan BPJS Ketenagakerjaan",
        workers_planned=600,
        budget_year=2019,
        expires_on=date(2019, 5, 1),
    )
    empty = record_agreement(
        actor=cabang,
        region_code="74.07",
        signed_on=date(2018, 12, 1),
        parties="Pemkab Wakatobi dan BPJS Ketenagakerjaan",
        workers_planned=800,
        budget_year=2019,
        expires_on=date(2019, 12, 31),
    )
    return step, expiring, empty


def kinds(items):
    return sorted((item.kind, item.activity_id or item.agreement_id) for item in items)


def test_each_open_item_appears_once(open_items):
    step, expiring, empty = open_items
    assert kinds(open_reminders(on=DAY, scope=WAKATOBI)) == sorted(
        [
            (ReminderKind.OVERDUE, step.pk),
            (ReminderKind.EXPIRING, expiring.pk),
            (ReminderKind.SIGNED_EMPTY, empty.pk),
        ]
    )
    # The day before each threshold nothing is open yet.
    assert open_reminders(on=date(2019, 1, 29), scope=WAKATOBI) == []


def test_sent_once_a_day_and_again_only_while_open(open_items, django_capture_on_commit_callbacks):
    step, expiring, empty = open_items
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(on=DAY, scope=WAKATOBI)
    assert len(first.sent) == 3
    assert first.held_back == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cabang@example.test"]
    assert "Kirim surat permohonan data honorer" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        again = send_reminders(on=DAY, scope=WAKATOBI)
    assert again.sent == []
    assert len(again.held_back) == 3
    assert len(mail.outbox) == 1

    close_next_step(actor=step.owner, activity_id=step.pk, on=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        next_day = send_reminders(on=DAY + timedelta(days=1), scope=WAKATOBI)
    assert kinds(next_day.sent) == sorted(
        [(ReminderKind.EXPIRING, expiring.pk), (ReminderKind.SIGNED_EMPTY, empty.pk)]
    )
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(region_id="74.07").count() == 5
    assert ReminderLog.history.filter(region_id="74.07").count() == 5  # type: ignore[attr-defined]


def test_a_participant_closes_the_signed_but_empty_reminder(open_items):
    from payung.employers.models import EmployerKind
    from payung.regions.models import Region
    from payung.tests.factories import EmployerFactory, EnrollmentFactory

    employer = EmployerFactory(region=Region.objects.get(code="74.07"), kind=EmployerKind.REGENCY)
    EnrollmentFactory(employer=employer, start_date=date(2019, 2, 1))
    assert ReminderKind.SIGNED_EMPTY not in {i.kind for i in open_reminders(on=DAY, scope=WAKATOBI)}


def test_dry_run_sends_and_logs_nothing(open_items):
    out = StringIO()
    call_command("remind", "--on", DAY.isoformat(), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["dry_run"] is True
    wakatobi = [item for item in data["sent"] if item["region"] == "74.07"]
    assert len(wakatobi) == 3
    assert ReminderLog.objects.count() == 0
    assert len(mail.outbox) == 0


def test_demo_reminders_on_2018_10_31():
    """The demo has overdue next steps, two MoUs ending in 2018 and Buton Tengah's empty PKS."""
    items = open_reminders(on=date(2018, 10, 31), scope=Scope(everything=True))
    by_kind = {kind: {i.region_code for i in items if i.kind == kind} for kind in ReminderKind}
    assert by_kind[ReminderKind.EXPIRING] == {"74", "74.71"}
    assert by_kind[ReminderKind.SIGNED_EMPTY] == {"74.14"}
    assert {"74.03", "74.13"} <= by_kind[ReminderKind.OVERDUE]
