"""The wage lives with the employer that reports it (workers.Wage); the worker's column goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workers', '0004_wages_from_workers'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='worker',
            name='worker_wage_positive',
        ),
        migrations.RemoveField(
            model_name='historicalworker',
            name='wage',
        ),
        migrations.RemoveField(
            model_name='worker',
            name='wage',
        ),
    ]
