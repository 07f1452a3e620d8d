"""Bring outreach rows written before the bounds into them, before 0003 makes them checks.

Before, a count above 10,000,000, a contribution per person outside Rp0..Rp100,000,000 and a
budget year outside 1900..2100 were stored (SQLite even stored 10^13 in a 12-digit column, and
every page reading that agreement failed). Optional values out of bounds are cleared; required
ones go to the nearest bound (a budget year to the year of signing). Each row changed says so in
its notes (a target in its source) with the old value, and the migration prints it. History rows
keep their values, except a contribution the column cannot hold (10^12 or more): unreadable, it
is cleared there too.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Left

# The bounds as they are when this migration is written (payung/core/bounds.py).
HEAD_COUNT_MAX = 10_000_000
MONEY_PER_PERSON_MAX = 100_000_000
YEAR_MIN, YEAR_MAX = 1900, 2100
# Values a NUMERIC(12, 0) column cannot hold; only SQLite stored them.
CONTRIBUTION_COLUMN_LIMIT = 10**12
SOURCE_MAX_LENGTH = 300


def _note(label: str, old: object, new: object) -> str:
    return f" [{label}: {old} di luar batas, diubah ke {new} / out of bounds, changed to {new}]"


def bring_into_bounds(apps, schema_editor):
    Activity = apps.get_model("outreach", "Activity")
    Agreement = apps.get_model("outreach", "Agreement")
    TargetPopulation = apps.get_model("outreach", "TargetPopulation")
    HistoricalAgreement = apps.get_model("outreach", "HistoricalAgreement")
    changes = []

    def noted(model, pk, field, old, new, text_field="notes", **values):
        note = _note(field, old, "-" if new is None else new)
        text = Concat(text_field, Value(note))
        if text_field == "source":
            text = Left(text, SOURCE_MAX_LENGTH)
        model.objects.filter(pk=pk).update(**{field: new, text_field: text}, **values)
        changes.append(f"{model.__name__} {pk}: {field} {old} -> {new}")

    for pk, old in Activity.objects.filter(attendance__gt=HEAD_COUNT_MAX).values_list(
        "pk", "attendance"
    ):
        noted(Activity, pk, "attendance", old, None)
    for pk, old in Agreement.objects.filter(workers_planned__gt=HEAD_COUNT_MAX).values_list(
        "pk", "workers_planned"
    ):
        noted(Agreement, pk, "workers_planned", old, HEAD_COUNT_MAX)
    out_of_years = Agreement.objects.exclude(budget_year__range=(YEAR_MIN, YEAR_MAX))
    for pk, old, signed_on in out_of_years.values_list("pk", "budget_year", "signed_on"):
        noted(Agreement, pk, "budget_year", old, min(max(signed_on.year, YEAR_MIN), YEAR_MAX))
    # Read as text: SQLite may hold a value the ORM cannot read back into a 12-digit Decimal.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, CAST(contribution_per_person AS TEXT)"
            f" FROM {Agreement._meta.db_table}"
            " WHERE contribution_per_person < 0 OR contribution_per_person > %s",
            [MONEY_PER_PERSON_MAX],
        )
        contributions = cursor.fetchall()
    for pk, old in contributions:
        noted(Agreement, pk, "contribution_per_person", old, None)
    HistoricalAgreement.objects.filter(
        contribution_per_person__gte=CONTRIBUTION_COLUMN_LIMIT
    ).update(contribution_per_person=None)
    for pk, old in TargetPopulation.objects.filter(head_count__gt=HEAD_COUNT_MAX).values_list(
        "pk", "head_count"
    ):
        noted(TargetPopulation, pk, "head_count", old, HEAD_COUNT_MAX, text_field="source")
    for pk, old in TargetPopulation.objects.filter(
        covered_threshold__gt=HEAD_COUNT_MAX
    ).values_list("pk", "covered_threshold"):
        noted(TargetPopulation, pk, "covered_threshold", old, None, text_field="source")
    for change in changes:
        print(f"\n  outreach 0002: {change}", end="")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_outreach_pipeline")]

    operations = [migrations.RunPython(bring_into_bounds, migrations.RunPython.noop)]
