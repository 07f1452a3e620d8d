"""No two enrolments of one worker in one program with one employer may share a day.

PostgreSQL: an exclusion constraint over a daterange (needs btree_gist). SQLite has no
exclusion constraints, so two triggers refuse an overlapping insert or update; they name the
(worker, program, employer) index, since without statistics SQLite may pick the employer/start
index and scan a whole employer's enrolments on every insert.
Both raise an IntegrityError whose text contains "enrollment_no_overlap".
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

POSTGRES_ADD = """
ALTER TABLE enrollments_enrollment ADD CONSTRAINT enrollment_no_overlap EXCLUDE USING gist (
    worker_id WITH =, program WITH =, employer_id WITH =,
    daterange(start_date, end_date, '[]') WITH &&
)
"""
POSTGRES_DROP = "ALTER TABLE enrollments_enrollment DROP CONSTRAINT enrollment_no_overlap"

SQLITE_OVERLAP = """
EXISTS (SELECT 1 FROM enrollments_enrollment e INDEXED BY enrollment_key
        WHERE e.worker_id = NEW.worker_id AND e.program = NEW.program
          AND e.employer_id = NEW.employer_id {same_row}
          AND e.start_date <= COALESCE(NEW.end_date, '9999-12-31')
          AND COALESCE(e.end_date, '9999-12-31') >= NEW.start_date)
"""
SQLITE_ADD = [
    f"""CREATE TRIGGER enrollment_no_overlap_insert BEFORE INSERT ON enrollments_enrollment
    WHEN {SQLITE_OVERLAP.format(same_row="")}
    BEGIN SELECT RAISE(ABORT, 'enrollment_no_overlap'); END""",
    f"""CREATE TRIGGER enrollment_no_overlap_update BEFORE UPDATE ON enrollments_enrollment
    WHEN {SQLITE_OVERLAP.format(same_row="AND e.id <> NEW.id")}
    BEGIN SELECT RAISE(ABORT, 'enrollment_no_overlap'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS enrollment_no_overlap_insert",
    "DROP TRIGGER IF EXISTS enrollment_no_overlap_update",
]


def add_constraint(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_ADD], "sqlite": SQLITE_ADD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop_constraint(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_DROP], "sqlite": SQLITE_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
