"""On PostgreSQL, a covering index for the tally's reads: a region's (and its children's) sum of
deltas up to a day is then an index-only scan, without visiting the table (docs/performance.md).
SQLite has no INCLUDE; its unique key serves the same reads."""

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS coverage_tally_read ON enrollments_coveragetally "
    "(region_code, program, day) INCLUDE (category, delta)"
)
DROP = "DROP INDEX IF EXISTS coverage_tally_read"


def _run(statement: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0006_fill_coverage_tally")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
