"""Deadlines (stage I, stage II, decision) and the pages that show them and the buttons."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from payung.claims.models import Claim
from payung.claims.selectors import overdue_claims
from payung.claims.services import file_claim, record_stage_two, submit_claim, verify_claim
from payung.core.scope import Scope

from .helpers import worker_of

pytestmark = pytest.mark.django_db
EVERYTHING = Scope(everything=True)


def _accident(user, day: date) -> Claim:
    return file_claim(
        actor=user,
        worker=worker_of("74710001"),
        event="jkk-accident",
        event_date=day,
        event_time=time(8, 0),
    )


def _row_of(table: str, claim: Claim) -> str:
    """The table row of `claim` (the demo has its own accident, which may be overdue by now)."""
    return next(row for row in table.split("<tr") if f">#{claim.pk}</a>" in row)


def _overdue(claim: Claim, now: datetime) -> list[str]:
    return [item.what for item in overdue_claims(EVERYTHING, now) if item.claim.pk == claim.pk]


def test_stage_one_is_overdue_48_hours_after_the_accident(user_named):
    """An unreported accident is overdue from 48 hours after it, not before."""
    claim = _accident(user_named("kendari"), date(2024, 3, 1))
    start = timezone.make_aware(datetime(2024, 3, 1, 8, 0))
    assert _overdue(claim, start + timedelta(hours=47)) == []
    assert _overdue(claim, start + timedelta(hours=49)) == ["stage_one"]


def test_stage_two_is_overdue_48_hours_after_the_doctors_statement(user_named):
    """A doctor's statement recorded without the stage II report: overdue after 48 hours."""
    claim = _accident(user_named("kendari"), date(2024, 3, 1))
    submit_claim(
        actor=user_named("kendari"), claim=claim, at=timezone.make_aware(datetime(2024, 3, 1, 12))
    )
    claim.refresh_from_db()
    claim.doctor_statement_date = date(2024, 4, 1)
    claim.save()
    statement = timezone.make_aware(datetime(2024, 4, 1))
    assert "stage_two" in _overdue(claim, statement + timedelta(hours=49))
    assert "stage_two" not in _overdue(claim, statement + timedelta(hours=47))


def test_a_late_stage_two_report_is_kept_with_its_date(user_named):
    """Stage II recorded three days after the statement: the overdue list no longer shows it,
    and its date is kept to show it was late."""
    claim = _accident(user_named("kendari"), date(2024, 3, 1))
    submit_claim(actor=user_named("kendari"), claim=claim)
    late = timezone.make_aware(datetime(2024, 4, 4, 9))
    record_stage_two(
        actor=user_named("kendari"),
        claim=claim,
        outcome="recovered",
        doctor_statement_date=date(2024, 4, 1),
        at=late,
    )
    claim.refresh_from_db()
    assert claim.stage2_reported_at == late
    assert "stage_two" not in _overdue(claim, late + timedelta(days=1))


def test_pages_show_each_role_its_buttons(user_named):
    """Kendari sees Submit on a draft; the branch office sees Verify on the submitted claim,
    not Approve after it verified (four eyes); the viewer sees no button."""
    claim = _accident(user_named("kendari"), date(2024, 3, 1))
    url = f"/klaim/{claim.pk}/"

    def page(name: str) -> str:
        client = Client()
        client.force_login(user_named(name))
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    assert 'id="submit-claim"' in page("kendari")
    submit_claim(actor=user_named("kendari"), claim=claim)
    assert 'id="verify-claim"' in page("cabang")
    assert 'id="verify-claim"' not in page("kendari")
    for document in claim.documents.all():
        document.received_on = date(2024, 3, 5)
        document.save()
    verify_claim(actor=user_named("cabang"), claim=claim)
    assert 'id="approve-claim"' not in page("cabang")
    viewer = page("pimpinan")
    assert "<button" not in viewer.split('id="workflow"')[1].split("</section>")[0]


def test_overdue_page_lists_an_unreported_accident(user_named):
    """The overdue page names the claim and says what is late."""
    claim = _accident(user_named("kendari"), date(2024, 3, 1))
    client = Client()
    client.force_login(user_named("kendari"))
    body = client.get("/klaim/terlambat/").content.decode()
    assert f">{claim.pk}</a>" in body
    assert 'data-what="stage_one"' in body


def test_a_fresh_accident_shows_the_live_clock(user_named):
    """A draft accident within its 48 hours carries its deadline for the page's clock."""
    today = timezone.localdate()
    claim = _accident(user_named("kendari"), today)
    client = Client()
    client.force_login(user_named("kendari"))
    body = client.get(f"/klaim/{claim.pk}/").content.decode()
    assert 'id="deadline-clock" data-deadline="' in body
    listing = client.get("/klaim/?region=74.71").content.decode()
    assert 'id="stage-one-due"' in listing
    # The list's clock is the same server-written one, in the page's language.
    due = _row_of(listing.split('id="stage-one-due"')[1].split("</table>")[0], claim)
    assert ">sisa " in due.split('class="deadline-clock"')[1].split("</strong>")[0]
    assert " h " not in due


def test_employers_page_counts_down_its_open_reports_in_the_page_language(user_named):
    """A fresh accident: the employer's page lists its stage I report with the time left,
    written by the server in Indonesian, or in English on an English page; never both."""
    now = timezone.localtime()
    claim = _accident(user_named("kendari"), now.date())
    client = Client()
    client.force_login(user_named("kendari"))
    body = client.get(f"/pemberi-kerja/{claim.employer_id}/").content.decode()
    section = body.split('id="reports-due"')[1].split("</section>")[0]
    row = _row_of(section, claim)
    assert 'data-stage="stage_one"' in row
    clock = row.split('class="deadline-clock"')[1].split("</strong>")[0]
    assert ">sisa " in clock
    assert "left" not in clock.split(">", 1)[1]
    assert 'claims/claims.js"' in body
    client.cookies["django_language"] = "en"
    english = client.get(f"/pemberi-kerja/{claim.employer_id}/").content.decode()
    row = _row_of(english.split('id="reports-due"')[1].split("</section>")[0], claim)
    clock = row.split('class="deadline-clock"')[1].split("</strong>")[0]
    text = clock.split(">", 1)[1]
    assert text.endswith(" left")
    assert "sisa" not in text


def test_the_clock_says_how_long_ago_a_deadline_passed():
    """The server's text for a passed deadline: 'lewat 1 j 30 m'."""
    from payung.claims.templatetags.claims_clock import time_left

    due = timezone.make_aware(datetime(2024, 3, 3, 8, 0))
    with translation.override("id"):
        assert time_left(due, due + timedelta(hours=1, minutes=30)) == ("lewat 1 j 30 m", True)
        assert time_left(due, due - timedelta(minutes=5)) == ("sisa 0 j 05 m", False)
    with translation.override("en"):
        assert time_left(due, due - timedelta(minutes=5)) == ("0 h 05 m left", False)
