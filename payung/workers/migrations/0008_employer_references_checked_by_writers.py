"""Employments' and wages' employer and unit references have no database constraint (see
workers.models.Employment); the roster import checks them set-based."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_employer_address"),
        ("workers", "0007_wage_worker_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="employment",
            name="employer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="employments",
                to="employers.employer",
            ),
        ),
        migrations.AlterField(
            model_name="employment",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="employments",
                to="employers.workunit",
            ),
        ),
        migrations.AlterField(
            model_name="wage",
            name="employer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="wages",
                to="employers.employer",
            ),
        ),
    ]
