"""Enrolments' employer reference has no database constraint (see workers.models.Employment).

A roster import writes millions of enrolments with `INSERT ... SELECT`; PostgreSQL checked the
deferred constraint one row at a time at COMMIT. The import now checks the employer itself,
set-based, and deleting an employer with enrolments is refused by PROTECT.

SQLite alters a column by copying the table, which drops its triggers: the no-overlap row
triggers of migration 0002 are made again after the change, in both directions.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

SQLITE = importlib.import_module("payung.enrollments.migrations.0002_no_overlapping_enrollments")


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in [*SQLITE.SQLITE_DROP, *SQLITE.SQLITE_ADD]:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_employer_address"),
        ("enrollments", "0008_employer_span_index"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers),
        migrations.AlterField(
            model_name="enrollment",
            name="employer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrollments",
                to="employers.employer",
            ),
        ),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
    ]
