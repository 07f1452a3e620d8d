"""A partial index on adjustment lines: issuing a month sums a draft's adjustments without
reading its (up to a million) contribution lines."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_final_bills_locked")]

    operations = [
        migrations.AddIndex(
            model_name="billline",
            index=models.Index(
                condition=models.Q(("kind", "adjustment")),
                fields=["bill"],
                name="billline_adjustments",
            ),
        ),
    ]
