"""Each worker's wage becomes the wage every employer of theirs reports, from the first day of
their employment with it; each new row gets its history row. Set-based, both engines."""

from django.db import migrations
from django.utils import timezone

REASON = "Upah dipindah ke pemberi kerja / wage moved to its employer"


def move_wages(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO workers_wage (employer_id, worker_id, start_date, amount)
               SELECT m.employer_id, m.worker_id, MIN(m.start_date), w.wage
               FROM workers_employment AS m JOIN workers_worker AS w ON w.id = m.worker_id
               WHERE w.wage IS NOT NULL
               GROUP BY m.employer_id, m.worker_id, w.wage"""
        )
        cursor.execute(
            """INSERT INTO workers_historicalwage
                   (id, employer_id, worker_id, start_date, amount, history_date, history_type,
                    history_change_reason)
               SELECT id, employer_id, worker_id, start_date, amount, %s, '+', %s
               FROM workers_wage""",
            [timezone.now(), REASON],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workers", "0003_wages"),
    ]

    operations = [migrations.RunPython(move_wages, migrations.RunPython.noop)]
