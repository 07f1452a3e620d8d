"""History for bulk writes: one set-based INSERT ... SELECT into django-simple-history's tables.

Per-object saves get their history from simple-history's signals; bulk paths (the demo, region
loads, imports) call `record_bulk_history` so that no change escapes the record and no ORM
object is built per row.
"""

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, CharField, DateTimeField, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

CREATED, CHANGED, DELETED = "+", "~", "-"


def record_bulk_history(
    queryset: QuerySet[Any],
    *,
    history_type: str,
    actor: Any = None,
    reason: str = "",
    when: datetime | None = None,
) -> int:
    """Copy the current state of every row in `queryset` into its model's history table."""
    model = queryset.model
    history_model = model.history.model  # type: ignore[attr-defined]
    fields = model._meta.concrete_fields
    tracked = [field.attname for field in fields]
    extra = {
        "_history_date": Cast(Value(when or timezone.now()), DateTimeField()),
        "_history_type": Cast(Value(history_type), CharField(max_length=1)),
        "_history_user": Cast(Value(getattr(actor, "pk", None)), BigIntegerField()),
        "_history_reason": Cast(Value(reason[:100] or None), CharField(max_length=100)),
    }
    rows = queryset.order_by().annotate(**extra).values_list(*tracked, *extra)
    select_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = [
        *(history_model._meta.get_field(field.name).column for field in fields),
        "history_date",
        "history_type",
        "history_user_id",
        "history_change_reason",
    ]
    sql = (
        f"INSERT INTO {quote(history_model._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}) {select_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
