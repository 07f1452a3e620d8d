"""Bring reported figures written before the bounds into them, before 0003 makes them a check.

A reported count above 10,000,000 (more than every non-ASN worker of Indonesia) was stored
before; it is set to 10,000,000, and the figure's note says so with the count it had. The
migration prints each change.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

# The bound as it is when this migration is written (payung/core/bounds.py).
HEAD_COUNT_MAX = 10_000_000


def bring_into_bounds(apps, schema_editor):
    ReportedFigure = apps.get_model("coverage", "ReportedFigure")
    for pk, old in ReportedFigure.objects.filter(count__gt=HEAD_COUNT_MAX).values_list(
        "pk", "count"
    ):
        note = (
            f" [count: {old} di luar batas, diubah ke {HEAD_COUNT_MAX}"
            f" / out of bounds, changed to {HEAD_COUNT_MAX}]"
        )
        ReportedFigure.objects.filter(pk=pk).update(
            count=HEAD_COUNT_MAX, note=Concat("note", Value(note))
        )
        print(f"\n  coverage 0002: ReportedFigure {pk}: count {old} -> {HEAD_COUNT_MAX}", end="")


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]

    operations = [migrations.RunPython(bring_into_bounds, migrations.RunPython.noop)]
