"""A final bill is never edited again: the database refuses it, not only the Python code.

Once a bill is no longer `draft`, triggers refuse changing its employer, period, amounts,
participants, due date or payment code, or returning it to draft; and refuse inserting,
updating or deleting its lines. Paying it (the `paid` amount and the state moving between
final, partly_paid and paid) stays allowed. Every refusal is an IntegrityError whose text
contains "billing_final_bill_locked".

PostgreSQL: a row trigger on bills also refuses deleting a final bill; lines have statement
triggers with transition tables, so a million-line draft is written without a trigger call
per line. TRUNCATE (the test runner's flush) fires neither.
SQLite: row triggers. The delete triggers would stop Django's flush (DELETE FROM every table,
in no fixed order, the test runner's way to empty a database), so they also ask
`payung_billing_flushing()`, a function each Django connection registers (payung/billing/
apps.py) that is true only inside Django's flush. Outside Django (the sqlite3 shell) the
function does not exist, and a delete that reaches it fails anyway.
"""

from django.db import migrations

LOCKED_COLUMNS = (
    "employer_id",
    "period",
    "participants",
    "line_count",
    "employer_amount",
    "worker_amount",
    "total",
    "due_date",
    "payment_code",
)

SQLITE_CHANGED = " OR ".join(
    f"CAST(NEW.{c} AS NUMERIC) IS NOT CAST(OLD.{c} AS NUMERIC)"
    if c.endswith(("amount", "total"))
    else f"NEW.{c} IS NOT OLD.{c}"
    for c in LOCKED_COLUMNS
)
SQLITE_LINE_BILL_FINAL = "(SELECT state FROM billing_bill WHERE id = {row}.bill_id) <> 'draft'"
SQLITE_ADD = [
    f"""CREATE TRIGGER billing_bill_locked_update BEFORE UPDATE ON billing_bill
    WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR {SQLITE_CHANGED})
    BEGIN SELECT RAISE(ABORT, 'billing_final_bill_locked'); END""",
    """CREATE TRIGGER billing_bill_locked_delete BEFORE DELETE ON billing_bill
    WHEN OLD.state <> 'draft' AND NOT payung_billing_flushing()
    BEGIN SELECT RAISE(ABORT, 'billing_final_bill_locked'); END""",
    f"""CREATE TRIGGER billing_line_locked_insert BEFORE INSERT ON billing_billline
    WHEN {SQLITE_LINE_BILL_FINAL.format(row="NEW")}
    BEGIN SELECT RAISE(ABORT, 'billing_final_bill_locked'); END""",
    f"""CREATE TRIGGER billing_line_locked_update BEFORE UPDATE ON billing_billline
    WHEN {SQLITE_LINE_BILL_FINAL.format(row="OLD")} OR {SQLITE_LINE_BILL_FINAL.format(row="NEW")}
    BEGIN SELECT RAISE(ABORT, 'billing_final_bill_locked'); END""",
    f"""CREATE TRIGGER billing_line_locked_delete BEFORE DELETE ON billing_billline
    WHEN {SQLITE_LINE_BILL_FINAL.format(row="OLD")} AND NOT payung_billing_flushing()
    BEGIN SELECT RAISE(ABORT, 'billing_final_bill_locked'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "billing_bill_locked_update",
        "billing_bill_locked_delete",
        "billing_line_locked_insert",
        "billing_line_locked_update",
        "billing_line_locked_delete",
    )
]

INTEGRITY = "USING ERRCODE = 'integrity_constraint_violation'"  # an IntegrityError in Django
POSTGRES_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in LOCKED_COLUMNS)
POSTGRES_ADD = [
    f"""CREATE FUNCTION billing_bill_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.state <> 'draft' THEN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'billing_final_bill_locked: final bill' {INTEGRITY};
            END IF;
            IF NEW.state = 'draft' OR {POSTGRES_CHANGED} THEN
                RAISE EXCEPTION 'billing_final_bill_locked: final bill' {INTEGRITY};
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER billing_bill_locked BEFORE UPDATE OR DELETE ON billing_bill
    FOR EACH ROW EXECUTE FUNCTION billing_bill_locked()""",
    f"""CREATE FUNCTION billing_lines_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- Nested IFs: a transition table exists only for the operations that have it.
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            IF EXISTS (
                SELECT 1 FROM billing_bill b
                WHERE b.state <> 'draft' AND b.id IN (SELECT DISTINCT bill_id FROM new_lines)
            ) THEN
                RAISE EXCEPTION 'billing_final_bill_locked: final bill lines' {INTEGRITY};
            END IF;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            IF EXISTS (
                SELECT 1 FROM billing_bill b
                WHERE b.state <> 'draft' AND b.id IN (SELECT DISTINCT bill_id FROM old_lines)
            ) THEN
                RAISE EXCEPTION 'billing_final_bill_locked: final bill lines' {INTEGRITY};
            END IF;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER billing_lines_locked_insert AFTER INSERT ON billing_billline
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_locked()""",
    """CREATE TRIGGER billing_lines_locked_update AFTER UPDATE ON billing_billline
    REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_locked()""",
    """CREATE TRIGGER billing_lines_locked_delete AFTER DELETE ON billing_billline
    REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_locked()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS billing_lines_locked_delete ON billing_billline",
    "DROP TRIGGER IF EXISTS billing_lines_locked_update ON billing_billline",
    "DROP TRIGGER IF EXISTS billing_lines_locked_insert ON billing_billline",
    "DROP FUNCTION IF EXISTS billing_lines_locked()",
    "DROP TRIGGER IF EXISTS billing_bill_locked ON billing_bill",
    "DROP FUNCTION IF EXISTS billing_bill_locked()",
]


def add_triggers(apps, schema_editor):
    statements = {"postgresql": POSTGRES_ADD, "sqlite": SQLITE_ADD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    statements = {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_bills_payments")]

    operations = [migrations.RunPython(add_triggers, drop_triggers)]
