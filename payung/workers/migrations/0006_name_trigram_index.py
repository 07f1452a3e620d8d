"""A trigram index for name search on PostgreSQL (`pg_trgm`, in Debian's postgresql package).

`Worker.search` matches a name part with `icontains`, which PostgreSQL runs as
`UPPER(name::text) LIKE UPPER('%part%')`: a B-tree cannot serve it, a GIN trigram index on that
same expression can (docs/performance.md). SQLite has no such index; it scans, which is fast
enough at the sizes SQLite is used for. NIK prefixes use the `_like` index Django made for the
unique NIK column.
"""

from typing import Any

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS worker_name_trgm ON workers_worker "
    "USING gin (UPPER(name::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS worker_name_trgm"]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workers", "0005_worker_wage_removed")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
