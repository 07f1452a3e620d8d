"""Counts, amounts and years of the outreach have bounds: the services refuse what is outside
them with a stable code, the database checks them, and the pages render whatever is stored."""

import importlib
import json
from datetime import date
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from payung.accounts.models import ApiToken
from payung.outreach.models import Activity, Agreement, TargetPopulation
from payung.outreach.services import OutreachError, record_activity, record_agreement, set_target
from payung.tests.database import bounds_unchecked

pytestmark = pytest.mark.django_db

AGREEMENT = {
    "region": "74.15",
    "signed_on": "2018-11-20",
    "parties": "Pemkab Buton Selatan dan BPJS Ketenagakerjaan",
    "workers_planned": 500,
    "budget_year": 2019,
}
OUTREACH_MODELS = (Agreement, Activity, TargetPopulation)


@pytest.fixture
def api(client, user_named):
    _, raw = ApiToken.issue(user=user_named("cabang"), name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.raise_request_exception = False
    return client


def post(api, path, body):
    return api.post(f"/api/outreach/{path}", body, content_type="application/json")


def codes(response):
    return {(r["code"], r["field"]) for r in response.json()["refusals"]}


def test_an_absurd_contribution_per_person_is_refused(api):
    """The audit's agreement at Rp10^13 per person is refused (it was 201; on PostgreSQL 500)."""
    response = post(api, "agreements", {**AGREEMENT, "contribution_per_person": str(10**13)})
    assert response.status_code == 400, response.content
    assert codes(response) == {("amount_out_of_range", "contribution_per_person")}
    assert response.json()["refusals"][0]["message_en"].startswith("The amount")
    assert not Agreement.objects.filter(region_id="74.15").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"workers_planned": -500}, ("count_out_of_range", "workers_planned")),
        ({"workers_planned": 10_000_001}, ("count_out_of_range", "workers_planned")),
        ({"budget_year": 0}, ("year_out_of_range", "budget_year")),
        ({"budget_year": 70_000}, ("year_out_of_range", "budget_year")),
        ({"contribution_per_person": "-1"}, ("amount_out_of_range", "contribution_per_person")),
        ({"contribution_per_person": "13780.5"}, ("amount_not_whole", "contribution_per_person")),
        ({"signed_on": "0001-01-01"}, ("year_out_of_range", "signed_on")),
    ],
)
def test_agreement_bounds(api, change, expected):
    response = post(api, "agreements", {**AGREEMENT, **change})
    assert response.status_code == 400, response.content
    assert expected in codes(response)


def test_not_a_number_is_refused(api, user_named):
    """The API refuses NaN as invalid input; the service, called directly, by its own code."""
    response = post(api, "agreements", {**AGREEMENT, "contribution_per_person": "NaN"})
    assert response.status_code == 422
    assert response.json()["refusals"][0]["field"] == "contribution_per_person"
    with pytest.raises(OutreachError) as refused:
        record_agreement(
            actor=user_named("cabang"),
            region_code="74.15",
            signed_on=date(2018, 11, 20),
            parties="Pemkab Buton Selatan",
            workers_planned=500,
            budget_year=2019,
            contribution_per_person=Decimal("NaN"),
        )
    assert refused.value.code == "not_a_number"


def test_activity_with_a_negative_or_absurd_attendance_is_refused(api):
    """A negative count was a server error (the column's own check); now it is a refusal."""
    for attendance in (-5, 2**31):
        body = {"region": "74.15", "date": "2018-11-20", "kind": "call", "attendance": attendance}
        response = post(api, "activities", body)
        assert response.status_code == 400, response.content
        assert codes(response) == {("count_out_of_range", "attendance")}
    assert not Activity.objects.filter(region_id="74.15").exists()


def test_target_bounds(user_named):
    cabang = user_named("cabang")
    with pytest.raises(OutreachError) as refused:
        set_target(
            actor=cabang,
            region_code="74.15",
            group="non_asn",
            head_count=10_000_001,
            covered_threshold=-1,
            source="Perkiraan",
            as_of=date(2018, 11, 1),
        )
    assert {(r.code, r.field) for r in refused.value.refusals} == {
        ("count_out_of_range", "head_count"),
        ("count_out_of_range", "covered_threshold"),
    }


def test_the_largest_values_in_bounds_are_kept(user_named):
    agreement = record_agreement(
        actor=user_named("cabang"),
        region_code="74.15",
        signed_on=date(2018, 11, 20),
        parties="Pemkab Buton Selatan",
        workers_planned=10_000_000,
        budget_year=2100,
        contribution_per_person=Decimal(100_000_000),
    )
    agreement.refresh_from_db()
    assert agreement.contribution_per_person == Decimal(100_000_000)


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Agreement, {"contribution_per_person": Decimal(100_000_001)}),
        (Agreement, {"workers_planned": 10_000_001}),
        (Agreement, {"budget_year": 1899}),
        (Activity, {"attendance": 10_000_001}),
        (TargetPopulation, {"head_count": 10_000_001}),
        (TargetPopulation, {"covered_threshold": 10_000_001}),
    ],
)
def test_the_database_checks_the_bounds(model, values):
    """Written around the services, an out-of-range value is refused by the database."""
    row = model.objects.filter(region__code__startswith="74").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**values)


def pages_render(client, user_named) -> None:
    """Everything that reads Buton Selatan's outreach answers, for everyone who sees it."""
    client.force_login(user_named("cabang"))
    client.raise_request_exception = False
    for path in (
        "/sosialisasi/?region=74&on=2018-12-31",
        "/sosialisasi/pengingat/?on=2019-03-01",
        "/sosialisasi/wilayah/74.15/?on=2018-12-31",
        "/wilayah/74.15/?on=2018-12-31",
        "/api/outreach/regions?region=74&on=2018-12-31",
        "/api/outreach/regions/74.15/timeline?on=2018-12-31",
        "/api/outreach/reminders?on=2019-03-01",
        "/api/outreach/regions/74.15/timeline?on=2018-12-31",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    out = StringIO()
    call_command("remind", "--on", "2019-03-01", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["dry_run"] is True


def test_pages_render_out_of_range_rows_already_stored(client, user_named):
    """Rows beyond every bound (as large as the columns hold) break no page, no API answer and
    no `payung remind`."""
    cabang = user_named("cabang")
    agreement = record_agreement(
        actor=cabang,
        region_code="74.15",
        signed_on=date(2018, 11, 20),
        parties="Pemkab Buton Selatan",
        workers_planned=500,
        budget_year=2019,
    )
    activity = record_activity(
        actor=cabang,
        region_code="74.15",
        on=date(2018, 11, 2),
        kind="socialisation",
        next_step="Draf PKS",
        due=date(2018, 11, 30),
    )
    target = set_target(
        actor=cabang,
        region_code="74.15",
        group="non_asn",
        head_count=500,
        source="Perkiraan",
        as_of=date(2018, 11, 1),
    )
    largest = 2**31 - 1  # PostgreSQL's integer columns hold no more
    with bounds_unchecked(*OUTREACH_MODELS):
        Agreement.objects.filter(pk=agreement.pk).update(
            contribution_per_person=Decimal(10**12 - 1),
            workers_planned=largest,
            budget_year=32767,
            signed_on=date(1, 1, 1),
            expires_on=date(9999, 12, 31),
        )
        Activity.objects.filter(pk=activity.pk).update(
            attendance=largest, date=date(1, 1, 1), due=date(9999, 12, 31)
        )
        TargetPopulation.objects.filter(pk=target.pk).update(
            head_count=largest, covered_threshold=largest
        )
    pages_render(client, user_named)


def test_migration_repairs_what_sqlite_stored(client, user_named):
    """The audit's 10^13 per person (SQLite stored it in a 12-digit column, which then could
    not be read): the migration before the checks clears it, notes the old value, and the pages
    answer again. PostgreSQL could never hold it; there the largest value it holds is used."""
    agreement = record_agreement(
        actor=user_named("cabang"),
        region_code="74.15",
        signed_on=date(2018, 11, 20),
        parties="Pemkab Buton Selatan",
        workers_planned=500,
        budget_year=2019,
    )
    stored = 10**13 if connection.vendor == "sqlite" else 10**12 - 1
    with bounds_unchecked(*OUTREACH_MODELS), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE outreach_agreement SET contribution_per_person = %s, workers_planned = %s"
            " WHERE id = %s",
            [stored, 20_000_000, agreement.pk],
        )
    migration = importlib.import_module(
        "payung.outreach.migrations.0002_bring_counts_amounts_years_into_bounds"
    )
    migration.bring_into_bounds(apps, SimpleNamespace(connection=connection))
    agreement.refresh_from_db()
    assert agreement.contribution_per_person is None
    assert agreement.workers_planned == 10_000_000
    assert f"contribution_per_person: {stored}" in agreement.notes
    assert "workers_planned: 20000000" in agreement.notes
    pages_render(client, user_named)


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_reminders_on_the_first_and_last_day_a_date_can_be(client, user_named, on):
    """`?on=9999-12-31` overflowed the reminder windows: a server error."""
    client.force_login(user_named("cabang"))
    client.raise_request_exception = False
    for path in ("/api/outreach/reminders", "/sosialisasi/", "/sosialisasi/pengingat/"):
        assert client.get(f"{path}?on={on}").status_code == 200, path
    call_command("remind", "--on", on, "--dry-run", stdout=StringIO())
