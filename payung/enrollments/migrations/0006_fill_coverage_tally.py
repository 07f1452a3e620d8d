"""Fill the coverage tally from the enrolments already in the register (data only)."""

from typing import Any

from django.db import migrations


def fill(apps: Any, schema_editor: Any) -> None:
    from payung.enrollments.tally import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0005_coverage_tally")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
